"""Words read off two bases' misses, and the crop a pest names (issue 12, round 13).

A 海南 base written as the farmer's problem (豇豆叶子背面有白粉) and a 江淮 base of terse
titles (小麦播量, 梨木虱防治) showed: 豆角 is the cowpea where a base has no other 豆角; pear
scab (疮痂病) is 黑星病; red wheat heads (红麦头) are scab; weeds by name (猪秧秧 typed for
猪殃殃, 看麦娘); grain weevils (蛘子); the cold store's 几度; vines that branch (分叉);
the money of a sale asked after (卖菜的钱几时到), the truck's fee (拉货几块钱一趟), a
station with anyone in (礼拜天站里有人无), prices every day subscribed (订阅蒜价) or
stopped (天天发价格 烦死了 咋关), traditional characters (换成繁体字). A pest named with its
crop (梨木虱) names the crop of the question too, as typed (飞虱 is not 稻飞虱's rice);
and an entry that shares only the crop with a question ranks below one that covers
what is asked.
"""

from __future__ import annotations

import pytest

from knowledge.kb.decision import Decision
from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import assert_ranked_first, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("梨子疮痂病咋治", "黑星病"),
        ("红麦头咋防", "赤霉病"),
        ("地蛆咬蒜 灌啥药", "根蛆"),
        ("卷叶虫咋搞", "稻纵卷叶螟"),
        ("麦田里猪秧秧多 打啥除草剂", "杂草"),
        ("麦地看麦娘咋除", "除草"),
        ("粮食里长蛘子了咋弄", "储粮害虫"),
        ("囤子里粮食能放药不", "储粮"),
        ("梨子放冷库几度", "温度"),
        ("凉瓜分叉太多 要剪无", "整枝"),
        ("西瓜留几条藤", "整枝"),
        ("早造几时浸种", "早稻"),
        ("插秧机株距调多少", "密度"),
        ("小麦一亩下几斤种", "播种量"),
        ("种蒜前蒜瓣可要泡药", "浸种"),
        ("蒜薹打弯了可能拔了", "采收"),
        ("螃蟹几两算大的", "河蟹"),
        ("白飞虱咋治", "烟粉虱"),
        ("卖菜的钱几时到", "货款"),
        ("上礼拜卖的辣椒 钱还无到卡", "到账"),
        ("拉货几块钱一趟", "收货费用"),
        ("礼拜天站里有人无", "营业时间"),
        ("明个来俺家拉稻子", "收货"),
        ("订阅蒜价", "订阅"),
        ("想天天知道梨子价 咋订", "订阅"),
        ("天天发价格 烦死了 咋关", "退订"),
        ("咋换成繁体字", "语言"),
        ("这个机器人能讲英文无", "语言"),
        ("机器说不清 我要找站长", "人工客服"),
        ("半托是么事", "土地托管"),
        ("冬天羊冻得不行咋办", "保暖"),  # the animal's lead, now that 冬天 alone is no barn
    ],
)
def test_farmers_words_read_off_the_misses(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("补贴钱啥时候到", "货款"),  # money that is no sale's
        ("养老钱什么时候到账", "结算"),
        ("兽医跑一趟多少钱", "收货费用"),
        ("禾不分叉", "整枝"),  # rice tillers are no vine's branches
        ("每天的价格是多少", "订阅"),  # a price asked, not subscribed
        ("天闷 半夜蟹子都爬到塘边上浮头", "河蟹"),
        ("冬天小麦浇冻水", "补饲"),  # winter and frost with no animal: no feeding in the barn
    ],
)
def test_round13_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "pests_diseases")


BASE = [
    _entry("r-1", "梨木虱防治", ["梨", "虫害"]),
    _entry("r-2", "柑橘木虱防治", ["柑橘", "虫害"]),
    _entry("r-3", "梨黑星病", ["梨", "病害"]),
    _entry("r-4", "豇豆叶子背面有白粉", ["豇豆"]),
    _entry("r-5", "豇豆落花落荚怎么预防", ["豇豆", "落花落荚"]),
    _entry("r-6", "斑潜蝇怎么防治", ["斑潜蝇"]),
    _entry("r-7", "稻飞虱防治", ["水稻", "虫害"]),
    _entry("r-8", "茶小绿叶蝉怎么防治", ["茶叶", "叶蝉"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("梨木虱怎么防", "r-1"),  # not the citrus psyllid, though 木虱 is related to both
        ("梨子疮痂病咋治", "r-3"),
        ("豆角叶底白白一层粉", "r-4"),  # 豆角 read as the base's 豇豆
        ("茶园飞虱打啥药", "r-8"),  # 飞虱 folds to 稻飞虱, but the tea garden asks it
    ],
)
def test_the_crop_asked_about_and_what_is_asked(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_ranked_first(base, query, expected)


def test_a_pest_named_with_its_crop_is_on_subject(base: KnowledgeSearch) -> None:
    outcome = base.search("梨木虱打啥药")
    assert outcome.best is not None and outcome.best.entry_id == "r-1"
    assert outcome.decision is not Decision.decline
