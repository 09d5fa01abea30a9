"""The words around a farmer's question that say nothing of its topic (fillers round).

The knowledge search weighs a question's words by rarity, and a word the base never uses
counts as a rare topic word. So a Hakka farmer's 涯 (我), a 吴 伲 or 倷, a 闽 阮 or 汝, a 湘
啵 or 莫, a 粤 喎 or 啩, an opening or a plea (同志, 领导, 老师好, 有人吗, 急急急, 求大神), a
story (听说, 隔壁老李说, 我寻思, 问个事儿), an interjection (妈呀, 哦豁, 哎哟, 崩溃了) or the
time in a story (前两天, 这阵子, 当时, 后来) made a clear question look like one the base does
not cover. They are scaffold now (knowledge/text/scaffold.py): for 43 farmer questions, north
and south, against a small admin base, each filler leaves the same entry first and the
confidence within 0.1 of the bare question's, and a rambling message full of them still finds
its entry.

Words that can be what is asked stay out: 结果 (bearing fruit), 下 (下种, 下崽), 天 and 几天
(隔7天打一次), 时候 (什么时候), 一大早 (when to spray), 好久 (西南 多久), 多少, 老王 (an old queen
bee), 在线 (在线申请), 冒 (冒芽, 冒水), 不 (不吃食), 人 (人畜共患), 渠 (a ditch), 窝 (a litter),
喂 (feed), 老板 (the buyer).

Stop words (请问, 师傅, 谢谢, 然后, 咧) are dropped from a question's words, but their
characters still count in its character share: on a terse question (玉米黄叶) such an opening
lowers the confidence by more than 0.1. That is the search's own doing, not the word lists';
the strict xfail below records it.
"""

from __future__ import annotations

from functools import cache

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.english import glossary
from knowledge.text.lexicon import lexicon
from knowledge.text.scaffold import SCAFFOLD
from knowledge.text.thesaurus import THESAURUS_FILE, Thesaurus
from knowledge.text.tokenize import tokenizer
from tests.words import assert_ranked_first, says, searched

# What the county admin wrote, in the extension office's terms.
BASE = {
    "wheat_scab": "小麦赤霉病怎么防治",
    "corn_yellow": "玉米叶片发黄是什么原因",
    "rice_topdress": "水稻插秧后什么时候追肥",
    "asf": "非洲猪瘟如何预防",
    "apple_prune": "苹果树冬季修剪方法",
    "pepper_drop": "辣椒落花落果的原因和防治",
    "subsidy_pay": "耕地地力保护补贴什么时候发放",
    "ndv": "鸡新城疫疫苗的免疫方法",
    "cucumber_mildew": "黄瓜霜霉病用什么药防治",
    "urea": "玉米追施尿素每亩用量",
    "citrus_mite": "柑橘红蜘蛛的防治方法",
    "machine_subsidy": "农机购置补贴申请流程",
    "melon_graft": "西瓜嫁接育苗技术",
    "sheep_diarrhea": "羊腹泻的治疗方法",
    "sow_appetite": "母猪产后不吃食怎么办",
    "corn_weed": "玉米田苗后除草剂的使用",
    "tomato_crack": "番茄裂果的原因",
    "fish_oxygen": "鱼塘缺氧浮头怎么处理",
    "potato_blight": "马铃薯晚疫病防治",
    "cattle_bloat": "牛瘤胃臌气的治疗",
}

# What farmers ask, in their own words, before any filler.
QUESTIONS = [
    ("麦子穗子发红发霉是不是赤霉病", "wheat_scab"),
    ("小麦赤霉病打啥药好", "wheat_scab"),
    ("小麦赤霉病咋防", "wheat_scab"),
    ("苞谷叶子黄了咋回事", "corn_yellow"),
    ("玉米叶子发黄是啥原因", "corn_yellow"),
    ("棒子叶子咋都黄了", "corn_yellow"),
    ("秧插下去几天追肥", "rice_topdress"),
    ("稻子插完秧多久追肥", "rice_topdress"),
    ("非洲猪瘟咋个预防", "asf"),
    ("咋防非洲猪瘟", "asf"),
    ("苹果树冬天咋修剪", "apple_prune"),
    ("苹果树啥时候剪枝", "apple_prune"),
    ("辣椒花掉得厉害咋办", "pepper_drop"),
    ("辣椒光开花不坐果还掉果", "pepper_drop"),
    ("地力补贴啥时候发", "subsidy_pay"),
    ("耕地补贴钱几时到账", "subsidy_pay"),
    ("鸡新城疫疫苗咋打", "ndv"),
    ("小鸡打新城疫苗怎么打", "ndv"),
    ("黄瓜霜霉病打啥药", "cucumber_mildew"),
    ("黄瓜叶子背面长黑毛用啥药", "cucumber_mildew"),
    ("玉米一亩地上多少尿素", "urea"),
    ("苞米追尿素一亩多少斤", "urea"),
    ("橘子树上红蜘蛛咋治", "citrus_mite"),
    ("柑子红蜘蛛用啥药", "citrus_mite"),
    ("买农机补贴咋申请", "machine_subsidy"),
    ("买拖拉机的补贴怎么办", "machine_subsidy"),
    ("西瓜嫁接咋弄", "melon_graft"),
    ("西瓜苗怎么嫁接", "melon_graft"),
    ("羊拉稀咋治", "sheep_diarrhea"),
    ("小羊拉肚子怎么办", "sheep_diarrhea"),
    ("羊腹泻用啥药", "sheep_diarrhea"),
    ("母猪下完崽不吃食", "sow_appetite"),
    ("母猪生了小猪不吃东西咋办", "sow_appetite"),
    ("玉米地打啥除草剂", "corn_weed"),
    ("苞米出苗后用什么药除草", "corn_weed"),
    ("西红柿裂口子咋回事", "tomato_crack"),
    ("番茄裂果咋办", "tomato_crack"),
    ("鱼塘里鱼浮头咋办", "fish_oxygen"),
    ("早上鱼都浮到水面张嘴", "fish_oxygen"),
    ("洋芋叶子发黑烂是晚疫病吗", "potato_blight"),
    ("土豆晚疫病用啥药", "potato_blight"),
    ("牛肚子胀得鼓鼓的咋办", "cattle_bloat"),
    ("牛胀气咋治", "cattle_bloat"),
]

# Each filler as a farmer puts it around a question ({} is the question).
FILLERS = [
    # Pronouns: 客家 𠊎 (typed 偃 or 涯), 吴 侬 伲 吾 倷 伊拉 屋里厢, 闽 阮 汝, 粤 我哋 佢哋.
    "𠊎{}",
    "偃{}",
    "涯{}",
    "涯屋里{}",
    "侬{}",
    "伲{}",
    "伲屋里厢{}",
    "吾{}",
    "倷{}",
    "伊拉{}",
    "阮{}",
    "阮的{}",
    "汝的{}",
    "我哋{}",
    "佢哋{}",
    "咱家{}",
    "兀个{}",
    # Question words and particles at the end (湘 啵 莫 哒, 西南 嗦 撒 噻, 粤 喇 啩 喎 啫 咩, 闽
    # 呣, 东北 嘎 呐, the young's 吖 涅).
    "{}嘛",
    "{}咧",
    "{}哦",
    "{}噢",
    "{}啵",
    "{}啵？",
    "{}嗷",
    "{}咯",
    "{}喔",
    "{}诶",
    "{}哈",
    "{}哇",
    "{}呗",
    "{}莫",
    "{}莫？",
    "{}啰",
    "{}嗦",
    "{}哒",
    "{}嗒",
    "{}喇",
    "{}啩",
    "{}喎",
    "{}啫",
    "{}咩",
    "{}呣",
    "{}吖",
    "{}涅",
    "{}嘎",
    "{}呐",
    "{}喏",
    "{}嘞",
    "{}哩",
    "{}噻",
    "{}撒",
    "{}唦",
    "{}哈子",
    "{}嘛哈",
    "{}急急急",
    # Openings, forms of address, pleas.
    "请问，{}",
    "麻烦问一下，{}",
    "打扰一下，{}",
    "你好师傅，{}",
    "同志，{}",
    "同志你好，{}",
    "领导，{}",
    "专家，{}",
    "专家你好，{}",
    "帮我看看，{}",
    "急急急，{}",
    "在吗，{}",
    "有人吗？{}",
    "老乡，{}",
    "老师傅，{}",
    "师父，{}",
    "叔叔，{}",
    "阿姨，{}",
    "美女，{}",
    "帅哥，{}",
    "小哥，{}",
    "哪位大神，{}",
    "跪求，{}",
    "求救，{}",
    "救命，{}",
    "急死了，{}",
    "急死人，{}",
    "十万火急，{}",
    "您好，{}",
    # Story fillers.
    "就是说，{}",
    "那个那个，{}",
    "是这样的，{}",
    "听说，{}",
    "据说，{}",
    "老张说，{}",
    "说实话，{}",
    "不瞒你说，{}",
    "我寻思，{}",
    "我觉得，{}",
    "感觉，{}",
    "怀疑，{}",
    "问个事儿，{}",
    # Interjections.
    "哎呀，{}",
    "唉，{}",
    "妈呀，{}",
    "哎哟，{}",
    "唉呀，{}",
    "啧啧，{}",
    "呜呜，{}",
    "嗐，{}",
    "哇塞，{}",
    "崩溃了，{}",
    "郁闷，{}",
    "糟糕，{}",
    "惨了，{}",
    "真倒霉，{}",
    # The time in a story.
    "前两天，{}",
    "这阵子，{}",
    "那阵子，{}",
    "这段时间，{}",
    "前段时间，{}",
    "近来，{}",
    "刚刚，{}",
    "后来，{}",
    "当时，{}",
    "那会儿，{}",
    "这会儿，{}",
    "上次，{}",
    "目前，{}",
    "如今，{}",
    "眼下，{}",
    "当下，{}",
    "平时，{}",
    "这一阵，{}",
    "那时，{}",
]

# The words this round made scaffold, as in knowledge/text/scaffold.py. Written with 好, 想,
# 听, 事, 哪, 谁, 求, 愁, 惨 and 豁 too; those single characters, scaffold, cost 2.2 points of
# offered on the twenty-two fitted bases left out one at a time (0.863 to 0.841: out-of-scope
# questions full of them looked closer), so they stay topic words (docs/benchmarks.md).
ADDED = (
    # Pronouns, who.
    "涯 伲 吾 倷 伊拉 厢 阮 汝 咱家 您们 哪位 "
    # Particles and negations.
    "喇 啩 啫 㖞 呣 毋 莫 啵 哒 嗒 啰 嗦 嗷 嘎 呐 喏 兀 吖 涅 个 "
    # Openings, forms of address, pleas.
    "同志 领导 有人 老乡 老师傅 师父 大爷 大叔 阿姨 叔叔 美女 帅哥 小哥 大神 大佬 "
    "跪求 求解 求救 救命 急急 着急 急死了 急死人 急用 火急 十万火急 万分 "
    # Story fillers.
    "听说 据说 隔壁 邻居 老李 老张 说实话 不瞒你说 寻思 觉得 感觉 怀疑 事儿 "
    # Interjections.
    "妈呀 哎哟 唉呀 啧啧 呜呜 嗐 哇塞 崩溃 郁闷 糟糕 倒霉 "
    # The time in a story.
    "前两天 这阵子 那阵子 段时间 前段时间 近来 刚刚 后来 当时 那时 那会儿 这会儿 一阵 "
    "上次 目前 如今 眼下 当下 平时 老早 早就"
).split()

# Fillers as typed, cut by jieba: every word of them is scaffold or a stop word.
TYPED = (
    "𠊎 偃 涯 侬 伲 阮 汝 我哋 佢哋 你哋 伲屋里厢 么个 兀个 喎 "
    "请问 麻烦问一下 你好师傅 同志你好 帮我看看 急急急 在吗 有人吗 "
    "急死人了 哪位大神 "
    "那个那个 就是说 然后 反正 听说 隔壁老李说 我寻思 问个事儿 "
    "哎呀 唉 妈呀 哎哟 哎呀妈呀 崩溃了 真倒霉 "
    "前两天 这阵子 这段时间 前段时间 这一阵 那会儿"
).split()

# Words that can be what a farmer asks: never scaffold.
TOPICS = (
    "结果 下 天 几天 两天 时候 什么时候 一大早 好久 多少 多久 药 肥 病 虫 "
    "老王 在线 冒 不 没 人 死 渠 窝 喂 老板 糟 打 治 防"
).split()


@cache
def _base() -> KnowledgeSearch:
    return searched(Entry(key, question, "见农技站说明。") for key, question in BASE.items())


@cache
def _plain(question: str) -> tuple[str, float]:
    """The entry first for a bare question, and its confidence."""
    top = _base().search(question).results[0]
    return top.entry_id, top.confidence


def _is_scaffold(word: str) -> bool:
    return word in SCAFFOLD or word in tokenizer().stopwords


@pytest.mark.parametrize(("question", "expected"), QUESTIONS)
def test_bare_questions_find_their_entry(question: str, expected: str) -> None:
    assert_ranked_first(_base(), question, expected)


@pytest.mark.parametrize("filler", FILLERS)
def test_a_filler_leaves_the_answer(filler: str) -> None:
    # The same entry first, and a confidence at most 0.1 below the bare question's.
    changed = []
    for question, _ in QUESTIONS:
        plain_entry, plain_confidence = _plain(question)
        top = _base().search(filler.format(question)).results[0]
        if top.entry_id != plain_entry or top.confidence < plain_confidence - 0.1:
            changed.append(
                (filler.format(question), top.entry_id, plain_confidence, top.confidence)
            )
    assert not changed, changed


@pytest.mark.parametrize("word", ADDED)
def test_added_words_are_scaffold(word: str) -> None:
    assert _is_scaffold(word)
    tokens = tokenizer().tokens(word)
    assert tokens and all(_is_scaffold(t) for t in tokens), tokens


@pytest.mark.parametrize("typed", TYPED)
def test_typed_fillers_are_scaffold(typed: str) -> None:
    # None left when all are stop words (请问) or no word characters (𠊎).
    tokens = tokenizer().tokens(typed)
    assert all(_is_scaffold(t) for t in tokens), tokens


def test_added_words_are_no_farm_terms() -> None:
    shipped = Thesaurus.read(THESAURUS_FILE)
    farm = (
        shipped.words("same")
        | shipped.words("related")
        | shipped.subjects
        | set(lexicon().term_of)
        | set(glossary().names)
    )
    assert not set(ADDED) & farm, sorted(set(ADDED) & farm)


@pytest.mark.parametrize("word", TOPICS)
def test_topic_words_stay_out_of_the_scaffold(word: str) -> None:
    assert not _is_scaffold(word)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "师傅你好，急急急！前两天听隔壁老李说，这阵子非洲猪瘟又来了，俺寻思问一下，咋防非洲猪瘟，谢谢啦",
            "asf",
        ),
        ("同志你好，涯屋里个辣椒花掉得厉害咧，咋办啵", "pepper_drop"),
        ("哎呀妈呀，领导，这阵子苞谷叶子黄了咋回事嘛，急死了", "corn_yellow"),
        ("阮的柑子红蜘蛛用啥药咧？", "citrus_mite"),
        ("老乡，前段时间听说地力补贴啥时候发哦", "subsidy_pay"),
        ("哦豁，伲屋里厢个羊拉稀咋治嗦", "sheep_diarrhea"),
        ("求大神！当时母猪下完崽就不吃食了，后来也不见好，崩溃了", "sow_appetite"),
        ("嗐，倷晓得伐，番茄裂果咋办", "tomato_crack"),
    ],
)
def test_a_rambling_message_finds_its_entry(question: str, expected: str) -> None:
    outcome = _base().search(question)
    assert outcome.best is not None and outcome.best.entry_id == expected, [
        r.entry_id for r in outcome.results[:3]
    ]
    assert outcome.decision is not Decision.decline, outcome


@pytest.fixture(scope="module")
def spraying() -> KnowledgeSearch:
    return searched(
        [
            Entry("drift", "除草剂飘移药害怎么补救", "见说明。"),
            Entry("weed", "玉米田苗后除草剂的使用", "见说明。"),
            Entry("rain", "打药后下雨要不要补喷", "见说明。"),
            Entry("sprout", "马铃薯贮藏期发芽怎么办", "见说明。"),
            Entry("store", "马铃薯窖藏温度", "见说明。"),
            Entry("ineffective", "打药后效果不好的原因", "见说明。"),
        ]
    )


def test_the_neighbour_still_tells_of_drift(spraying: KnowledgeSearch) -> None:
    # 隔壁 is scaffold, yet a lead reads the drift from the text.
    question = "隔壁地里打的除草剂飘到我家玉米上了咋办"
    assert says(question, "飘移")
    assert_ranked_first(spraying, question, "drift")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("刚打完药就下雨了莫要紧吧", "rain"),  # 湘, 西南 莫 (别, 没)
        ("土豆冒芽了还能吃不", "sprout"),  # 冒 is the sign here, not 湘 没
        ("打了药冒效果咋回事", "ineffective"),
    ],
)
def test_particles_and_signs(spraying: KnowledgeSearch, question: str, expected: str) -> None:
    assert_ranked_first(spraying, question, expected)


@pytest.mark.xfail(
    strict=True,
    reason="a stop word's characters still count in the character share (search.py)",
)
@pytest.mark.parametrize("filler", ["请问，{}", "你好师傅，{}", "然后，{}", "{}，谢谢"])
def test_a_stop_word_on_a_terse_question(filler: str) -> None:
    plain_entry, plain_confidence = _plain("玉米黄叶")
    top = _base().search(filler.format("玉米黄叶")).results[0]
    assert top.entry_id == plain_entry and top.confidence >= plain_confidence - 0.1


@pytest.mark.parametrize("typed", ["站里能帮忙交电费不", "大棚里热得很", "猪圈里有老鼠"])
def test_a_place_word_after_a_noun_is_scaffold(typed: str) -> None:
    # 里 (站里, 大棚里) says where, not what is asked: as a topic word it made 站里能帮忙交电费不
    # look half covered by any station entry (out-of-scope declined +0.4 on the folds).
    tokens = tokenizer().tokens(typed)
    assert "里" in tokens and _is_scaffold("里"), tokens
