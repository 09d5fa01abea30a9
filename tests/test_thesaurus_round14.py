"""Words read off two bases' misses, and crops that share their pests (issue 12, round 14).

A 四川 base whose entries ask two things at once (柠檬流胶病怎么识别？用什么药？) and a 陕西
base of 【topic】 questions (【苹果】腐烂病怎么刮治？) showed: a lead written for 柑橘 must
read 柠檬 and 脐橙 too (the thesaurus's `families`); fruit-county farmers name no crop
(树身子烂了 有酒糟味, 果子烂心); folk and typed names (粗皮病, 棉芽, 锈蜘蛛, 会疡病, 育锥, 代够,
牛牛 for the grain weevil, 冷子 for hail); 蔸 for the foot of a tree; rice seed as 谷种; the
sow that will 下儿; the schedule of a piglet's jabs; a sale's money that does not add up.
The leaf a farmer calls 叶子 is the 叶片 of an admin's answer.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from knowledge.text.thesaurus import Thesaurus
from tests.words import assert_ranked_first, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # Citrus, by any of its names
        ("柠檬树干上冒黄水水 跟胶水一样", "流胶病"),
        ("脐橙枝干流黄水像胶", "流胶病"),
        ("柠檬果上长黄疙瘩 周围一圈黄晕", "溃疡病"),
        ("沃柑会疡病咋防", "溃疡病"),
        ("柠檬枝条从尖尖往下干死", "炭疽病"),
        ("脐橙果皮变黑了像火烧过", "锈壁虱"),
        ("柠檬锈蜘蛛打啥药", "锈壁虱"),
        ("柚子叶子黄一块绿一块", "黄龙病"),
        ("柠檬果子屁股红 上头青", "黄龙病"),
        ("柠檬树蔸蔸烂了", "脚腐病"),
        ("脐橙果面像砂纸一样 好多小粒粒", "砂皮病"),
        ("存的柠檬长绿毛烂了", "青霉病"),
        ("柠檬夏梢冒芽芽 要不要掐", "抹芽"),
        ("花椒树遭蛀杆虫", "天牛"),
        # Fruit trees with no crop named
        ("树身子烂了 按着软 有酒糟味", "腐烂病"),
        ("树杆上起红疙瘩 皮翘起来", "轮纹病"),
        ("苹果粗皮病咋治", "轮纹病"),
        ("果子烂了一圈一圈像年轮", "轮纹病"),
        ("果子切开心子黑了长毛", "霉心病"),
        ("果子烂心咋回事", "霉心病"),
        ("棉芽咋治", "绵蚜"),
        ("树根上一团一团白棉花 捏着冒红水", "绵蚜"),
        ("叶子上鼓起小泡泡 里头有虫", "金纹细蛾"),
        ("果子上有针眼 流白水像淌眼泪", "食心虫"),
        ("袋子里生了白虱子", "粉蚧"),
        ("摘了袋果子朝太阳那面烧成白斑", "日灼"),
        ("卸袋以后果子晒出白疤", "日灼"),
        ("树叶子八月就落光了", "褐斑病"),
        ("嫩叶子上小红点 外圈紫色 叶子扭了", "斑点落叶病"),
        ("猕猴桃枝上冒白浆浆", "溃疡病"),
        ("猕猴桃叶边边焦了卷起来", "褐斑病"),
        ("包谷地来了行军虫", "草地贪夜蛾"),
        ("羊奶头硬了发烫 奶里有疙瘩", "乳房炎"),
        # Rice, sweet potato, maize
        ("秧子心心枯了 一扯就起来", "二化螟"),
        ("谷种要泡几天", "浸种"),
        ("水稻嗮田啥时候", "晒田"),
        ("红苕藤子要不要翻", "翻蔓"),
        ("苞谷秆子底下有豹子花一样的斑", "纹枯病"),
        # Orchard work
        ("树下头铺那个亮膜 啥时候铺", "反光膜"),
        ("冬里树咋剪", "冬季修剪"),
        ("果园遭冷子打了", "冰雹"),
        ("冰包把果子打坏了", "冰雹"),
        ("果子碎碎的长不大 上啥肥", "追肥"),
        ("苹果放土窑里咋放", "贮藏"),
        ("猕猴桃摘下来太硬 咋催软", "催熟"),
        # Typed by sound
        ("农资代够咋弄", "代购"),
        ("柠檬保先咋弄", "保鲜"),
        ("苹果行请在哪看", "行情"),
        ("育锥温度多少", "育雏"),
        ("代购果带", "果袋"),
        ("地力补帖啥时候发", "补贴"),
        ("租冷裤咋收费", "冷库"),
        ("柠檬防动咋弄", "防冻"),
        # Animals
        ("母猪要下儿了准备啥", "产仔"),
        ("肥猪养多久才够斤两", "出栏"),
        ("小猪打预防针的时间表", "免疫程序"),
        ("冬天莫得草了 羊喂啥", "补饲"),
        ("奶羊下奶少", "产奶"),
        ("母羊啥时候配", "配种"),
        # Grain, grading, the station, the bot
        ("麦子里生了牛牛", "储粮害虫"),
        ("八零的七五的果子咋分", "分级"),  # the orchard round's grading lead
        ("结算单上斤数少了 钱对不上", "对账"),
        ("给娃寄一箱苹果到西安", "快递"),
        ("叫个旋耕机咋约", "农机作业"),
        ("土鸡蛋咋卖得出去", "销路"),
        ("咋换成普通话", "语言"),
        # 叶子 is the admin's 叶片
        ("黄瓜叶子发黄", "叶片"),
    ],
)
def test_farmers_words_read_off_the_misses(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("桃树流胶了", "树脂病"),  # the gum lead is citrus's; a peach's is 流胶病 alone
        ("柠檬多少钱一斤", "黄龙病"),
        ("柠檬树长得花花绿绿的叶子好看", "溃疡病"),
        ("苹果树干涂白", "腐烂病"),
        ("玉米钻心虫", "天牛"),  # a stem borer in maize, not a longhorn in a tree
        ("果子颜色一圈红一圈黄", "霉心病"),
        ("预防动物疫病", "防冻"),
        ("牛奶多少钱", "乳房炎"),
        ("鸡蛋价格", "销路"),
        ("手机上约收割机", "预约"),  # the machine itself, not the station's booking
        ("这个机器人能干啥", "农机作业"),
        ("树叶子落了", "褐斑病"),  # leaves fall in autumn; only too early is a disease
        ("秧子长得好", "二化螟"),
        ("谷子价格", "浸种"),
        ("钱啥时候到", "对账"),
        ("寄快递多少钱", "销路"),
        ("母猪不吃食", "产仔"),
        ("柠檬放冷库几度", "青霉病"),
        ("羊寄生虫药多少钱", "运费"),  # 寄生虫 is a name of its own: its 寄 sends nothing
    ],
)
def test_round14_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def test_a_lead_for_one_crop_of_a_family_reads_every_member() -> None:
    data = {
        "symptoms": [{"when": ["柑橘", "黑皮"], "means": ["锈壁虱"]}],
        "families": {"柑橘": ["柠檬", "脐橙"]},
    }
    family = Thesaurus(data)
    alone = Thesaurus({"symptoms": data["symptoms"]})
    for question in ("柠檬黑皮果", "脐橙黑皮"):
        assert [e.terms for e in family.expansions(question, [], _whole)] == [("锈壁虱",)]
        assert alone.expansions(question, [], _whole) == []
    assert family.expansions("苹果黑皮", [], _whole) == []


def _whole(text: str) -> list[str]:
    return [text]


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "plant")


BASE = [
    _entry("ct-1", "柠檬流胶病怎么识别？用什么药？", ["柠檬", "流胶病"]),
    _entry("ct-2", "柠檬溃疡病怎么识别？怎么防？", ["柠檬", "溃疡病"]),
    _entry("ct-3", "柠檬炭疽病怎么防？", ["柠檬", "炭疽病"]),
    _entry("ct-4", "柠檬锈壁虱怎么防？", ["柠檬", "锈壁虱"]),
    _entry("ct-5", "柠檬黄龙病怎么识别？发现了怎么办？", ["柠檬", "黄龙病"]),
    _entry("ct-6", "柠檬叶子发黄缺什么？怎么补？", ["柠檬", "缺素"]),
    _entry("ct-7", "柠檬红蜘蛛怎么看出来？用什么药打？", ["柠檬", "红蜘蛛"]),
    _entry("ct-8", "柠檬脚腐病怎么治？", ["柠檬", "脚腐病"]),
    _entry("ap-1", "【苹果】腐烂病怎么刮治？", ["苹果", "腐烂病"]),
    _entry("ap-2", "【苹果】枝干轮纹病怎么防？", ["苹果", "轮纹病"]),
    _entry("ap-3", "【苹果】霉心病怎么防？", ["苹果", "霉心病"]),
    _entry("ap-4", "【苹果】绵蚜怎么治？", ["苹果", "绵蚜"]),
    _entry("ap-5", "【苹果】日灼怎么预防？", ["苹果", "日灼"]),
    _entry("ap-6", "【苹果】冬季修剪怎么剪？", ["苹果", "修剪"]),
    _entry("ap-7", "【苹果】什么时候摘袋？", ["苹果", "摘袋"]),
    _entry("lv-1", "母猪产前产后怎么管？", ["生猪", "母猪"]),
    _entry("lv-2", "仔猪免疫程序是什么？", ["生猪", "免疫"]),
    _entry("ss-1", "货款金额对不上怎么办？", ["服务站", "货款"]),
    _entry("ss-2", "怎么预约收货？", ["服务站", "收货"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("柠檬树干上流黄水水 像胶一样粘手", "ct-1"),
        ("柠檬枝条从尖尖往下干起死", "ct-3"),
        ("柠檬果子皮变黑像火烧过一样", "ct-4"),
        ("柠檬果子屁股那头红 上头还青", "ct-5"),
        ("柠檬烂蔸蔸咋救", "ct-8"),
        ("树身子烂了一大块 软乎乎的 有酒糟味", "ap-1"),
        ("果子外头好好的 切开心子黑了", "ap-3"),
        ("棉芽咋治", "ap-4"),
        ("卸了袋子果子晒起白疤疤", "ap-5"),
        ("冬里树咋剪", "ap-6"),
        ("母猪要下儿了 准备些啥", "lv-1"),
        ("小猪打预防针的时间表", "lv-2"),
        ("站上给的钱跟我算的不一样", "ss-1"),
    ],
)
def test_the_entry_is_found_from_the_farmers_words(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_ranked_first(base, query, expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # 柠檬叶子发黄缺什么 shares 柠檬叶子 with it and ranks first; the entry read from the
        # sign is among the three, the surest of them. (柠檬叶子黄一块绿一块 花花的 and
        # 树杆上起红疙瘩 rank theirs second, sure of it.) Whether it is offered is the
        # decision's, on the top entry's evidence: offered until round 15's refit, declined
        # after it (top 0.368 against NEAR_AT 0.37); offering when a lower entry is as sure as
        # an answer cost 1.7 points answered on the folds (docs/benchmarks.md, round 15).
        ("柠檬叶子和果子上起黄疙瘩 摸着糙 一圈黄边", "ct-2"),
    ],
)
def test_the_entry_is_among_the_three_from_the_farmers_words(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    outcome = base.search(query)
    three = outcome.results[:3]
    assert expected in [r.entry_id for r in three]
    assert max(three, key=lambda r: r.confidence).entry_id == expected
