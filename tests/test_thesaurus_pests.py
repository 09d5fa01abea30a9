"""Insect pests as farmers see and name them, in the shipped thesaurus and synonyms (issue 12)."""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from tests.words import says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("包菜上有虫子吊着丝", "小菜蛾"),  # a caterpillar on a silk thread
        ("槐树上的虫子吊着丝往下掉", "尺蠖"),
        ("吊死鬼咋治", "尺蠖"),
        ("苗子晚上被咬断了", "地老虎"),  # seedlings cut off at the soil
        ("玉米苗齐根断了", "地老虎"),
        ("辣椒秧子被咬断", "地老虎"),
        ("地里截虫多", "地老虎"),  # 西南
        ("翻地挖出白色的肉虫子", "蛴螬"),  # grubs in the soil
        ("老母虫咋治", "蛴螬"),
        ("地里挖出金黄色的硬虫", "金针虫"),
        ("蝲蝲蛄把苗拱了", "蝼蛄"),  # 东北
        ("叶子上弯弯曲曲的白道道", "潜叶蝇"),  # winding tunnels
        ("橘子新梢叶子上画地图", "潜叶蛾"),
        ("梨树叶子发黏", "梨木虱"),  # honeydew on pear
        ("橘子树叶子一层黑", "介壳虫"),  # sooty mould on citrus
        ("苹果树枝上一团一团白絮", "苹果绵蚜"),
        ("果树上好多蚂蚁爬上爬下", "蚜虫"),  # ants tend aphids
        ("白菜上小黑虫一碰就跳", "黄条跳甲"),  # tiny jumping insects
        ("萝卜苗叶子全是小洞", "黄条跳甲"),
        ("茶园里好多小绿虫", "叶蝉"),
        ("大葱叶子上全是白点点", "蓟马"),  # silvery specks
        ("树上一窝毛毛虫结了大网", "美国白蛾"),  # webs in a tree
        ("洋辣子蜇人咋办", "刺蛾"),
        ("甘蔗枯心了", "蔗螟"),  # bored stems by crop
        ("豆秆里面有虫", "豆秆黑潜蝇"),
        ("枣里面有虫", "桃小食心虫"),  # worms in fruit by the fruit
        ("石榴里面有虫", "桃蛀螟"),
        ("板栗里面有虫", "栗实象甲"),
        ("芒果里面有蛆", "实蝇"),
        ("辣椒里面有虫", "烟青虫"),
        ("苞米棒子尖上有虫钻", "玉米螟"),
        ("荔枝上有臭屁虫", "荔枝蝽"),  # stink bugs
        ("臭屁虫怎么打", "蝽象"),
        ("麦蛆咋治", "吸浆虫"),  # names heard in other words are leads
        ("麦蚜用啥药", "蚜虫"),
        ("梨小打什么药", "梨小食心虫"),
        ("米里生了米牛子", "储粮害虫"),  # insects in stored grain
        ("绿豆放着生虫了", "豆象"),
        ("粮仓放什么药片", "熏蒸"),
        ("玉米治虫用啥药", "防治"),  # fighting insects
        ("橘子树上有像鸟屎一样的虫", "凤蝶"),  # more pests on their crops
        ("红苕叶子上好多猪儿虫", "甘薯天蛾"),
        ("松树上毛毛虫", "松毛虫"),
        ("葡萄枝条里面有虫", "葡萄透翅蛾"),
        ("枣树嫩叶破破烂烂", "绿盲蝽"),
        ("南瓜苗被黄色甲虫咬", "黄守瓜"),
        ("洋芋窖里有虫道", "马铃薯块茎蛾"),
        ("菜叶上有黏液", "蛞蝓"),
        ("白蚂蚁咋治", "白蚁"),
        ("菜上起腻了", "蚜虫"),
        ("黄瓜叶子背面有白色的小飞虫", "白粉虱"),
        ("花里有细长的小虫", "蓟马"),
        ("挂黄色的板子有用吗", "黄板"),  # traps, nets, natural enemies
        ("地里挂诱虫灯", "杀虫灯"),
        ("梨园挂迷向丝", "性诱剂"),
        ("大棚风口上纱网", "防虫网"),
        ("放赤眼蜂治玉米螟", "生物防治"),
    ],
)
def test_what_farmers_see_points_at_the_pest(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("水稻秆子被虫钻了", "玉米螟"),  # a rice stem borer is no corn borer
        ("玉米叶子被虫吃了", "菜青虫"),  # cabbage caterpillars only on cabbages
        ("大豆叶子被吃光了", "菜青虫"),
        ("花生叶子被吃了", "蛴螬"),  # leaves, not the pods grubs eat
        ("拿到集上卖去", "吸浆虫"),  # 卖去 sounds like 麦蛆
        ("麦子卖惨了", "黏虫"),  # 卖惨 like 麦蚕
        ("茶叶价格跳水了", "叶蝉"),  # a price jumping is no leafhopper
        ("白菜价格跳水", "黄条跳甲"),
        ("玉米用什么药除草", "储粮害虫"),  # a field question is no store's
        ("玉米象怎么防", "玉米螟"),  # a store's weevil, no corn in the field
        ("苗出得齐刷刷的", "地老虎"),
        ("晚上下雨苗倒了", "地老虎"),
        ("韭菜叶子上有白点", "蓟马"),  # on chives that is grey mould
        ("蜜蜂蜇人", "刺蛾"),
        ("八角怎么种", "刺蛾"),  # 八角 is star anise, 八角虫 a caterpillar
        ("辣椒果子上有虫眼", "食心虫"),  # fruit moths only on fruit trees
        ("白菜没心了", "菜螟"),  # a cabbage not heading is no borer
        ("梨园挂迷向丝", "储粮害虫"),  # 迷向 sounds like 米象
        ("这大米香不香", "储粮害虫"),
        ("放蜂去哪里好", "生物防治"),  # moving bee hives is no biological control
        ("羊被狗咬了要打疫苗吗", "地老虎"),  # 苗 of 疫苗 is no seedling
        ("晚上打了疫苗小猪没了", "地老虎"),
        ("鸡打了疫苗流鼻涕", "蛞蝓"),
        ("羊吃了树叶", "夜蛾"),  # an animal eating leaves is no caterpillar
        ("大白菜叶子能吃吗", "菜青虫"),
        ("土里有小白虫", "蛴螬"),  # small white maggots are no grubs
        ("叶子弯曲的厉害", "潜叶蝇"),
    ],
)
def test_pest_leads_need_their_crop_or_a_second_word(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "planting")


BASE = [
    _entry("veg-1", "甘蓝小菜蛾怎么防治", ["甘蓝", "小菜蛾"]),
    _entry("veg-2", "萝卜黄条跳甲怎么防治", ["萝卜", "黄条跳甲"]),
    _entry("veg-3", "蔬菜潜叶蝇怎么防治", ["蔬菜", "潜叶蝇"]),
    _entry("soil-1", "地老虎怎么防治", ["地老虎", "地下害虫"]),
    _entry("soil-2", "蛴螬怎么防治", ["蛴螬", "地下害虫"]),
    _entry("corn-1", "玉米螟怎么防治", ["玉米", "玉米螟"]),
    _entry("rice-1", "水稻二化螟怎么防治", ["水稻", "二化螟"]),
    _entry("pear-1", "梨木虱怎么防治", ["梨", "梨木虱"]),
    _entry("citrus-1", "柑橘潜叶蛾怎么防治", ["柑橘", "潜叶蛾"]),
    _entry("jujube-1", "枣树桃小食心虫怎么防治", ["枣", "桃小食心虫"]),
    _entry("tree-1", "美国白蛾怎么防治", ["美国白蛾"]),
    _entry("grain-1", "储粮害虫怎么防治", ["储粮害虫", "熏蒸"]),
    _entry("wheat-1", "小麦吸浆虫怎么防治", ["小麦", "吸浆虫"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("包菜上有虫子吊着丝", "veg-1"),
        ("萝卜苗上小黑虫一碰就跳", "veg-2"),
        ("黄瓜叶子上弯弯曲曲的白道道", "veg-3"),
        ("苗子晚上被咬断了咋办", "soil-1"),
        ("翻地挖出好多白色的肉虫子", "soil-2"),
        ("梨树叶子发黏发黑", "pear-1"),
        ("橘子新梢叶子上画地图", "citrus-1"),
        ("枣里面有虫咋治", "jujube-1"),
        ("树上一窝毛毛虫结了大网", "tree-1"),
        ("米里生了米牛子咋办", "grain-1"),
        ("麦蛆咋治", "wheat-1"),
        ("苞谷秆子被虫钻了", "corn-1"),
        ("稻子秆里有虫钻", "rice-1"),
        ("稻子钻心虫咋治", "rice-1"),  # 钻心虫 is the borer of the crop named
    ],
)
def test_farmer_words_find_the_pest_entry(base: KnowledgeSearch, query: str, expected: str) -> None:
    outcome = base.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected, outcome
    assert outcome.decision is not Decision.decline, outcome


def test_a_pest_not_in_the_base_is_not_answered(base: KnowledgeSearch) -> None:
    outcome = base.search("荔枝上有臭屁虫咋办")
    assert outcome.decision is not Decision.answer, outcome


def test_a_rice_borer_does_not_get_the_corn_borer_entry() -> None:
    without_rice = searched(e for e in BASE if e.id != "rice-1")
    outcome = without_rice.search("稻子秆里有虫钻")
    assert outcome.decision is not Decision.answer or outcome.best.entry_id != "corn-1", outcome
