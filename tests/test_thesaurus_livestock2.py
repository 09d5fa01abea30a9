"""Cattle, sheep and goat, and pig diseases as farmers describe them (issue 12, round 9).

A farmer says what the animal shows (肚子胀得像鼓, 不倒沫, 起疙瘩, 身上红一块一块, 耳朵发紫,
突然死了) or a disease by a folk or misspelt name; the thesaurus adds the name a county's
extension entry uses, with the animal named in the question. A pest, a cut of meat or a
leaf spot that shares a word with them gains nothing.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from tests.words import added_words, assert_found, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # Cattle
        ("牛身上起了好多疙瘩", "牛结节性皮肤病"),  # the name jieba keeps whole
        ("牛身上起了好多疙瘩", "结节性皮肤病"),
        ("牛身上一身包", "结节性皮肤病"),
        ("牛结节性皮肤病怎么防", "结节性皮肤病"),
        ("牛胀死了", "瘤胃臌气"),
        ("瘤胃鼓气咋治", "瘤胃臌气"),
        ("黄牛肚子鼓得老高", "瘤胃臌气"),
        ("牛不怎么倒沫了", "前胃弛缓"),
        ("牛前胃迟缓吃什么药", "前胃弛缓"),
        ("羊不消化", "瘤胃积食"),
        ("奶牛挤出来的奶有絮状物", "乳房炎"),
        ("牛奶子肿了发硬", "乳房炎"),
        ("牛产后起不来", "产后瘫痪"),
        ("奶牛生产瘫痪", "产后瘫痪"),
        ("小牛拉稀", "犊牛腹泻"),
        ("牛犊子拉白屎", "犊牛腹泻"),
        ("牛发烧流眼泪腿僵", "流行"),  # 牛流行热: jieba cuts 牛|流行|热
        ("牛身上好多壁虱", "蜱虫"),
        ("牛身上有草爬子发烧", "焦虫病"),
        ("黄牛眼睛黄贫血", "焦虫病"),
        ("母羊掉羔子", "布病"),
        ("公羊蛋子肿了", "布病"),
        ("布鲁氏杆菌病", "布病"),
        ("牛两病检测", "结核病"),
        ("黄牛突然死了", "炭疽"),
        ("牛死了口鼻流血", "炭疽"),
        # Sheep and goats
        ("死羊腰子是软的", "肠毒血症"),
        ("膘好的羊先死", "肠毒血症"),
        ("羊昨天还好好的今天死了", "羊快疫"),
        ("羊身上起红疙瘩", "羊痘"),
        ("羊嘴唇烂了", "口疮"),
        ("羊舌头烂了还拉稀", "小反刍兽疫"),
        ("羊蹄子流脓", "腐蹄病"),
        ("羊鼻子里有虫", "蝇蛆病"),  # 羊鼻蝇蛆病: jieba cuts 羊|鼻|蝇蛆病
        ("羊老甩头蹭鼻子", "蝇蛆病"),
        ("羊身上痒掉毛", "疥螨病"),
        ("羊长癞了", "螨病"),
        ("羊屎里有白色的一节一节的虫", "绦虫"),
        ("母羊眼皮发白", "寄生虫"),
        ("羊肝上有水泡", "包虫病"),
        ("羔羊红肠子病", "羔羊痢疾"),
        # Pigs
        ("猪耳朵发紫", "蓝耳病"),
        ("猪耳朵发紫", "非洲猪瘟"),
        ("猪身上红一块一块", "猪丹毒"),
        ("猪身上起方块疹", "猪丹毒"),
        ("猪场猪突然死了好几头", "非洲猪瘟"),
        ("猪发紫不吃", "猪瘟"),
        ("猪喘得厉害", "气喘病"),
        ("猪早上一赶就咳", "气喘病"),
        ("小猪拉黄稀", "仔猪"),
        ("小猪屙黄屎", "白痢"),
        ("一窝小猪都拉稀还脱水", "流行性腹泻"),
        ("断奶小猪眼睛肿", "水肿病"),
        ("猪叫声嘶哑", "水肿病"),
        ("保育猪断奶后越来越瘦", "猪圆环病毒"),
        ("猪圆环病毒咋防", "圆环病毒"),
        ("猪关节肿", "猪链球菌"),
        ("猪关节肿", "副猪嗜血杆菌"),
        ("副猪怎么治", "副猪嗜血杆菌"),
        ("猪蹄壳掉了", "口蹄疫"),
        ("牛舌头起泡", "口蹄疫"),
        ("小猪歪鼻子", "萎缩性"),
        ("饱潲瘟怎么救", "亚硝酸盐中毒"),
        ("猪吃了烂白菜口吐白沫", "亚硝酸盐中毒"),
        ("米猪肉能吃吗", "囊尾蚴"),
        # Regional words
        ("猪仔屙烂屎", "腹泻"),
        ("牛落膘了", "驱虫"),
        ("猪儿身上起红坨坨", "猪丹毒"),  # 西南 doubled words
        ("牛身上起坨坨", "结节性皮肤病"),
        ("羊乏得很不吃草", "精神沉郁"),  # 西北 乏
        ("羊抽风口吐白沫死了", "肠毒血症"),
        # Village dogs
        ("狗发疯咬人", "狂犬病"),
        ("被狗咬了", "狂犬病"),
        ("给狗驱虫防包虫", "包虫病"),
    ],
)
def test_livestock_signs_point_at_disease_names(question: str, term: str) -> None:
    assert says(question, term), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("蜗牛把白菜叶吃了怎么打死", "亚硝酸盐中毒"),  # a snail is no cow
        ("天牛幼虫是白色的虫", "绦虫"),  # a borer's grub is no tapeworm
        ("牛蛙鼓肚子", "瘤胃臌气"),  # a bullfrog is no cow
        ("牛蛙突然死了", "炭疽"),
        ("打药后猪儿虫全死了吗", "非洲猪瘟"),  # a caterpillar is no pig
        ("猪伪狂犬疫苗", "狂犬病"),
        ("羊脑包虫", "包虫病"),  # 多头蚴 is another cyst
        ("猪肉上的蓝色印子能吃吗", "猪丹毒"),  # the inspection stamp on pork
        ("猪肉切成四方块", "猪丹毒"),
        ("吃羊肉不消化", "瘤胃积食"),  # meat on the table, not the animal
        ("吃牛肉补贫血", "焦虫病"),
        ("羊腰子怎么炖烂", "肠毒血症"),
        ("收购商还没付猪钱", "副猪嗜血杆菌"),
        ("果园环境怎么管理", "圆环病毒"),  # 园环 inside 果园环境
        ("叶子上有圆环状的斑", "圆环病毒"),  # a ring-shaped leaf spot
        ("狗尾草长疯了", "狂犬病"),  # a weed growing rank
        ("牛身上狗豆子用啥驱虫药", "包虫病"),  # 狗豆子 is a tick
        ("给羊倒草料没", "前胃弛缓"),  # pouring out feed is no rumination
        ("养老两病门诊怎么报销", "布病"),  # 两病 of people
        ("羊眼屎多", "小反刍兽疫"),
    ],
)
def test_livestock_signs_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong), added_words(question)


# A county's livestock disease entries, one standard question each.
BASE = [
    Entry("l-1", "牛结节性皮肤病如何防控", "紧急免疫山羊痘疫苗，灭蚊蝇蜱。", [], ["牛"]),
    Entry("l-2", "牛瘤胃臌气怎么急救", "插胃管放气，灌服消气灵。", [], ["牛"]),
    Entry("l-3", "奶牛乳房炎怎么治疗", "挤净病乳，乳房内注入抗生素。", [], ["奶牛"]),
    Entry("l-4", "犊牛腹泻怎么防治", "及时吃足初乳，补液防脱水。", [], ["犊牛"]),
    Entry("l-5", "羊肠毒血症怎么预防", "注射三联四防苗，避免突然换料。", [], ["羊"]),
    Entry("l-6", "羊鼻蝇蛆病怎么防治", "夏秋季用伊维菌素驱虫。", [], ["羊"]),
    Entry("l-7", "羊绦虫病怎么驱虫", "用吡喹酮或丙硫咪唑驱虫。", [], ["羊"]),
    Entry("l-8", "猪丹毒怎么治疗", "首选青霉素，连用三天。", [], ["猪"]),
    Entry("l-9", "猪圆环病毒病怎么防控", "接种圆环疫苗，加强保育舍管理。", [], ["猪"]),
    Entry("l-10", "仔猪水肿病怎么防治", "断奶前后减少应激，控制蛋白水平。", [], ["仔猪"]),
    Entry("l-11", "奶牛产后瘫痪怎么治疗", "静脉补钙，乳房送风。", [], ["奶牛"]),
    Entry("l-12", "牛焦虫病怎么防治", "灭蜱，用三氮脒治疗。", [], ["牛"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    """The admin-style livestock entries above."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("牛身上起了好多疙瘩", "l-1"),
        ("牛肚子胀得像鼓", "l-2"),
        ("奶牛挤出来的奶有絮状物", "l-3"),
        ("小牛拉稀咋办", "l-4"),
        ("死羊腰子是软的", "l-5"),
        ("羊鼻子里有虫", "l-6"),
        ("羊屎里有白色的一节一节的虫", "l-7"),
        ("猪身上红一块一块", "l-8"),
        ("保育猪断奶后越来越瘦", "l-9"),
        ("断奶小猪眼睛肿", "l-10"),
        ("牛产后起不来", "l-11"),
        ("牛身上有草爬子发烧", "l-12"),
    ],
)
def test_farmers_livestock_words_find_the_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_found(base, query, expected)


@pytest.mark.parametrize("query", ["快递到了没", "低保啥时候发", "苹果树怎么修剪"])
def test_questions_outside_the_livestock_base_are_not_answered(
    base: KnowledgeSearch, query: str
) -> None:
    assert base.search(query).decision is Decision.decline
