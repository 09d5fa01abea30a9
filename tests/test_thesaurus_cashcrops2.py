"""Cash and industrial crops in farmers' words, second round (issue 12, round 10).

Sugarcane by its compounds (蔗苗, 蔗地, 蔗票), its borers, smut's black whip (黑鞭),
woolly aphids and the mill; tea picked 明前 and 一芽一叶, blister blight as 起泡;
tobacco suckers on 烤烟 and the barn; cotton's old suckers and picking; peanut's pale
young leaves (iron) and rotten pods; rapeseed's 大脑壳 and pods that do not set; sesame's
black stems and bursting pods; a sunflower's rotten or empty head; garlic scapes and
small heads; ginger rot and borers; rings on chillies; shade and harvest of herbs. Each
sign is bound to its crop: 明前 stands inside 清明前, 花 inside 棉花 and 花生, 泡 in 泡茶.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from tests.words import added_words, assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("蔗苗枯心了", "螟虫"),  # sugarcane: borers, by the crop's compounds
        ("蔗地除草用什么药", "甘蔗"),
        ("蔗票什么时候发", "甘蔗"),
        ("蔗螟用什么药", "螟虫"),
        ("甘蔗黑鞭了", "黑穗病"),  # smut's black whip
        ("甘蔗长黑鞭", "黑穗病"),
        ("甘蔗叶子上有白色绵虫", "绵蚜"),  # woolly aphid
        ("甘蔗什么时候砍", "收获"),
        ("糖厂什么时候开榨甘蔗", "收获"),
        ("蔗龟怎么防", "蛴螬"),
        ("甘蔗砍了又发要松蔸不", "宿根"),  # ratoon cane
        ("蔗种切口发红有菠萝香味", "凤梨病"),  # cane sets rotting
        ("甘蔗剖开里面发红有酒味", "赤腐病"),
        ("甘蔗叶子扭曲打结", "梢腐病"),
        ("甘蔗种茎砍几个芽", "种苗"),
        ("明前茶什么时候采", "采摘"),  # tea picking
        ("一芽一叶怎么采", "茶叶"),
        ("茶叶上起白泡", "茶饼病"),  # blister blight
        ("茶树叶子起泡", "茶饼病"),
        ("茶树白泡病", "茶饼病"),
        ("烤烟抹杈", "抑芽"),  # tobacco suckers
        ("黄烟打杈用什么药", "抑芽"),
        ("烤房温度变黄期多少度", "烘烤"),  # the barn
        ("棉花打老杈", "整枝"),  # cotton
        ("棉花剪空枝", "整枝"),
        ("棉花采摘", "采收"),
        ("烤烟留几片叶", "打顶"),  # tobacco topping, seedbed
        ("烟苗怎么育", "育苗"),
        ("茶叶怎么炒", "茶叶加工"),
        ("毛嗑什么时候收", "收获期"),
        ("大蒜种多深", "播种深度"),
        ("宿根蔗怎么管", "甘蔗"),
        ("宿根甘蔗怎么管", "宿根蔗"),  # ratoon cane is kept whole
        ("棉花无头棉", "蓟马"),
        ("茶叶采收", "采摘"),  # picking is close to harvest
        ("花生叶子发白", "缺铁"),  # peanut: iron on limy land
        ("花生新叶黄", "缺铁"),
        ("花生烂荚", "果腐病"),
        ("花生喷壮饱安", "控旺"),
        ("花生烂种", "拌种"),
        ("油菜大脑壳", "根肿病"),  # rapeseed clubroot
        ("青菜长了大脑壳", "根肿病"),
        ("菜籽不结角", "缺硼"),
        ("油菜什么时候喷硼", "硼肥"),
        ("油菜红叶", "缺磷"),
        ("油菜冬前抽薹", "早薹早花"),
        ("芝麻黑秆", "茎点枯病"),  # sesame
        ("芝麻炸荚", "收获期"),
        ("芝麻什么时候收", "收获期"),
        ("芝麻叶子上有大青虫", "芝麻天蛾"),
        ("葵花盘烂了", "菌核病"),  # sunflower
        ("毛嗑盘子烂了", "菌核病"),
        ("葵花空壳多", "授粉"),
        ("蒜薹什么时候提", "采收"),  # garlic
        ("大蒜蒜头小", "膨大"),
        ("大蒜烂瓣", "白腐病"),
        ("生姜烂了", "姜瘟病"),  # ginger
        ("生姜钻心虫", "姜螟"),
        ("辣椒果子上有圆圈", "炭疽病"),  # chillies
        ("干椒收购价", "辣椒"),  # dried chillies, not 甘蕉 by sound
        ("油葵什么时候种", "向日葵"),
        ("糖料蔗补贴", "甘蔗"),
        ("黄连怎么搭棚", "遮阴"),  # herbs
        ("黄连什么时候挖", "采收"),
        ("党参几年能挖", "采收"),
        ("双花怎么采", "采收"),
        ("金银花二白期", "采收"),
    ],
)
def test_cash_crop_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("清明前种玉米行不行", "茶叶"),  # 明前 inside 清明前
        ("清明前后种花生", "茶叶"),
        ("蔗糖喂蜜蜂", "甘蔗"),  # sugar is no cane field
        ("泡茶用多少度的水", "茶饼病"),  # 泡 of brewing
        ("茶叶泡水喝", "茶饼病"),
        ("棉花糖", "整枝"),
        ("小孩大脑壳", "根肿病"),  # a big head, no crop
        ("玉米秆子发黑", "茎点枯病"),  # sesame's only
        ("油菜籽价格", "缺硼"),
        ("葵花籽多少钱", "授粉"),
        ("白萝卜头小", "膨大"),  # garlic's only
        ("葡萄打杈", "抑芽"),  # tobacco's only
        ("黄瓜打杈", "抑芽"),
        ("二花脸母猪", "采收"),  # a pig breed, no honeysuckle
        ("金银花茶怎么泡", "采收"),
        ("花生地里长草", "采收"),
        ("干椒收购价", "香蕉"),
        ("甘蔗种茎砍几个芽", "收获"),  # cutting seed cane is no harvest
        ("甘蔗凤梨病", "菠萝"),  # a disease of cane sets
    ],
)
def test_cash_crop_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong), added_words(question)


# A county's cash-crop entries, one standard question each.
BASE = [
    Entry(
        "c-1", "甘蔗螟虫怎么防治", "苗期枯心初现时喷氯虫苯甲酰胺，中后期放赤眼蜂。", [], ["螟虫"]
    ),
    Entry(
        "c-2", "甘蔗黑穗病怎么防治", "选抗病品种，拔除病株烧毁，种苗用多菌灵浸种。", [], ["黑穗病"]
    ),
    Entry("c-3", "甘蔗绵蚜怎么防治", "发生初期喷吡虫啉或噻虫嗪，保护瓢虫。", [], ["绵蚜"]),
    Entry("c-4", "茶饼病怎么防治", "雨季前喷多抗霉素或三唑酮，及时修剪通风。", [], ["茶饼病"]),
    Entry("c-5", "名优茶采摘标准是什么", "明前茶采单芽或一芽一叶初展，不采雨水叶。", [], ["采摘"]),
    Entry("c-6", "烤烟打顶后怎么抑芽", "打顶后用仲丁灵或氟节胺杯淋，一次抹净腋芽。", [], ["抑芽"]),
    Entry("c-7", "花生缺铁黄化怎么办", "叶面喷硫酸亚铁或螯合铁，连喷两三次。", [], ["缺铁"]),
    Entry("c-8", "油菜根肿病怎么防治", "酸性土撒石灰，用氟啶胺处理苗床，轮作。", [], ["根肿病"]),
    Entry(
        "c-9",
        "芝麻茎点枯病怎么防治",
        "轮作，种子用多菌灵拌种，初花期喷甲基硫菌灵。",
        [],
        ["茎点枯病"],
    ),
    Entry("c-10", "向日葵菌核病怎么防治", "轮作，开花期喷菌核净或腐霉利。", [], ["菌核病"]),
    Entry("c-11", "蒜薹什么时候采收", "蒜薹弯钩变白时下午采收。", [], ["采收"]),
    Entry("c-12", "生姜姜瘟病怎么防治", "选无病姜种，发病拔除病株，用噻菌铜灌根。", [], ["姜瘟病"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style cash-crop entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("蔗苗枯心了咋整", "c-1"),
        ("甘蔗长黑鞭了怎么办", "c-2"),
        ("甘蔗叶子上有白色绵虫", "c-3"),
        ("茶叶上起白泡咋回事", "c-4"),
        ("烤烟抹杈用啥药", "c-6"),
        ("花生叶子发白咋回事", "c-7"),
        ("油菜长了大脑壳咋办", "c-8"),
        ("芝麻黑秆是啥病", "c-9"),
        ("毛嗑盘子烂了咋办", "c-10"),  # 葵花 is a subject of its own: see the report
        ("蒜薹什么时候提", "c-11"),
        ("生姜烂了怎么办", "c-12"),
    ],
)
def test_farmers_cash_crop_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)


@pytest.mark.parametrize("query", ["猪拉稀咋办", "快递到了没", "低保啥时候发"])
def test_questions_outside_the_cash_crop_base_are_not_answered(
    base: KnowledgeSearch, query: str
) -> None:
    assert base.search(query).decision is Decision.decline
