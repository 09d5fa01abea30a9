"""Northern farmers' words (issue 12, round 11): 西北 (陕甘宁青), 晋语 (山西, 陕北, 内蒙西部),
东北 and 冀鲁豫.

Livestock by its northern names (头口, 牲灵, 骒马, 儿马, 犍牛) and the bloat (气臌);
tending a crop or a tree (侍弄, 经管, 拾掇); field work (耪, 耱, 耢, 送粪, 扬场, 拉秧, 歇地);
herders' hay-making (打草 with the stock named); the maize's silks (胡子) and cob (瓤子);
weather and land (天干, 白毛风, 黄风, 上冻, 化冻, 胶泥); pests by their folk names (家雀,
老家贼, 老鸹, 大眼贼, 地羊, 铁皮病, 葱蛆, 潮虫, 列当, 黄丝藤); asking where (阿达, 哪搭).
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("头口不吃草咋整", "牲口"),  # 冀鲁豫, 晋, 东北
        ("牲灵拉稀", "牲口"),  # 陕北
        ("骒马怀驹了咋喂", "母马"),
        ("儿马子咋骟", "公马"),
        ("犍牛咋育肥", "公牛"),
        ("牛气臌了", "瘤胃臌气"),
        ("羊吃了苜蓿鼓气", "瘤胃臌气"),
        ("咋侍弄庄稼", "管理"),
        ("拾掇果树啥时候", "修剪"),
        ("开春拾掇地", "整地"),
        ("伺候牛有啥讲究", "饲养管理"),
        ("耪棒子几遍", "中耕"),
        ("耱地保墒", "整地"),
        ("耢地", "耙地"),
        ("送粪下地", "农家肥"),
        ("扬场晒麦", "脱粒"),
        ("黄瓜拉秧以后种啥", "清园"),
        ("歇地一年好不好", "休耕"),
        ("冬天打草喂羊", "饲草"),
        ("苞米胡子黑了", "花丝"),
        ("玉米瓤子能喂牛吗", "玉米芯"),
        ("天干得很苗子蔫了", "干旱"),
        ("白毛风羊冻死了", "雪灾"),
        ("刮黄风苗子打死了", "风灾"),
        ("上冻前浇水", "越冬"),
        ("化冻了能种吗", "解冻"),
        ("胶泥地种啥好", "黏土"),
        ("家雀吃谷子咋整", "鸟害"),
        ("老家贼糟蹋麦子", "麻雀"),
        ("老鸹啄苞米", "鸟害"),
        ("大眼贼咋治", "鼠害"),
        ("地羊咋逮", "鼠害"),
        ("枣子铁皮病", "缩果病"),
        ("葱蛆咋治", "种蝇"),
        ("潮虫吃苗", "鼠妇"),
        ("向日葵长列当", "列当"),
        ("黄丝藤缠豆子", "菟丝子"),
        ("补贴在阿达领", "申请"),
    ],
)
def test_northern_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("一头口蹄疫的牛", "牲口"),  # 头口 inside 一头 + 口蹄疫
        ("黄鼠狼叼鸡", "鼠害"),  # a weasel is no rodent pest
        ("锄头打草咋打", "饲草"),  # weeding, no stock named
        ("潮虫吃苗", "巢虫"),  # the woodlouse, not the wax moth
        ("棚里上冻了", "越冬"),  # a frozen greenhouse wants heat, not winter water
        ("玉米须能泡水喝吗", "玉米芯"),
        ("拾掇牲口圈", "修剪"),
    ],
)
def test_northern_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "planting")


BASE = [
    _entry("nd-1", "牛瘤胃臌气怎么急救", ["牛肉", "瘤胃臌气"]),
    _entry("nd-2", "果树冬季修剪要点", ["果树", "修剪"]),
    _entry("nd-3", "冬小麦什么时候浇越冬水", ["小麦", "越冬水"]),
    _entry("nd-4", "如何防治农田鼠害", ["鼠害"]),
    _entry("nd-5", "如何防止麻雀等鸟害", ["鸟害"]),
    _entry("nd-6", "干旱时怎样抗旱保苗", ["干旱", "抗旱"]),
    _entry("nd-7", "冬季牛羊饲草怎么储备", ["饲草", "牛肉", "羊肉"]),
    _entry("nd-8", "玉米田怎样中耕除草", ["玉米", "中耕", "除草"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("牛气臌了咋整", "nd-1"),
        ("拾掇果树咋拾掇", "nd-2"),
        ("麦子上冻前浇水不", "nd-3"),
        ("地里大眼贼多咋治", "nd-4"),
        ("老家贼糟蹋庄稼咋办", "nd-5"),
        ("天干得很苗子咋保", "nd-6"),
        ("冬天打草喂羊打多少", "nd-7"),
        ("耪棒子耪几遍", "nd-8"),
    ],
)
def test_farmer_words_find_the_northern_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)
