"""Messages typed in pinyin: told from English, read in characters, searched and routed."""

from __future__ import annotations

from datetime import time

import pytest

from bot.alerts.parsing import read_request
from bot.models.alerts import AlertKind
from knowledge.kb.entries import Entry, read_shipped
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.intent import Kind, classify, in_characters
from knowledge.text.pinyin import has_pinyin, is_pinyin, read
from tests.words import searched

# The messages the issue names, and what a farmer typing characters would have sent.
FARMERS = [
    ("xihongshi jiage", "西红柿价格"),
    ("tudou duoshao qian", "土豆多少钱"),
    ("yumi yezi fahuang zenmeban", "玉米叶子发黄怎么办"),
    ("yuyue shouhuo", "预约收货"),
    ("wo yao dingyue dasuan jiage", "我要订阅大蒜价格"),
]


@pytest.fixture(scope="module")
def shipped() -> KnowledgeSearch:
    """The search over the shipped knowledge base."""
    return searched(read_shipped())


# --- pinyin or English ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        *(typed for typed, _ in FARMERS),
        "xiaomai chibingbing",
        "xihongshijiage",  # no spaces
        "xi hong shi jia ge",  # a space between every syllable
        "Xihongshi Jiage",  # a phone's capital first letter
        "XIHONGSHI JIAGE",
        "xi1hong2shi4 jia4ge2",  # tone digits
        "xīhóngshì jiàgé",  # tone marks
        "lvse shucai",  # ü as v
        "lüse shucai",
        "luse shucai",  # ü as u
        "xi'an",  # an apostrophe between syllables: two of them
        "ni hao",
        "haode",
        "tudou 2000 jin duoshao qian",  # a number among the pinyin
        "tudou 50kg jiage",  # a number's unit is not pinyin, nor in its way
        "zhu la xi?",
    ],
)
def test_pinyin_is_told_from_english(text: str) -> None:
    assert is_pinyin(text)
    assert has_pinyin(text)


@pytest.mark.parametrize(
    "text",
    [
        "price",
        "my tomato leaves are yellow",
        "help",
        "hi",
        "ok",
        "/start",
        "hello",
        "thanks",
        "price of tomatoes",
        "potatoes at Xinfadi",
        "I have 1000 jin of corn to sell",
        "2000 jin",  # an amount as the bot's English hints write it
        # One syllable alone: an English word as often as not, too little to read.
        "a",
        "men",
        "hen",
        "wan",
        "e",
        # Every word an English word, though every one splits into syllables.
        "one more time",
        "china",
        "june",
        "banana",  # a product's English name too
        "can you see me",
        "",
        "123",
        "西红柿价格",
    ],
)
def test_english_and_the_rest_are_not_pinyin(text: str) -> None:
    assert not is_pinyin(text)


def test_pinyin_among_characters_is_read_word_by_word() -> None:
    assert not is_pinyin("xihongshi 多少钱")  # not all pinyin ...
    assert has_pinyin("xihongshi 多少钱")  # ... but it has some to read
    assert has_pinyin("土豆 jiage")
    # Capitals are an abbreviation, an English word is English, a unit is a unit.
    assert not has_pinyin("用DAP还是尿素")
    assert not has_pinyin("尿素 price")
    assert not has_pinyin("土豆50kg")


# --- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "chinese"), FARMERS)
def test_the_issues_messages_read_as_the_farmer_meant(typed: str, chinese: str) -> None:
    assert in_characters(typed) == chinese


@pytest.mark.parametrize(
    ("typed", "chinese"),
    [
        ("xihongshijiage", "西红柿价格"),
        ("xi hong shi jia ge", "西红柿价格"),  # a word across the spaces of its syllables
        ("XIHONGSHI JIAGE", "西红柿价格"),
        ("xīhóngshì jiàgé", "西红柿价格"),
        ("lvse shucai", "绿色蔬菜"),
        ("luse shucai", "绿色蔬菜"),
        ("xihongshi 多少钱", "西红柿 多少钱"),  # mixed: the characters stay
        ("土豆 jiage", "土豆 价格"),
        ("tudou 2000 jin", "土豆 2000 斤"),  # after a number, jin is its unit
        ("liangqian jin yumi", "两千斤玉米"),
        ("yangyu laoshi faya zenmeban", "洋芋老是发芽怎么办"),  # a dialect name
        ("ji wen zenme zhi", "鸡瘟怎么治"),  # a pest's name over 积温
        ("zhu la xi", "猪拉稀"),  # one syllable: the character FarmHub's words have (not 住)
        ("mingtian lai shou baicai", "明天来收白菜"),
        ("price", "price"),  # English: as it was
        ("西红柿价格", "西红柿价格"),
    ],
)
def test_reading(typed: str, chinese: str) -> None:
    assert in_characters(typed) == chinese


def test_typed_tones_choose_between_words_of_the_same_syllables() -> None:
    assert in_characters("wo yao mai3 huafei") == "我要买化肥"
    assert in_characters("wo yao mai4 yumi") == "我要卖玉米"


def test_syllables_no_word_covers_become_their_most_frequent_characters() -> None:
    read_as = in_characters("xiaomai chibingbing")
    assert read_as.startswith("小麦") and len(read_as) == 5  # one character a syllable
    assert all("\u4e00" <= c <= "\u9fff" for c in read_as)


def test_the_intent_rules_words_are_known() -> None:
    # 再见 and 主菜单 are words of the chatter rules, not of jieba's everyday ones.
    assert (read("zaijian"), read("zhucaidan")) != ("再见", "主菜单")
    assert (in_characters("zaijian"), in_characters("zhucaidan")) == ("再见", "主菜单")
    assert classify("zaijian").extras == {"topic": "bye"}


# --- routing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind", "products"),
    [
        ("xihongshi jiage", Kind.price, ("西红柿",)),
        ("tudou duoshao qian", Kind.price, ("土豆",)),
        ("xihongshi 多少钱", Kind.price, ("西红柿",)),
        ("土豆 jiage", Kind.price, ("土豆",)),
        ("yumi yezi fahuang zenmeban", Kind.knowledge, ("玉米",)),
        ("yuyue shouhuo", Kind.booking, ()),
        ("wo yao dingyue dasuan jiage", Kind.subscribe, ("大蒜",)),
        ("tuiding", Kind.unsubscribe, ()),
        ("wode yuyue", Kind.my_bookings, ()),
        ("nali shou yumi", Kind.demand, ("玉米",)),
        ("wo you liangqian jin yumi yao mai", Kind.supply, ("玉米",)),
        ("zuijin de fuwuzhan zai nali", Kind.station, ()),
        ("ni hao", Kind.greeting, ()),
        ("xiexie", Kind.thanks, ()),
    ],
)
def test_pinyin_is_routed_as_its_characters_are(
    typed: str, kind: Kind, products: tuple[str, ...]
) -> None:
    intent = classify(typed)
    assert (intent.kind, intent.products) == (kind, products)


def test_an_amount_in_pinyin_is_an_amount() -> None:
    intent = classify("wo you liangqian jin yumi yao mai")
    assert intent.quantity is not None and intent.quantity.value == 2000
    assert classify("tudou 2000 jin").quantity is not None


@pytest.mark.parametrize(
    ("typed", "chinese"),
    [
        ("san kuai wu", "三块五"),  # not 三块无
        ("ba dian ban", "八点半"),  # not 把点半
        ("sanbai jin tudou", "三百斤土豆"),
        ("houtian shangwu jiu dian lai shou", "后天上午九点来收"),  # not 晌午酒店
    ],
)
def test_numbers_and_times_in_pinyin(typed: str, chinese: str) -> None:
    assert in_characters(typed) == chinese


def test_an_alert_asked_in_pinyin_keeps_its_price_and_time() -> None:
    above = read_request("xihongshi zhangdao san kuai wu tixing wo", time(7))
    assert (above.products, above.kind, above.threshold) == (("西红柿",), AlertKind.above, 3.5)
    daily = read_request("meitian zaoshang ba dian gaosu wo tudou jiage", time(7))
    assert (daily.products, daily.kind, daily.at_time) == (("土豆",), AlertKind.daily, time(8))


@pytest.mark.parametrize("text", ["price", "help", "hi", "ok", "my tomato leaves are yellow"])
def test_english_is_classified_as_before(text: str) -> None:
    assert classify(text).text == text


# --- searching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "chinese"),
    [
        ("yumi miao fahuang zenmeban", "玉米苗发黄怎么办"),
        ("yangyu laoshi faya zenmeban", "洋芋老是发芽怎么办"),
        ("fuwuzhan jidian kaimen", "服务站几点开门"),
        ("zenme qiehuan yuyan", "怎么切换语言"),
        ("muji bu xiadan le", "母鸡不下蛋了"),
        ("xihongshi 屁股发黑", "西红柿屁股发黑"),
    ],
)
def test_a_question_in_pinyin_finds_what_its_characters_find(
    shipped: KnowledgeSearch, typed: str, chinese: str
) -> None:
    by_pinyin, by_characters = shipped.search(typed), shipped.search(chinese)
    assert by_characters.decision is Decision.answer
    assert by_pinyin.decision is Decision.answer
    assert by_pinyin.best == by_characters.best


def _entry(entry_id: str, question: str, answer: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, answer, [], tags, "pests_diseases")


COUNTY = [
    _entry(
        "kiwi", "猕猴桃溃疡病怎么防治", "冬季清园，剪除病枝，伤口涂药保护。", ["猕猴桃", "溃疡病"]
    ),
    _entry("weeds", "玉米三叶期打什么除草剂", "三叶期到五叶期，用烟嘧磺隆茎叶处理。", ["玉米"]),
    _entry("apple", "苹果树怎么剪枝", "冬剪为主，疏除过密枝。", ["苹果", "剪枝"]),
]


def test_a_countys_own_base_is_searched_in_pinyin() -> None:
    county = searched(COUNTY)
    found = county.search("mihoutao kuiyangbing")
    assert found.best is not None and found.best.entry_id == "kiwi"
    assert found.decision is not Decision.decline


def test_a_word_only_the_countys_base_has_is_read_as_it() -> None:
    # 三叶期 (the three-leaf stage) is no word FarmHub ships: without the base the
    # syllables are read as other words, with it as the base's.
    assert in_characters("yumi sanyeqi") != "玉米三叶期"
    county = searched(COUNTY)
    assert county.in_characters("yumi sanyeqi da shenme chucaoji") == "玉米三叶期打什么除草剂"
    found = county.search("yumi sanyeqi da shenme chucaoji")
    assert found.best is not None and found.best.entry_id == "weeds"


def test_an_entry_added_later_teaches_its_words() -> None:
    county = searched(COUNTY[:1])
    assert county.in_characters("sanyeqi") != "三叶期"
    county.upsert(COUNTY[1])
    assert county.in_characters("sanyeqi") == "三叶期"
    county.remove("weeds")
    assert county.in_characters("sanyeqi") != "三叶期"


def test_an_english_question_is_not_read_as_pinyin_by_search(shipped: KnowledgeSearch) -> None:
    assert shipped.in_characters("my tomato leaves are yellow") == "my tomato leaves are yellow"


def test_staff_read_a_pinyin_question_in_characters_too() -> None:
    from handlers.render.knowledge import as_asked

    shown = as_asked("xihongshi jiage", "zh")
    assert shown.startswith("xihongshi jiage\n") and "西红柿价格" in shown
    assert "西红柿价格" in as_asked("xihongshi jiage", "en") and "pinyin" in as_asked(
        "xihongshi jiage", "en"
    )
    # Typed in characters or in English, a question is shown as it is.
    assert as_asked("西红柿叶子发黄", "zh") == "西红柿叶子发黄"
    assert as_asked("my tomato leaves are yellow", "en") == "my tomato leaves are yellow"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("suan jiage", "蒜价格"),
        ("ji ke sou", "鸡咳嗽"),
        ("ji la xi", "鸡拉稀"),
        # Longer words and the market verbs still win over a one-character name.
        ("ji dian kai men", "几点开门"),
        ("mai tudou", "卖土豆"),
    ],
)
def test_a_one_character_name_is_read_as_the_name(typed: str, read: str) -> None:
    # Blind walk: `suan jiage` was 酸价格 (no such product) and `ji ke sou` 几咳嗽.
    assert classify(typed).text == read


def test_a_disease_is_read_by_the_name_farmers_use_over_another_word_of_the_base() -> None:
    # The base is indexed by 新城疫, and also has 积温: jiwen is 鸡瘟 (its folk name), as
    # in characters, and the base answers it.
    county = searched(
        [
            _entry("nd", "鸡新城疫怎么防", "按程序免疫。", ["新城疫"]),
            _entry("gdd", "积温是什么意思", "积温是一段时间里每天平均气温的累加。", ["积温"]),
        ]
    )
    assert county.in_characters("ji wen zen me zhi") == "鸡瘟怎么治"
    assert county.in_characters("jiwen") == "鸡瘟"
    found = county.search("jiwen")
    assert found.best is not None and found.best.entry_id == "nd"
