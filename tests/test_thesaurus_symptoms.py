"""Crop pests and diseases described by what a farmer sees, second round (issue 12).

Holes and frass, webs and rolled leaves, sticky and greasy leaves, spots by shape and
colour, rots that stink, wilting at noon and plants dying one by one, leaves shrunk,
mottled or thread-like, fruit misshapen, split or dropping, on grains, vegetables,
fruit trees, tea and tubers: a farmer's description gains the disease or pest a
county's entry names; the traps (白粉虱, 吐丝 of maize, nets on a tree, 花钱) gain none.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import added_words, assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("苹果树干往外吐木渣", "天牛"),  # holes and frass
        ("树上有蛀眼还有虫屎", "天牛"),
        ("桃树主干上有虫眼冒红褐色的渣子", "桃红颈天牛"),
        ("葡萄枝蔓上有虫眼", "葡萄透翅蛾"),
        ("玉米杆子里有虫屎", "玉米螟"),
        ("白菜心里有虫屎", "菜螟"),
        ("辣椒果子里有虫屎", "棉铃虫"),
        ("苹果切开里面像豆沙", "食心虫"),
        ("苹果果子上流眼泪", "桃小食心虫"),
        ("树上有虫屎", "虫粪"),
        ("枣树上吐丝结网", "美国白蛾"),  # webs and rolled leaves
        ("茶树叶子卷起来结网", "卷叶蛾"),
        ("叶子卷起来里面有虫", "卷叶螟"),
        ("豆角叶子卷在一起有丝", "豆野螟"),
        ("红薯叶子卷起来有虫", "甘薯麦蛾"),
        ("叶子上一层油粘手", "蚜虫"),  # sticky and greasy
        ("槐树往下滴油", "蚜虫"),
        ("梨树叶子上一层油", "梨木虱"),
        ("叶子上有黑点", "叶斑病"),  # spots
        ("叶子烂穿孔", "穿孔病"),
        ("稻叶上梭子形的斑", "稻瘟病"),
        ("玉米叶子上枣核形的大斑", "大斑病"),
        ("白菜叶子上有轮纹黑斑", "黑斑病"),
        ("黄瓜叶子上有水渍状斑", "霜霉病"),
        ("辣椒叶子上像开水烫过", "疫病"),
        ("葱叶上有锈", "锈病"),
        ("苹果新梢上有白粉", "白粉病"),
        ("茶叶上有白粉", "白星病"),
        ("茶叶叶背锈色", "茶橙瘿螨"),
        ("茶叶被咬出缺口", "茶尺蠖"),
        ("茶叶嫩芽发黑枯了", "芽枯病"),
        ("果树树干长青苔", "地衣"),
        ("柑橘叶子发灰没光泽", "红蜘蛛"),
        ("叶子被吃得全是窟窿", "跳甲"),
        ("苹果叶子上有红褐色斑点", "斑点落叶病"),
        ("葡萄叶子上有褐色斑", "褐斑病"),
        ("柑橘叶子上有凸起的小疙瘩", "溃疡病"),
        ("香蕉叶子发黄枯死", "枯萎病"),
        ("西红柿果子上有褐色一圈圈", "晚疫病"),
        ("谷子看谷老", "白发病"),  # millet
        ("茎秆软腐", "软腐病"),  # rots
        ("萝卜烂了有臭味", "软腐病"),
        ("芋头烂了", "软腐病"),
        ("芋头叶子上有水渍状斑", "疫病"),
        ("辣椒茎基部黑了", "疫病"),
        ("烟株茎基部黑了", "黑胫病"),
        ("土豆皮上有黑色小块洗不掉", "黑痣病"),
        ("草莓根是红的", "根腐病"),
        ("西红柿中午蔫晚上好了", "青枯病"),  # wilting
        ("辣椒晌午耷拉", "枯萎病"),
        ("茄子蔫了", "黄萎病"),
        ("西瓜蔫了", "枯萎病"),
        ("黄瓜塌秧", "枯萎病"),
        ("辣椒一棵一棵的死", "疫病"),
        ("番茄青着死", "青枯病"),
        ("花生发瘟", "青枯病"),
        ("叶子缩成一团", "病毒病"),  # deformities
        ("番茄叶子像线一样细长", "病毒病"),
        ("叶子发花黄一块绿一块", "病毒病"),
        ("黄瓜长得奇形怪状", "畸形果"),
        ("樱桃炸口了", "裂果"),
        ("果子往下掉", "保花保果"),
        ("西红柿花一开就掉", "落花"),
        ("白菜上全是虫眼", "小菜蛾"),
        ("豆角叶子上有虫眼", "夜蛾"),
        ("玉米叶子打绺了", "干旱"),  # rolled tight in a drought
        ("辣椒焉巴了", "疫病"),
    ],
)
def test_what_farmers_see_points_at_the_cause(question: str, term: str) -> None:
    assert says(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("果树上挂防鸟网", "美国白蛾"),  # a grower's net is no web
        ("玉米吐丝期叶子卷了", "卷叶螟"),  # silking maize, not a leaf roller
        ("花钱保不住", "保花保果"),  # 花 of money
        ("叶子花怎么养", "病毒病"),  # bougainvillea
        ("猪中午打蔫", "枯萎病"),  # a listless pig
        ("中午打药会不会蔫", "青枯病"),
        ("茶叶炒出来没光泽", "茶橙瘿螨"),  # dry tea, not a mite
        ("黄瓜叶子上有水渍状斑", "腌制"),  # 渍 of pickling
        ("核桃树干有虫", "食心虫"),  # 桃 inside 核桃
        ("香蕉怎么催熟变黄", "枯萎病"),  # ripening, not a wilt
        ("用什么树的木屑做菌棒", "天牛"),
        ("叶子绿油油的", "蚜虫"),
    ],
)
def test_what_farmers_see_does_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong), added_words(question)


# A county's plant-protection entries, one standard question each.
BASE = [
    Entry("s-1", "果树天牛怎么防治", "钩杀幼虫，蛀孔注药后封口。", [], ["天牛"]),
    Entry("s-2", "玉米螟怎么防治", "心叶末期撒颗粒剂，释放赤眼蜂。", [], ["玉米螟"]),
    Entry("s-3", "美国白蛾怎么防治", "剪除网幕，幼虫期喷药。", [], ["美国白蛾"]),
    Entry("s-4", "蚜虫怎么防治", "黄板诱杀，喷吡虫啉。", [], ["蚜虫"]),
    Entry("s-5", "水稻稻瘟病怎么防治", "破口期喷三环唑。", [], ["稻瘟病"]),
    Entry("s-6", "白菜软腐病怎么防治", "拔除病株，撒石灰，喷农用链霉素。", [], ["软腐病"]),
    Entry("s-7", "茄子黄萎病怎么防治", "嫁接换根，轮作。", [], ["黄萎病"]),
    Entry("s-8", "番茄病毒病怎么防治", "防蚜防粉虱，选抗病品种。", [], ["病毒病"]),
    Entry("s-9", "果树落花落果怎么办", "花期喷硼，控旺保果。", [], ["保花保果"]),
    Entry("s-10", "谷子白发病怎么防治", "药剂拌种，拔除病株。", [], ["白发病"]),
    Entry("s-11", "辣椒疫病怎么防治", "高垄栽培，喷烯酰吗啉。", [], ["疫病"]),
    Entry("s-12", "大葱锈病怎么防治", "发病初期喷三唑酮。", [], ["锈病"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style plant-protection entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("苹果树干往外吐木渣咋办", "s-1"),
        ("玉米杆子里有虫屎", "s-2"),
        ("杨树上结网了", "s-3"),
        ("叶子上一层油粘手咋回事", "s-4"),
        ("稻叶上有梭子形的斑", "s-5"),
        ("白菜烂了发臭", "s-6"),
        ("茄子蔫了咋整", "s-7"),
        ("番茄叶子缩成一团", "s-8"),
        ("果子往下掉咋办", "s-9"),
        ("谷子长成刺猬头了", "s-10"),
        ("辣椒叶子像开水烫过一样", "s-11"),
        ("葱叶上有锈", "s-12"),
    ],
)
def test_farmers_descriptions_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)
