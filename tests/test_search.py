"""Knowledge search: tokenisation, synonyms, typos, ranking, confidence, updates, quality."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.eval_search import evaluate_farmhub, load_cases
from knowledge.kb.entries import Entry, read_shipped
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.intent import Kind
from knowledge.text.lexicon import lexicon
from knowledge.text.tokenize import tokenizer
from tests.words import searched

EVAL = Path(__file__).resolve().parent.parent / "knowledge" / "eval"


@pytest.fixture(scope="module")
def shipped() -> KnowledgeSearch:
    """The search over the shipped knowledge base."""
    return searched(read_shipped())


def test_tokens_fold_dialect_names_and_typos() -> None:
    tk = tokenizer()
    assert "土豆" in tk.tokens("洋芋得了晚疫病")
    assert "玉米" in tk.tokens("苞谷")
    assert "赤霉病" in tk.tokens("赤梅病")  # homophone typo from pinyin input
    assert "蚜虫" in tk.tokens("腻虫咋治")


def test_sound_matches_stay_inside_words() -> None:
    tokenizer()  # gives the lexicon jieba's word boundaries
    assert lexicon().find_products("玉米秆子里有虫蛀") == ["玉米"]  # 秆子 is not 柑子
    assert [m.canonical for m in lexicon().mentions("穗上有虫眼")] == []  # not 油虫
    # A grammar word is no half of a name: 白道是 is not 稻虱 (稻飞虱).
    assert [m.canonical for m in lexicon().mentions("一条一条白道是缺啥了")] == []
    # A doubled character belongs to its double: 杆杆烂皮 is a stalk, not 甘蓝.
    assert lexicon().find_products("核桃树杆杆烂皮") == ["核桃"]
    assert lexicon().find_products("杆烂怎么种") == ["圆白菜"]  # a typo all the same
    assert lexicon().find_products("西红事叶子黄了") == ["西红柿"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("西红事屁股发黑", "fert-010"),  # homophone typo
        ("麦子赤梅病", "pest-010"),  # typo + dialect
        ("服務站幾點開門", "station-001"),  # traditional characters
        ("ＦａｒｍＨｕｂ怎么切换语言", "app-009"),  # full-width letters
        ("母鸡不下蛋了", "live-011"),
        ("怎么申请农机补贴", "policy-003"),
        ("冰雹把苞谷打了保险咋赔", "policy-007"),  # dialect product
        ("洋芋老是发芽咋办", "store-001"),
    ],
)
def test_finds_the_right_entry(shipped: KnowledgeSearch, query: str, expected: str) -> None:
    outcome = shipped.search(query)
    assert outcome.best is not None and outcome.best.entry_id == expected
    assert outcome.decision is Decision.answer


def test_yellow_leaves_with_a_typo_are_at_least_offered(shipped: KnowledgeSearch) -> None:
    # Yellow leaves have several causes: answering or offering the likeliest is fine.
    outcome = shipped.search("西红事叶子黄了咋办")
    assert outcome.best is not None and outcome.best.entry_id == "fert-007"
    assert outcome.decision is not Decision.decline


@pytest.mark.parametrize(
    "query", ["拖拉机发动机冒黑烟怎么修", "今天天气怎么样", "🍅🍅🍅", "？？？", "给我讲个笑话"]
)
def test_out_of_scope_is_declined(shipped: KnowledgeSearch, query: str) -> None:
    assert shipped.search(query).decision is Decision.decline


def test_two_fitting_entries_become_a_choice(shipped: KnowledgeSearch) -> None:
    outcome = shipped.search("番茄叶子发黄")
    assert outcome.decision is Decision.suggest
    assert len(outcome.results) >= 2


def test_intent_is_returned(shipped: KnowledgeSearch) -> None:
    assert shipped.search("西红柿多少钱一斤").intent.kind is Kind.price
    assert shipped.search("番茄叶子发黄").intent.kind is Kind.knowledge


def test_confidence_is_a_probability_and_results_are_ranked(shipped: KnowledgeSearch) -> None:
    outcome = shipped.search("小猪拉稀怎么办")
    assert all(0.0 <= r.confidence <= 1.0 for r in outcome.results)
    assert [r.score for r in outcome.results] == sorted(
        (r.score for r in outcome.results), reverse=True
    )


def test_update_is_searchable_without_rebuild() -> None:
    engine = KnowledgeSearch()
    engine.load((e.id, engine.doc_tokens(e)) for e in read_shipped()[:40])
    new = Entry("live-x", "蜜蜂冬天怎么喂", "越冬前喂足糖水……", [], ["蜜蜂", "越冬"], "livestock")
    engine.upsert(new)
    best = engine.search("蜜蜂冬天喂什么").best
    assert best is not None and best.entry_id == "live-x"
    engine.upsert(Entry("live-x", "鸭子怎么防中暑", "遮阴、供足凉水……", [], ["鸭"], "livestock"))
    assert all(r.entry_id != "live-x" for r in engine.search("蜜蜂冬天喂什么").results)
    engine.remove("live-x")
    assert all(r.entry_id != "live-x" for r in engine.search("鸭子怎么防中暑").results)


@pytest.mark.parametrize(
    ("name", "top1", "oos"),
    # Regression floors a little under the figures in docs/benchmarks.md: dev
    # is what the thresholds were fitted on; test is held out.
    [("dev", 0.90, 0.84), ("test", 0.90, 0.84)],
)
def test_quality_on_the_evaluation_sets(
    shipped: KnowledgeSearch, name: str, top1: float, oos: float
) -> None:
    scores, misses = evaluate_farmhub(shipped, load_cases(EVAL / f"{name}.yaml"))
    assert scores.top1 >= top1, "\n".join(misses)
    assert scores.oos_declined >= oos, "\n".join(misses)
    assert scores.answered_correct >= 0.95


@pytest.mark.parametrize(
    ("name", "offered", "answered", "oos"),
    # Admin-style bases without alternative phrasings (fit sets of issue 12):
    # floors a little under the figures in docs/benchmarks.md.
    [
        ("county_a", 0.90, 0.78, 0.95),
        ("county_ab", 0.82, 0.74, 0.86),
        ("county_ac", 0.81, 0.70, 0.95),
        ("county_ad", 0.85, 0.75, 0.82),
        ("county_ae", 0.86, 0.77, 0.86),
        ("county_b", 0.92, 0.85, 0.97),
        ("county_d", 0.83, 0.76, 0.91),
        ("county_e", 0.85, 0.73, 0.95),
        ("county_f", 0.92, 0.85, 0.88),
        ("county_h", 0.83, 0.70, 0.79),
        ("county_j", 0.94, 0.83, 0.95),
        ("county_k", 0.88, 0.79, 0.97),
        ("county_l", 0.87, 0.78, 0.97),
        ("county_m", 0.88, 0.81, 0.88),
        ("county_n", 0.82, 0.75, 0.86),
        ("county_o", 0.86, 0.74, 0.91),
        ("county_p", 0.86, 0.80, 0.78),
        ("county_q", 0.91, 0.78, 0.84),
        ("county_r", 0.85, 0.75, 0.86),
        ("county_s", 0.86, 0.77, 0.91),
        ("county_u", 0.87, 0.77, 0.82),
        ("county_v", 0.88, 0.79, 0.97),
        ("county_w", 0.91, 0.81, 0.91),
        ("county_x", 0.86, 0.76, 0.86),
        ("county_y", 0.85, 0.75, 0.93),
        ("county_z", 0.89, 0.74, 0.86),
    ],
)
def test_decisions_on_admin_style_bases(
    name: str, offered: float, answered: float, oos: float
) -> None:
    from bench.eval_search import evaluate_outcomes, read_base

    entries = read_base(EVAL / name)
    engine = KnowledgeSearch()
    engine.load((e.id, engine.doc_tokens(e)) for e in entries)
    outcomes, misses = evaluate_outcomes(engine, load_cases(EVAL / name / "questions.yaml"))
    assert outcomes.offered >= offered, "\n".join(misses)
    assert outcomes.answered_right >= answered, "\n".join(misses)
    assert outcomes.oos_declined >= oos, "\n".join(misses)
    assert outcomes.confidently_wrong <= 0.03, "\n".join(misses)


@pytest.mark.parametrize("text", ["价格跌了 批发市场关了咋办", "行情不好 厂子关了咋办"])
def test_a_market_that_closed_stops_no_alerts(text: str) -> None:
    from knowledge.text.intent import classify

    assert classify(text).kind is not Kind.unsubscribe


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("西红柿多少钱一斤", Kind.price),
        ("1斤西红柿能卖多少", Kind.price),
        ("西红柿咋卖的", Kind.price),
        ("洋芋多钱", Kind.price),
        ("大葱价咋样了", Kind.price),
        ("玉米价儿怎么样", Kind.price),
        ("网上咋卖", Kind.knowledge),  # how to sell, no product's price
        # A crop with a pest or disease asks what to do, not the crop's price (sandbox walk).
        ("黄瓜白粉病", Kind.knowledge),
        ("黄瓜 白粉病", Kind.knowledge),
        ("土豆晚疫病", Kind.knowledge),
        ("这些苞谷值几个钱", Kind.price),
        ("今天白菜啥价", Kind.price),
        ("新发地土豆", Kind.price),
        # A bare product typed with a homophone is its price too (sandbox walk: 西洪柿).
        ("西洪柿", Kind.price),
        ("西洪柿怎么种", Kind.knowledge),
        ("寿光土豆", Kind.price),
        ("哈达西红柿", Kind.price),
        ("苹果行情", Kind.price),
        ("土豆储存", Kind.knowledge),
        ("哪里收土豆", Kind.demand),
        ("最近什么好卖", Kind.demand),
        ("我有两千斤玉米要卖", Kind.supply),
        ("预约收货", Kind.booking),
        ("我要约收货", Kind.booking),
        ("怎么预约收货", Kind.booking),  # how to book: the booking itself answers it
        ("预约明天来收800斤黄瓜", Kind.booking),
        ("后天下午来收两千斤西红柿", Kind.booking),
        ("book a pickup", Kind.booking),
        # Questions about the service are for the knowledge base (user test).
        ("服务站上门收货是怎么个流程", Kind.knowledge),
        ("上门收货是咋个流程", Kind.knowledge),
        ("服务站上门收货收费吗", Kind.knowledge),
        ("预约了收货，收货前要准备什么", Kind.knowledge),
        ("上门收购 怎么收", Kind.knowledge),
        ("how does the pickup work", Kind.knowledge),
        ("how much does a pickup cost", Kind.knowledge),
        ("我的预约", Kind.my_bookings),
        ("订阅西红柿价格", Kind.subscribe),
        ("退订", Kind.unsubscribe),
        # Sandbox walk: 取消价格提醒 read as subscribing, 附近有啥站 as a question for the base.
        ("取消提醒", Kind.unsubscribe),
        ("取消价格提醒", Kind.unsubscribe),
        ("附近有啥站", Kind.station),
        ("最近的站在哪", Kind.station),
        # Sandbox walk: the entry about sharing a location, not the nearest stations.
        ("哪个站离我近", Kind.station),
        ("离我最近的站", Kind.station),
        ("离俺家近的服务站", Kind.station),
        ("which station is closest to me", Kind.station),
        ("最近站着吃饭", Kind.knowledge),
        ("最近有站里的通知吗", Kind.knowledge),
        ("天天发价格 烦死了 咋关", Kind.unsubscribe),  # not the price of a 天天发
        ("每天发价格烦得很 咋不让发了", Kind.unsubscribe),
        ("想关掉价格提醒", Kind.unsubscribe),
        ("价格太低了 烦死了 政府管不管", Kind.knowledge),  # a complaint, no alert to stop
        ("水泵怎么关掉", Kind.knowledge),
        ("推送的消息太多了 怎么关", Kind.unsubscribe),
        ("你好", Kind.greeting),
        ("海椒好多钱一公斤", Kind.price),  # 好多钱 / 几多钱: how much, in the southwest and south
        # Pinyin input's homophones (sandbox walk: 大算多少前 was 答不上来).
        ("大算多少前", Kind.price),
        ("玉米价个", Kind.price),
        ("多少天前种的", Kind.knowledge),
        ("白菜几多钱", Kind.price),
        # The fee of a service is no market price.
        ("寄十斤小米到外省多少钱", Kind.knowledge),
        ("冷库一天多少钱", Kind.knowledge),
        ("how much to ship 10 kg of rice", Kind.knowledge),
        ("番茄叶子发黄怎么办", Kind.knowledge),
        ("最近的服务站在哪", Kind.station),
        ("有人收苞谷吗", Kind.demand),
        ("收不收玉米", Kind.demand),
        ("玉米有人要吗", Kind.demand),
        ("谁收土豆", Kind.demand),
        ("西红柿要不要打药", Kind.knowledge),
        # English ways to stop the alerts (found in the sandbox: "stop the price alerts"
        # was searched as a question).
        ("stop the price alerts", Kind.unsubscribe),
        ("turn off price alerts", Kind.unsubscribe),
        ("stop my alerts", Kind.unsubscribe),
        ("stop sending me prices", Kind.unsubscribe),
        ("stop the rain", Kind.knowledge),
        # An amount of an input is no price (found in the sandbox walk).
        ("how much seed per mu for soybean", Kind.knowledge),
        ("how much urea for corn per mu", Kind.knowledge),
        ("how much is soybean", Kind.price),
    ],
)
def test_intents(text: str, kind: Kind) -> None:
    from knowledge.text.intent import classify

    assert classify(text).kind is kind


@pytest.mark.parametrize(
    ("text", "period", "product"),
    [
        # A one-character name after a time word is the product (sandbox walk: 去年蒜价 asked
        # the price of 去年蒜, 今天蒜价 of 蒜); inside a word it is not (蒜苗, 鸡毛).
        ("今天蒜价", None, ("大蒜",)),
        ("去年蒜价", "year_ago", ("大蒜",)),
        ("上个月蒜价", "last_month", ("大蒜",)),
        ("今天蒜苗多少钱", None, ()),
        ("去年鸡毛", "year_ago", ()),
        # ... and before one (blind walk: 蒜现在啥价 was 「我还不知道「蒜」的价格」).
        ("蒜现在啥价", None, ("大蒜",)),
        ("姜最近多少钱", None, ("生姜",)),
        # ... and after an amount (blind walk: 要卖两千斤葱 named no product).
        ("俺家那口子说要卖两千斤葱", None, ("大葱",)),
        ("我有五百斤蒜", None, ("大蒜",)),
    ],
)
def test_a_one_character_name_after_a_time_word(
    text: str, period: str | None, product: tuple[str, ...]
) -> None:
    from knowledge.text.intent import classify

    intent = classify(text)
    assert (intent.period, intent.products) == (period, product)


@pytest.mark.parametrize(
    ("text", "kind", "products"),
    [
        ("tomato price", Kind.price, ("西红柿",)),
        ("how much are potatoes", Kind.price, ("土豆",)),
        ("rice price", Kind.price, ("大米",)),  # "rice" is not found inside "price"
        ("who buys corn", Kind.demand, ("玉米",)),
        ("unsubscribe", Kind.unsubscribe, ()),
    ],
)
def test_english_intents(text: str, kind: Kind, products: tuple[str, ...]) -> None:
    from knowledge.text.intent import classify

    intent = classify(text)
    assert (intent.kind, intent.products) == (kind, products)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("你是谁", "who"),
        ("你是机器人吗？", "robot"),
        ("你能干啥", "who"),
        ("给我讲个笑话", "joke"),
        ("陪我聊聊天", "chat"),  # asked to chat: "happy to", not "jokes are not my strong point"
        ("let's chat", "chat"),
        ("今天天气怎么样", "weather"),
        ("明天我们这下不下雨", "weather"),
        ("明天下雨不", "weather"),
        ("今晚会下雪吗", "weather"),
        ("will it rain tomorrow", "weather"),
        ("？", "noise"),
        ("...", "noise"),
        ("1", "noise"),
        ("23", "noise"),
        ("啊", "noise"),
        ("🍅🍅🍅", "emoji"),  # emoji alone: a short friendly reply (langfix)
        ("哈哈哈", "laugh"),
        ("666", "noise"),
        ("再见", "bye"),
        ("好的", "ok"),
        ("帮助", "help"),
        ("怎么用？", "help"),
        # An older farmer stuck with the bot (sandbox walk: 我不会用 got the bill-paying entry).
        ("我不会用", "help"),
        ("咋用这个", "help"),
        ("不会弄", "help"),
        ("俺不知道咋用这个", "help"),
        ("help", "help"),
        ("Help!", "help"),
        # "No thanks" to an offer (sandbox walk: 不用了 was recorded as a question).
        ("不用了", "decline"),
        ("不用了，谢谢", "decline"),
        ("没事了", "decline"),
        ("no thanks", "decline"),
    ],
)
def test_chatter_is_recognised(text: str, topic: str) -> None:
    from knowledge.text.intent import classify

    intent = classify(text)
    assert (intent.kind, intent.extras.get("topic")) == (Kind.chatter, topic)


@pytest.mark.parametrize(
    "text",
    [
        "下雨前能不能打药",
        "下雨后小麦倒伏了咋办",
        "下雨天能收货吗",
        "下雨了番茄裂果",
        "蒜",
        "西红柿",
        "两千斤",
        "你好",
        "谢谢",
        "番茄咋办",
        "我不会用打药机",
        "不会用农药咋办",
        "不用打药吗",
        "没了咋办",
    ],
)
def test_farming_questions_are_not_chatter(text: str) -> None:
    from knowledge.text.intent import classify

    assert classify(text).kind is not Kind.chatter


def test_chatter_is_declined_by_search(shipped: KnowledgeSearch) -> None:
    outcome = shipped.search("你是谁")
    assert outcome.intent.kind is Kind.chatter
    assert outcome.decision is Decision.decline and not outcome.results


def test_a_topic_only_mentioned_in_an_answer_is_not_what_the_entry_answers() -> None:
    # 修剪 is in 蓝莓灰霉病's answer ("及时修剪通风"), not what that entry is about.
    base = searched(
        [
            Entry("b-1", "蓝莓灰霉病怎么防治？", "花期前后喷药；及时修剪通风。", [], [], "crop"),
            Entry("b-2", "蓝莓怎么越冬防寒？", "入冬前培土覆盖。", [], [], "crop"),
            Entry("b-3", "寄快递多少钱？", "首重5元，续重每斤1元。", [], [], "service"),
            Entry("b-4", "苹果树怎么修剪？", "冬剪疏枝，夏剪摘心。", [], [], "crop"),
        ]
    )
    evidence = {entry: ev for entry, _, ev in base.rank("蓝莓咋修剪")}
    assert evidence["b-1"].topic_in_question == 0.0
    assert evidence["b-1"].topic_cover > 0.0
    assert base.search("蓝莓咋修剪").decision is not Decision.answer
    assert base.search("苹果树咋修剪").results[0].entry_id == "b-4"
    # How much, asked of something the base does not have, is not the parcel fee.
    assert base.search("尿素现在多少钱一袋").decision is not Decision.answer
    assert base.search("寄快递要多少钱").results[0].entry_id == "b-3"


def test_a_crop_typed_wrong_is_still_the_crop_asked_about() -> None:
    # 马玲薯 is 马铃薯 typed by sound: its 马 is no horse, and the crop is asked about.
    base = searched(
        [
            Entry("p-1", "冬种马铃薯晚疫病怎么防治？", "发病初期喷烯酰吗啉。", [], [], "crop"),
            Entry("p-2", "马铃薯收后怎么储存？", "避光通风。", [], [], "storage"),
            Entry("p-3", "马传染性贫血怎么防？", "检疫扑杀。", [], [], "livestock"),
        ]
    )
    outcome = base.search("马玲薯晚疫病用什么药")
    assert outcome.results[0].entry_id == "p-1"
    assert outcome.decision is Decision.answer


def test_a_programme_outside_farming_is_answered_only_by_its_own_entry() -> None:
    # 低保, 养老保险, 新农合 are never named in passing: a farm entry sharing 什么时候发放
    # or 交多少 is not their answer.
    base = searched(
        [
            Entry(
                "w-1", "耕地地力保护补贴什么时候发放？", "每年5月前打到一卡通。", [], [], "policy"
            ),
            Entry("w-2", "养殖保险交多少钱？", "能繁母猪每头保费60元。", [], [], "policy"),
            Entry("w-3", "寄快递多少钱？", "首重5元。", [], [], "service"),
            Entry("w-4", "城乡居民医保每年交多少？", "每人380元，9月到12月交。", [], [], "policy"),
        ]
    )
    assert base.search("低保啥时候发").decision is Decision.decline
    assert base.search("养老保险交多少").decision is Decision.decline
    assert base.search("地力补贴啥时候发").decision is Decision.answer
    # The county's own entry on one is found by another of its names.
    found = base.search("新农合今年交多少钱")
    assert found.results[0].entry_id == "w-4" and found.decision is not Decision.decline


def test_a_crop_by_another_of_its_names_is_the_same_crop() -> None:
    # 葵花 and 向日葵 are both in the thesaurus's subjects and in one `same` group.
    base = searched(
        [
            Entry("h-1", "向日葵菌核病怎么防治？", "花盘腐烂时喷药。", [], ["向日葵"], "crop"),
            Entry("h-2", "荞麦怎么种？", "五月播种。", [], [], "crop"),
        ]
    )
    outcome = base.search("葵花盘烂了咋办")
    assert outcome.results[0].entry_id == "h-1" and outcome.decision is Decision.answer
    assert base.search("蓝莓怎么种").decision is Decision.decline


def test_a_named_programme_the_base_lacks_is_not_another_subsidy() -> None:
    # 农机报废更新补贴 (scrapping an old machine) is not the purchase subsidy.
    base = searched(
        [
            Entry("m-1", "农机购置补贴怎么申请？", "先买机具，再到农机站申请。", [], [], "policy"),
            Entry("m-2", "耕地地力保护补贴怎么领？", "每年打到一卡通。", [], [], "policy"),
        ]
    )
    assert base.search("旧收割机报废补贴怎么领").decision is Decision.decline
    assert base.search("退耕还林的钱啥时候发").decision is Decision.decline
    assert base.search("买收割机有补贴吗").results[0].entry_id == "m-1"
