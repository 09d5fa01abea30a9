"""Field crops and vegetables: what farmers see points at the disease or pest (issue 12)."""

from __future__ import annotations

import pytest

from knowledge.text.tokenize import tokenizer
from tests.words import added_words


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("麦子叶子上一条一条的黄粉", "条锈病"),  # wheat
        ("麦叶上有红褐色的小点点", "叶锈病"),
        ("麦穗半截白了", "赤霉病"),
        ("小麦一拔就起根发黑", "全蚀病"),
        ("麦穗上有小红虫", "吸浆虫"),
        ("水稻脖子发黑断了", "稻瘟病"),  # rice
        ("稻子一片一片像火烧过", "稻飞虱"),
        ("稻叶子边上发白枯了", "白叶枯病"),
        ("稻子枯心了秆里有虫", "二化螟"),
        # 稻 of 水稻 is blanked with the crop name: the lead names 水稻 itself.
        ("水稻田里好多螺", "福寿螺"),
        ("苞米秆子上长了个大白包", "瘤黑粉病"),  # corn
        ("玉米叶子拧成鞭子一样", "蓟马"),
        ("玉米虫子头上有个倒Y", "草地贪夜蛾"),
        ("玉米青枯了一大片", "茎腐病"),
        ("油菜秆子发白里面有老鼠屎", "菌核病"),  # rapeseed
        ("花生根上有白毛", "白绢病"),  # peanut
        ("棉花叶子像西瓜皮", "黄萎病"),  # cotton
        ("洋芋秧子底下发黑烂了", "黑胫病"),  # potato
        ("红苕有黑疤吃着发苦", "黑斑病"),  # sweet potato
        ("西红柿叶子背面长黑毛", "叶霉病"),  # vegetables
        ("茄子半边叶子黄", "黄萎病"),
        ("辣椒嫩叶变小发亮往下卷", "茶黄螨"),
        ("黄瓜顶上全是花", "花打顶"),
        ("豇豆叶子背面黑乎乎的", "煤霉病"),
        ("地里土拱起一道道的", "蝼蛄"),
        ("豆地里火龙秧子咋治", "孢囊线虫"),  # a folk name on its crop
        ("大白菜烂疙瘩了", "软腐病"),
    ],
)
def test_what_farmers_see_points_at_the_cause(question: str, term: str) -> None:
    tok = tokenizer()
    assert set(tok.tokens(term)) <= added_words(question) | set(tok.tokens(question))


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("稻子穗子发白", "赤霉病"),  # white heads of rice are no wheat scab
        ("麦穗发白了", "稻瘟病"),  # nor white heads of wheat rice blast
        ("苹果叶子上有斑点", "大斑病"),  # corn leaf blight only on corn
        ("玉米生虫了", "储粮害虫"),  # a pest in the field is not one in the store
        ("辣椒苗长得细高", "恶苗病"),  # bakanae only on rice
        ("种红薯太辛苦了", "黑斑病"),  # 苦 of 辛苦 is no bitter tuber
        ("圆白菜不包邮吗", "结球"),  # 不包邮 is no cabbage failing to head
        ("小麦打矮壮素叶子发黄", "丛矮病"),  # 矮 of 矮壮素 is no dwarfing
        ("豆地里火龙秧子咋治", "红蜘蛛"),  # 火龙 of 火龙秧子 is no mite
        ("地里裂了一道道口子", "蝼蛄"),  # drought cracks are no mole crickets
    ],
)
def test_field_crop_leads_need_their_crop(question: str, wrong: str) -> None:
    tok = tokenizer()
    assert not set(tok.tokens(wrong)) <= added_words(question) | set(tok.tokens(question))
