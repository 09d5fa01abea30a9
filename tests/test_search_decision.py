"""The search decision on an admin's base (one question per entry, no other phrasings).

Prefer a choice to a dead end: a clear winner is answered, near-equal entries
are offered together, chatter and questions about what the base does not cover
are declined, and an entry's own question or approved phrasing is answered.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch, Result, decide, thresholds
from tests.words import searched

# A small county base written the admin's way: near-misses on purpose.
BASE = [
    Entry(
        "late-tomato",
        "番茄晚疫病怎么防治？",
        "叶片出现水浸状暗绿色大斑，叶背有白霉。发病初期喷代森锰锌或霜脲氰。",
        [],
        ["番茄", "晚疫病"],
        "pests_diseases",
    ),
    Entry(
        "late-potato",
        "马铃薯晚疫病怎么防治？",
        "叶尖叶缘出现水浸状褐斑，潮湿时叶背长白霉，薯块褐色腐烂。喷烯酰吗啉。",
        [],
        ["马铃薯", "晚疫病"],
        "pests_diseases",
    ),
    Entry(
        "early-tomato",
        "番茄早疫病怎么防治？",
        "下部叶片出现褐色圆斑，有同心轮纹。喷苯醚甲环唑。",
        [],
        ["番茄", "早疫病"],
        "pests_diseases",
    ),
    Entry(
        "rust",
        "小麦条锈病怎么识别和防治？",
        "叶片上沿叶脉排列成条状的铁锈色粉疱，手摸有黄粉。每亩用三唑酮喷雾。",
        [],
        ["小麦", "条锈病"],
        "pests_diseases",
    ),
    Entry(
        "borer",
        "玉米螟怎么防治？",
        "幼虫钻蛀茎秆和雌穗，造成折秆。大喇叭口期撒颗粒剂，或释放赤眼蜂。",
        [],
        ["玉米", "玉米螟"],
        "pests_diseases",
    ),
    Entry(
        "aphid",
        "小麦蚜虫怎么防治？",
        "蚜虫集中在穗部吸汁，分泌蜜露。百株蚜量超过500头时喷吡虫啉。",
        [],
        ["小麦", "蚜虫"],
        "pests_diseases",
    ),
    Entry(
        "seed-rate",
        "冬小麦每亩播种量多少合适？",
        "适期播种每亩10~12公斤，晚播每推迟一天增加0.5公斤。",
        [],
        ["小麦", "播种量"],
        "planting",
    ),
    Entry(
        "book",
        "怎么预约服务站收货？",
        "在FarmHub里点“预约收货”，选日期和数量，站里按时上门或等你送来。",
        [],
        ["预约", "收货"],
        "station",
    ),
    Entry(
        "cancel",
        "收货预约怎么取消？",
        "在“我的预约”里点取消；当天取消请给站里打电话。",
        [],
        ["预约", "取消"],
        "station",
    ),
    Entry(
        "fee",
        "服务站收货要收费吗？",
        "站内收货不收费；上门收货按距离收运费。",
        [],
        ["收货", "费用"],
        "station",
    ),
    Entry(
        "hours",
        "服务站营业时间是几点到几点？",
        "每天8:00—18:00，节假日照常营业。",
        [],
        ["营业时间"],
        "station",
    ),
    Entry(
        "parcel",
        "包裹到了服务站怎么取？",
        "凭取件码到服务站取包裹，带上身份证。",
        [],
        ["包裹", "取件"],
        "station",
    ),
]


@pytest.fixture(scope="module")
def admin() -> KnowledgeSearch:
    """The search over the small admin-style base."""
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ("麦子叶子上一道一道的黄粉，条锈病打啥药", "rust"),
        # The symptom, not the disease, and a folk word for the wheat's leaves.
        ("麦子叶叶上一道一道的黄粉", "rust"),
        ("苞谷秆子被虫蛀了一掰就折", "borer"),
    ],
)
def test_a_clear_winner_is_answered(admin: KnowledgeSearch, query: str, expect: str) -> None:
    outcome = admin.search(query)
    assert outcome.decision is Decision.answer
    assert outcome.best is not None and outcome.best.entry_id == expect


@pytest.mark.parametrize(
    ("query", "pair"),
    [
        # The disease named, not the crop: both crops' entries fit equally.
        ("晚疫病怎么防治", {"late-tomato", "late-potato"}),
    ],
)
def test_a_close_pair_is_offered_not_guessed(
    admin: KnowledgeSearch, query: str, pair: set[str]
) -> None:
    outcome = admin.search(query)
    assert outcome.decision is Decision.suggest
    assert pair <= {r.entry_id for r in outcome.results[:3]}


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        # A farmer's own words, not the entry's: the right entry is offered, no dead end.
        ("洋芋叶子背面长白毛毛了，薯块也烂", "late-potato"),
        ("棒子杆杆里有钻心虫", "borer"),
        ("想约人来拉货", "book"),
        ("约好了明天送货去不成了", "cancel"),
        ("洋芋瘟咋治", "late-potato"),
        ("番茄叶子背面长白毛，果子上有褐色硬块", "late-tomato"),
    ],
)
def test_a_close_entry_is_offered_rather_than_a_dead_end(
    admin: KnowledgeSearch, query: str, expect: str
) -> None:
    outcome = admin.search(query)
    assert outcome.decision is not Decision.decline
    assert expect in [r.entry_id for r in outcome.results[:3]]


def test_a_disease_typed_with_its_animal_is_about_that_animal() -> None:
    # 猪蓝耳病 folds to 蓝耳病 (and 蓝耳 sounds like 烂耳): still a question about pigs,
    # not about the 木耳 entry of a base that has nothing on pigs.
    base = searched(
        [
            Entry("ear", "木耳流耳、烂耳怎么办？", "通风降湿，及时采收。", [], ["木耳"], "fungi"),
            Entry("mold", "木耳菌袋长绿霉怎么办？", "挖除病斑，撒石灰。", [], ["木耳"], "fungi"),
        ]
    )
    assert base.search("猪蓝耳病咋治").decision is Decision.decline


def test_a_crop_only_compared_with_does_not_push_the_asked_one_off_subject(
    admin: KnowledgeSearch,
) -> None:
    # 马铃薯 is asked about; 番茄 is only compared with. The potato entry is on subject.
    query = "洋芋叶子背面长白霉，跟番茄那个病一样不"
    ranked = admin.rank(query)
    potato = next(ev for entry_id, _, ev in ranked if entry_id == "late-potato")
    assert not potato.off_subject
    assert admin.search(query).decision is not Decision.decline


@pytest.mark.parametrize(
    "query",
    [
        "你是谁",
        "哈哈哈",
        "？",
        "1",
        "给我讲个笑话",
        "荞麦什么时候种",
        "兔子拉稀死了好几只",
        # A crop the base has no entry about: its entries on other crops are no choice.
        "黄芪叶子上有白粉咋治",
    ],
)
def test_chatter_and_out_of_scope_are_declined(admin: KnowledgeSearch, query: str) -> None:
    assert admin.search(query).decision is Decision.decline


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ("番茄早疫病怎么防治？", "early-tomato"),
        ("番茄早疫病 怎么防治", "early-tomato"),  # spaces and punctuation do not matter
        ("收货预约怎么取消", "cancel"),
    ],
)
def test_an_entrys_own_question_is_answered(
    admin: KnowledgeSearch, query: str, expect: str
) -> None:
    outcome = admin.search(query)
    assert outcome.decision is Decision.answer
    assert outcome.best is not None and outcome.best.entry_id == expect


def test_an_approved_phrasing_is_answered_at_once() -> None:
    engine = KnowledgeSearch()
    engine.load((e.id, engine.doc_tokens(e)) for e in BASE)
    fee = next(e for e in BASE if e.id == "fee")
    phrase = "站上拉货倒贴钱不"
    assert engine.search(phrase).decision is not Decision.answer
    engine.upsert(Entry(fee.id, fee.question, fee.answer, [phrase], fee.tags, fee.category))
    outcome = engine.search("站上拉货，倒贴钱不？")
    assert outcome.decision is Decision.answer
    assert outcome.best is not None and outcome.best.entry_id == "fee"
    # Removed again, the phrasing no longer answers.
    engine.upsert(fee)
    assert engine.search(phrase).decision is not Decision.answer


def test_decide_offers_whatever_is_close() -> None:
    low = [Result("a", 5.0, 0.2), Result("b", 4.0, 0.1)]
    # The answer model is unsure, the offer model sees the right entry nearby: a choice.
    assert decide(low, 0.0, close=0.99) is Decision.suggest
    # Nothing is near: decline.
    assert decide(low, 0.0, close=0.01) is Decision.decline
    # A sure top entry well ahead of the next: answer.
    assert decide([Result("a", 9.0, 0.99), Result("b", 3.0, 0.1)], 0.0, close=0.99) is (
        Decision.answer
    )
    # Two entries about equally sure: the farmer chooses.
    tie = [Result("a", 9.0, 0.99), Result("b", 8.8, 0.98)]
    assert decide(tie, 0.0, close=0.99) is Decision.suggest


def test_a_lower_entry_nearly_sure_is_offered_rather_than_a_dead_end() -> None:
    # The score ranks one entry first, the answer model is nearly sure of the second
    # (黄瓜叶上一块一块黄斑 有棱有角 叶背面黑毛: 角斑病 ranked above 霜霉病): the farmer chooses.
    _, _, near_at = thresholds(0.0)
    second = [Result("a", 9.0, 0.05), Result("b", 7.0, near_at), Result("c", 1.0, 0.01)]
    assert decide(second, 0.0, close=0.01) is Decision.suggest
    third = [Result("a", 9.0, 0.05), Result("b", 7.0, 0.01), Result("c", 1.0, near_at)]
    assert decide(third, 0.0, close=0.01) is Decision.suggest
    # Below it, or beyond the three offered, it is still a dead end.
    fourth = [*third[:2], Result("c", 1.0, near_at - 0.01), Result("d", 0.5, 0.99)]
    assert decide(fourth, 0.0, close=0.01) is Decision.decline


@pytest.mark.parametrize("query", ["荞麦一亩下多少种", "燕麦每亩播种量多少合适"])
def test_another_crop_is_never_answered_with_this_one(admin: KnowledgeSearch, query: str) -> None:
    # The base has wheat's seed rate, not buckwheat's or oats': 麦 inside 荞麦 is not 小麦.
    assert admin.search(query).decision is not Decision.answer


@pytest.mark.parametrize(("query", "expect"), [("营页时间", "hours"), ("预越收货", "book")])
def test_a_pinyin_typo_split_into_characters_is_understood(
    admin: KnowledgeSearch, query: str, expect: str
) -> None:
    outcome = admin.search(query)
    assert outcome.decision is not Decision.decline
    assert outcome.best is not None and outcome.best.entry_id == expect


def test_an_entry_about_another_pest_or_disease_is_marked_so() -> None:
    """The answer model hears that 纹枯病 was asked and the entry is about 稻飞虱 (round 13)."""
    engine = searched(
        [
            Entry("p-1", "稻飞虱防治", "见说明。", [], ["水稻", "虫害"], "pests_diseases"),
            Entry("p-2", "水稻晒田", "见说明。", [], ["水稻"], "planting"),
        ]
    )
    asked_other = {eid: ev.other_problem for eid, _, ev in engine.rank("水稻纹枯病咋治")}
    assert asked_other["p-1"] == 1.0
    assert asked_other.get("p-2", 0.0) == 0.0  # an entry about no pest is not another one
    # Described, not named: the thesaurus reads 稻秆下面云纹斑 as 纹枯病.
    assert dict((e, ev.other_problem) for e, _, ev in engine.rank("稻秆下面有云纹斑"))["p-1"] == 1.0
    asked_same = {eid: ev.other_problem for eid, _, ev in engine.rank("稻飞虱咋治")}
    assert asked_same["p-1"] == 0.0


def test_an_entry_about_a_policy_is_marked_so_for_a_farming_question() -> None:
    engine = searched(
        [
            Entry("s-1", "种子补贴怎么领", "见说明。", [], ["补贴"], "policy"),
            Entry("s-2", "大豆播种", "见说明。", [], ["大豆"], "planting"),
        ]
    )
    farming = {eid: ev.other_kind for eid, _, ev in engine.rank("黄豆一亩用多少种子")}
    assert farming["s-1"] == 1.0 and farming["s-2"] == 0.0
    asked = {eid: ev.other_kind for eid, _, ev in engine.rank("种大豆有补贴吗")}
    assert asked["s-1"] == 0.0


def test_an_entry_about_a_station_service_is_marked_so_for_a_farming_question() -> None:
    engine = searched(
        [
            Entry("v-1", "冷库租用", "见说明。", [], ["冷库", "租用"], "stations"),
            Entry("v-2", "农机租用", "见说明。", [], ["农机", "租用"], "planting"),
        ]
    )
    farming = {eid: ev.other_kind for eid, _, ev in engine.rank("旋耕机租用一天多少钱")}
    assert farming["v-1"] == 1.0 and farming["v-2"] == 0.0
    asked = {eid: ev.other_kind for eid, _, ev in engine.rank("站里冷库一个月多少钱")}
    assert asked["v-1"] == 0.0


def test_a_word_the_base_knows_is_not_counted_again_by_its_characters() -> None:
    from knowledge.text.tokenize import bigrams

    plain = bigrams("柠檬叶子")
    known = bigrams("柠檬叶子", ["叶子"])
    assert {"叶", "子", "~ye~zi"} <= set(plain)
    assert not {"叶", "子", "~ye~zi"} & set(known)
    # The word itself and what crosses into it stay: a typo of the word's
    # neighbour still meets the base's spelling.
    assert {"叶子", "檬叶", "柠", "檬", "~men~ye"} <= set(known)


def test_a_known_word_inside_a_longer_one_is_part_of_it_whatever_their_order() -> None:
    # The words come from a set, whose order changes with the hash seed: 叶蝉 processed
    # before 茶小绿叶蝉 split it, and the sound of 绿叶 counted once in two runs.
    from knowledge.text.tokenize import bigrams

    inner_first = bigrams("茶小绿叶蝉用药", ["叶蝉", "茶小绿叶蝉"])
    outer_first = bigrams("茶小绿叶蝉用药", ["茶小绿叶蝉", "叶蝉"])
    assert inner_first == outer_first
    assert "~lv~ye" not in inner_first


def test_a_sign_with_several_causes_is_not_answered_with_one_of_them() -> None:
    def entry(entry_id: str, question: str, tags: list[str]) -> Entry:
        return Entry(entry_id, question, "见农技站说明。", [], tags, "pests_diseases")

    causes = [
        entry("v-1", "西红柿病毒病怎么治", ["西红柿", "病毒病"]),
        entry("v-2", "西红柿晚疫病怎么防", ["西红柿", "晚疫病"]),
        entry("v-3", "小猪拉稀怎么办", ["生猪", "腹泻"]),
    ]
    base = searched(causes)
    # 叶子发黄 may be 缺氮, 病毒病, 根腐病 …: the virus entry is offered, not answered.
    outcome = base.search("番茄叶子发黄")
    assert outcome.best is not None and outcome.best.entry_id == "v-1"
    assert outcome.decision is Decision.suggest
    # Named, the cause is settled; an entry about the sign itself answers the sign.
    assert base.search("番茄病毒病咋治").decision is Decision.answer
    assert base.search("小猪拉稀").decision is Decision.answer
    with_sign = searched([*causes, entry("v-4", "西红柿叶子发黄怎么办", ["西红柿", "黄叶"])])
    outcome = with_sign.search("番茄叶子发黄")
    assert outcome.best is not None and outcome.best.entry_id == "v-4"


def test_a_suggestion_the_model_gives_almost_no_chance_is_not_offered() -> None:
    from knowledge.kb.decision import worth_offering

    # 玉米地里的地老虎咋弄: two cutworm entries, then 天旱不下雨庄稼怎么办 as padding.
    offered = worth_offering(
        [Result("cutworm", 9.0, 0.61), Result("grub", 8.0, 0.67), Result("drought", 7.0, 0.0175)]
    )
    assert [r.entry_id for r in offered] == ["cutworm", "grub"]
    # Three unlikely ones are all offered: none is ten times likelier than another.
    low = [Result("a", 3.0, 0.03), Result("b", 2.0, 0.02), Result("c", 1.0, 0.01)]
    assert worth_offering(low) == low
    # The first by score is never left out, whatever its confidence (it goes second when
    # the model is far surer of another).
    offered = worth_offering([Result("a", 3.0, 0.01), Result("b", 2.0, 0.9)])
    assert [r.entry_id for r in offered] == ["b", "a"]


def test_the_suggestion_the_model_is_far_surer_of_comes_first() -> None:
    from knowledge.kb.decision import worth_offering

    # 檬果叶子有黑斑点: banana leaf spot ranked first, mango anthracnose far likelier.
    offered = worth_offering(
        [
            Result("banana-spot", 5.0, 0.17),
            Result("mango-anthracnose", 4.0, 0.45),
            Result("x", 1, 0.11),
        ]
    )
    assert [r.entry_id for r in offered] == ["mango-anthracnose", "banana-spot", "x"]
    # Less than twice as sure: the ranking's order stands.
    close = [Result("a", 5.0, 0.3), Result("b", 4.0, 0.5), Result("c", 3.0, 0.2)]
    assert worth_offering(close) == close


def test_asking_what_a_sign_is_still_leaves_the_farmer_to_choose_its_cause() -> None:
    def entry(entry_id: str, question: str, tags: list[str]) -> Entry:
        return Entry(entry_id, question, "见农技站说明。", [], tags, "pests_diseases")

    base = searched(
        [
            entry("c-1", "柑橘黄龙病怎么办", ["柑橘", "黄龙病"]),
            entry("c-2", "柑橘红蜘蛛怎么防治", ["柑橘", "红蜘蛛"]),
            entry("p-1", "生猪非洲猪瘟怎么防", ["生猪", "非洲猪瘟"]),
            entry("p-2", "小猪拉稀怎么办", ["生猪", "腹泻"]),
        ]
    )
    # 么子原因 / 是啥病 ask what the yellow leaves are: 黄龙病 is one cause of several.
    for query in ("柑子树叶子黄了么子原因", "柑橘叶子黄了是啥病", "柑橘叶子发黄"):
        outcome = base.search(query)
        assert outcome.best is not None and outcome.best.entry_id == "c-1", query
        assert outcome.decision is Decision.suggest, query
    # A feverish pig off its feed may have many things: 非洲猪瘟 is offered, never asserted.
    for query in ("猪发烧不吃东西", "猪不吃食了"):
        outcome = base.search(query)
        assert outcome.best is not None and outcome.best.entry_id == "p-1", query
        assert outcome.decision is not Decision.answer, query
    # Named, the disease is settled.
    assert base.search("柑橘黄龙病咋办").decision is Decision.answer
    assert base.search("猪非洲猪瘟咋防").decision is Decision.answer
