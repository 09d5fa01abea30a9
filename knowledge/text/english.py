"""English farming questions in the knowledge base's words (the base is in Chinese).

"my pigs have diarrhea" → "猪 拉稀": product names through the lexicon's English
names, farming words through the glossary knowledge/data/english.yaml (format in
its header), so an English question finds the Chinese entry that answers it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.text.lexicon import DATA_DIR, lexicon
from knowledge.text.normalise import normalise
from knowledge.text.scaffold import SCAFFOLD

GLOSSARY_FILE = DATA_DIR / "english.yaml"
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[a-z]")
# What an English word or phrase of the glossary may be made of.
_ENGLISH = re.compile(r"[a-z0-9][a-z0-9' -]*")
_PLURAL_ES = ("s", "x", "z", "ch", "sh", "o")


class GlossaryError(ValueError):
    """The English glossary file is not in the documented format."""


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key
class Glossary:
    """English words and phrases, every plural included, and the Chinese each means."""

    words: Mapping[str, str]
    # Each Chinese word's first English word (霜霉病 → downy mildew), to gloss entries.
    names: Mapping[str, str] = field(default_factory=dict)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice (YAML would keep only the last)."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise GlossaryError(f"line {key_node.start_mark.line + 1}: {key!r} is given twice")
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def plurals(word: str, irregular: Mapping[str, str]) -> list[str]:
    """The plurals of a word or phrase (its last word): pig → pigs, fly → flies, calf → calves."""
    head, _, last = word.rpartition(" ")
    prefix = f"{head} " if head else ""
    if last in irregular:
        return [prefix + irregular[last]]
    if last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        return [prefix + last[:-1] + "ies"]
    if last.endswith(_PLURAL_ES):
        return [prefix + last + "es", prefix + last + "s"]
    return [prefix + last + "s"]


def parse_glossary(data: Any, source: str = "glossary") -> Glossary:
    """The glossary of a loaded file's data; GlossaryError says what is wrong and where."""
    if not isinstance(data, dict) or not isinstance(data.get("words"), dict):
        raise GlossaryError(f"{source}: needs a `words:` section (Chinese: [english, ...])")
    unknown = set(data) - {"words", "plurals"}
    if unknown:
        raise GlossaryError(f"{source}: unknown section(s) {sorted(map(str, unknown))}")
    irregular = _irregular(data.get("plurals") or {}, source)
    given: dict[str, str] = {}
    for chinese, english in data["words"].items():
        for word in _group(chinese, english, source):
            if word in given:
                raise GlossaryError(f"{source}: {word!r} is under both {given[word]} and {chinese}")
            given[word] = str(chinese)
    words = dict(given)
    for word, chinese in given.items():
        for plural in plurals(word, irregular):
            words.setdefault(plural, chinese)  # a word given as itself wins
    names = {chinese: english for english, chinese in reversed(given.items())}
    return Glossary(words, names)


def _irregular(data: Any, source: str) -> dict[str, str]:
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise GlossaryError(f"{source}: `plurals:` is singular: plural, both words")
    return {k.strip().lower(): v.strip().lower() for k, v in data.items()}


def _group(chinese: Any, english: Any, source: str) -> list[str]:
    if not isinstance(chinese, str) or not _CJK.search(chinese):
        raise GlossaryError(f"{source}: {chinese!r} is not a Chinese word")
    if not isinstance(english, list) or not english:
        raise GlossaryError(f"{source}: {chinese}: needs a list of English words, [a, b]")
    words = []
    for word in english:
        text = " ".join(str(word).split())
        if not isinstance(word, str) or text != text.lower() or not _ENGLISH.fullmatch(text):
            raise GlossaryError(
                f"{source}: {chinese}: {word!r} is not an English word in lower case"
            )
        words.append(text)
    return words


def load_glossary(path: Path) -> Glossary:
    """The glossary in a file; GlossaryError names the file and the mistake."""
    try:
        # A SafeLoader that also refuses a key given twice.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except GlossaryError as err:
        raise GlossaryError(f"{path}: {err}") from None
    except (OSError, yaml.YAMLError) as err:
        raise GlossaryError(f"{path}: cannot be read: {err}") from err
    return parse_glossary(data, str(path))


@lru_cache(maxsize=1)
def glossary() -> Glossary:
    """The shipped glossary, knowledge/data/english.yaml, read once."""
    return load_glossary(GLOSSARY_FILE)


@lru_cache(maxsize=4)
def _table(
    products: tuple[tuple[str, str], ...], words: Glossary
) -> tuple[dict[str, str], re.Pattern[str]]:
    """Every English form search understands, and one pattern that finds them."""
    table: dict[str, str] = {}
    for en, name in products:
        en = " ".join(en.lower().split())
        for form in (en, *plurals(en, {})):
            table[form] = name
    table.update(words.words)  # chicken is 鸡 the animal, not 鸡肉 the meat
    # Longest phrase first, whole words only; a space in a phrase matches any spaces.
    alternatives = (
        r"\s+".join(map(re.escape, w.split())) for w in sorted(table, key=len, reverse=True)
    )
    pattern = re.compile(r"(?<![a-z0-9])(" + "|".join(alternatives) + r")(?![a-z0-9])")
    return table, pattern


def is_english(text: str) -> bool:
    """True when the normalised text is written in Latin letters, not in Chinese."""
    norm = normalise(text)
    return bool(_LATIN.search(norm)) and not _CJK.search(norm)


# "keep" before a verb's -ing (my goats keep coughing, it kept limping, keeps on dying) says
# "again and again", not keeping produce (储存): it is dropped, the verb is read. A noun in
# -ing after it (keep the bedding dry, keep something) leaves it as it was.
_KEEP_DOING = re.compile(
    r"\bkeep(?:s|ing)?\s+(?:on\s+)?(?=([a-z]{2,}ing)\b)|\bkept\s+(?:on\s+)?(?=([a-z]{2,}ing)\b)"
)
_ING_NOUNS = frozenset(
    "bedding building clothing housing flooring lining netting fencing roofing pudding "
    "stuffing seasoning icing dressing something nothing anything everything morning evening "
    "string spring thing sibling seedling seedlings duckling gosling piglet".split()
)


def _keep_doing(norm: str) -> str:
    """`norm` without the "keep" of "keep doing" (see _KEEP_DOING)."""
    return _KEEP_DOING.sub(
        lambda m: m.group(0) if (m.group(1) or m.group(2)) in _ING_NOUNS else "", norm
    )


def to_chinese_query(text: str) -> str:
    """The text's English product names and farming words in Chinese, for search."""
    norm = _keep_doing(normalise(text).replace("\u2019", "'"))
    products = tuple((p.en, p.name) for p in lexicon().products.values() if p.en)
    table, pattern = _table(products, glossary())
    found = list(dict.fromkeys(table[" ".join(m.group(1).split())] for m in pattern.finditer(norm)))
    if _AMOUNT in found or _AMOUNT_NOUN.search(norm):
        found = _amount_first(found)
    # Only the Chinese goes to search: English words left over match nothing in
    # the base and would only count against the words that do.
    return " ".join(found) if found else norm


# "how much fertiliser for corn", "how many seeds per mu of wheat", "corn fertilizer amount":
# an amount of an input (fertiliser, seed, water, feed, a spray) for a crop or an animal. Chinese
# says the crop first, then the input and its amount (小麦种子多少, 黄瓜浇水多少), and so do the
# base's entries: in English order (多少 施肥 玉米) they were not found. Fertilising is the one
# input whose amount the base gives inside its how-to entries (底肥和追肥, 尿素怎么用): 玉米 施肥
# offers them, where 多少 drew the entries that give some other number (施肥 多少 declined).
_AMOUNT = "多少"  # how much, how many
_AMOUNT_NOUN = re.compile(r"\b(?:amount|amounts|quantity|rate|dose|dosage)\b")
_AMOUNT_IN_HOW_TO = frozenset({"施肥"})


def _amount_first(found: list[str]) -> list[str]:
    """Words of an amount question in Chinese order: what it is for (小麦), then the input with
    its amount (种子 多少; 施肥 alone, see above), then the rest; as found when no crop or no
    input is named."""
    subjects = [w for w in found if _is_subject(w)]
    inputs = [w for w in found if w != _AMOUNT and not _is_subject(w)]
    if not subjects or not inputs:
        return found
    # The input is what the amount is said of: the word after 多少 (how much urea), else the first.
    after = found.index(_AMOUNT) + 1 if _AMOUNT in found else len(found)
    what = next((w for w in found[after:] if w in inputs), inputs[0])
    rest = [w for w in inputs if w != what]
    amount = what if what in _AMOUNT_IN_HOW_TO else f"{what} {_AMOUNT}"
    return [*subjects, amount, *rest]


def chinese_tags(typed: str) -> list[str]:
    """Tags typed in English (an admin's /kb add: "tomato", "sweet potatoes", "pig") in the
    base's Chinese (西红柿, 红薯, 猪): the products' English names and the glossary's words,
    the longest phrase first; a word neither knows, or a Chinese one, kept as typed."""
    products = tuple((p.en, p.name) for p in lexicon().products.values() if p.en)
    table, _ = _table(products, glossary())
    words, tags, at = typed.split(), [], 0
    while at < len(words):
        for end in range(len(words), at, -1):
            chinese = table.get(" ".join(words[at:end]).lower())
            if chinese:
                tags += chinese.split()  # 预约 收货: two tags
                at = end
                break
        else:
            tags.append(words[at])
            at += 1
    return tags


def gloss(question: str, most: int = 4) -> str:
    """An entry's Chinese question as a short English label, for an English reader (the base
    has no English title for it): what it is about first (a crop, an animal), then its topics,
    then what it asks: 黄瓜霜霉病怎么防治？ → "cucumber: downy mildew, prevent";
    西红柿屁股发黑烂是什么病 → "tomato: turning black, rotting — what disease?"; 下面老叶发黄是
    缺什么 → "turning yellow, deficiency". At most `most` words besides what it asks."""
    return _label_of(_glossed(question), most)


def gloss_entry(question: str, tags: Sequence[str], most: int = 4) -> str:
    """An entry's label as gloss() makes it, its tags' topics added when its question names
    only what it is about (芒果怎么保存, tagged 储存: "mango: storage", not "mango"; 玉米田间怎么
    管理: "corn: top dressing, …") or nothing an English word says (倒春寒霜冻怎么防)."""
    glossed = _glossed(question)
    if any(not _ASKING.match(e) and not _is_subject(c) for c, e in glossed):
        return _label_of(glossed, most)
    seen = {english for _, english in glossed}
    for tag in tags:
        for chinese, english in _glossed(tag):
            if english not in seen and not _ASKING.match(english):
                seen.add(english)
                glossed.append((chinese, english))
    return _label_of(glossed, most)


def _label_of(glossed: list[tuple[str, str]], most: int) -> str:
    """The label of glossed words: what it is about, its topics, what it asks (see gloss)."""
    asks = next((english for _, english in glossed if _ASKING.match(english)), "")
    named = [(chinese, english) for chinese, english in glossed if not _ASKING.match(english)]
    named = named[:most]
    if not named:
        return ""  # a question word alone (怎么办) says nothing of what it is about
    about = [english for chinese, english in named if _is_subject(chinese)]
    topics = [english for chinese, english in named if not _is_subject(chinese)]
    label = _listed(about) + (": " if about and topics else "") + ", ".join(topics)
    return f"{label} — {asks}?" if asks else label


def _glossed(question: str) -> list[tuple[str, str]]:
    """The Chinese words of a question that have an English word, with it, each once."""
    text, found = normalise(question), []
    names = _chinese_names()
    seen: set[str] = set()
    at = 0
    while at < len(text):
        # The longest name or glossary word starting here (鸡新城疫: 鸡, then 新城疫).
        word = next(
            (
                text[at:end]
                for end in range(min(len(text), at + 8), at, -1)
                if text[at:end] in names
            ),
            None,
        )
        if word is None:
            at += 1
            continue
        if names[word] and names[word] not in seen:
            seen.add(names[word])
            found.append((word, names[word]))
        at += len(word)
    return found


# What a question asks, glossed (什么病: what disease, 什么时候: when, 多少: how much).
_ASKING = re.compile(r"(?:what|when|which|how|why|where)\b")
# What a question is about besides the price list's products (猪, 西红柿): animals and plants
# of the glossary that are no product.
_SUBJECTS = frozenset(
    "小猪 母猪 仔猪 奶牛 犊牛 羊羔 鸭 鹅 鱼 小鸡 兔子 蜜蜂 畜禽 马匹 驴 对虾 小龙虾 螃蟹 养蚕 鹌鹑 "
    "火鸡 狗 梅花鹿 果树 蔬菜 水果 粮食 庄稼 菜苗 小苗".split()
)


def _is_subject(chinese: str) -> bool:
    lex = lexicon()
    return chinese in _SUBJECTS or lex.term_of.get(chinese) in lex.products


def _listed(words: list[str]) -> str:
    """Words as English lists them: pig; pig and cow; pig, cow and sheep."""
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]


# The meats the price list quotes and the animal each is of (knowledge.text.per_head).
_LIVE = {"牛肉": "牛", "猪肉": "猪", "羊肉": "羊", "鸡肉": "鸡"}


@lru_cache(maxsize=1)
def _chinese_names() -> dict[str, str]:
    """Chinese words with their English (product names, then the glossary); a question
    word (怎么, 多少) maps to "" so it is stepped over, never glossed."""
    lex = lexicon()
    names = {
        name: product.en
        for name, canonical in lex.term_of.items()
        if (product := lex.products.get(canonical)) is not None and product.en
    }
    # For another name of a product (猪 for the price list's 猪肉) the glossary's word wins:
    # 猪 is "pig" in a question, not "pork". A product's own name keeps its English (土豆:
    # potato, whatever the glossary lists under it).
    for chinese, english in glossary().names.items():
        if chinese not in names or lex.term_of.get(chinese, chinese) != chinese:
            names[chinese] = english
    # A name of a meat that says the live animal (黄牛, 土猪: a county's names of 牛肉, 猪肉) is
    # the animal, as the glossary says it (cow, pig), not its meat (blind test: "beef: diarrhea").
    for name, canonical in lex.term_of.items():
        animal = _LIVE.get(canonical)
        if animal and animal in name and "肉" not in name and not name.isascii():
            names[name] = glossary().names.get(animal) or names.get(name, "")
    return {k: ("" if k in SCAFFOLD or _says_nothing(v) else v) for k, v in names.items()}


# English words that name nothing an entry is about: 能 glossed "can i" is no topic.
_FUNCTION_WORDS = frozenset(
    "a an can could do does i is it my ok should the to we what how".split()
)


def _says_nothing(english: str) -> bool:
    """Whether an English gloss is function words only ("can i", "is it ok to")."""
    return all(word in _FUNCTION_WORDS for word in english.split())


# --- proper names in English replies --------------------------------------------------------
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


# One rule for every name (a station, a place, a market, an address), after China's rules
# for spelling place names in pinyin: a name is its own part (专名) and its generic words
# (通名: a place's kind, a station's brand and kind); the own part is one word, each generic
# word another: 孙家集街道 (Sunjiaji Jiedao), 孙家集京东服务站 (Sunjiaji Jingdong Fuwuzhan),
# 化龙镇 (Hualong Zhen), 化龙镇村淘服务站 (Hualong Zhen Cuntao Fuwuzhan). An own part of one
# character is written with its kind (侯镇: Houzhen, 北区: Beiqu). Between two generic words,
# what is left is cut where jieba cuts (便民, 蔬菜); a name with no generic word is one word
# when short (新发地: Xinfadi), else cut where jieba cuts. A province or city said before a
# name (河南郑州, 北京新发地, 上海江桥批发市场) is a word of its own; a short name after it
# reads as in English, place then province: Zhengzhou, Henan; Xinfadi, Beijing. Each word is
# pinyin without tone marks, its syllables run together, an apostrophe where the next
# starts with a, o or e (西安: Xi'an), ü kept (吕梁: Lüliang).
PLACE_KINDS = frozenset("街道办事处 街道 社区 村委会 居委会 村委 镇 乡 村 县 区 市 省".split())
GENERIC_WORDS = PLACE_KINDS | frozenset(
    "服务站 服务点 服务中心 服务社 便民店 合作社 专业合作社 供销社 收购站 收购点 冷链站 "
    "冷库 信息社 邮政所 邮政局 邮政 快递 驿站 京东 村淘 农村淘宝 淘宝 菜鸟 物流园 物流中心 "
    "批发市场 农贸市场 市场 超市 公司 农场 基地 村民 政府".split()
)
_LONGEST_GENERIC = max(map(len, GENERIC_WORDS))
# A name this short with no generic word is one word (Xinfadi, Sunjiaji, Wenshengjie).
_ONE_WORD_CHARS = 4


def name_parts(run: str) -> list[tuple[str, bool]]:
    """A run of characters cut into (part, generic?): 孙家集京东服务站 → 孙家集, 京东, 服务站.

    A generic word never starts a name (镇江 is a city, 市场 at the start is a market's own
    name); the longest one wins where two start (村淘 over 村, 村委会 over 村).
    """
    parts: list[tuple[str, bool]] = []
    start = at = 0
    while at < len(run):
        word = next(
            (
                run[at:end]
                for end in range(min(len(run), at + _LONGEST_GENERIC), at, -1)
                if run[at:end] in GENERIC_WORDS
            ),
            None,
        ) if at > 0 else None  # fmt: skip
        if word is None:
            at += 1
            continue
        if at > start:
            parts.append((run[start:at], False))
        parts.append((word, True))
        at += len(word)
        start = at
    if start < len(run):
        parts.append((run[start:], False))
    return parts


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Provinces', prefectures' and county-level cities' short names (河南, 郑州, 寿光): the
    places said before a name (河南郑州, 北京新发地)."""
    from knowledge.text.places import gazetteer

    return frozenset(
        p.short
        for p in gazetteer().places
        if len(p.short) > 1 and (p.level in ("province", "prefecture") or p.name.endswith("市"))
    )


def leading_places(run: str) -> tuple[list[str], str]:
    """The provinces and cities a run of characters starts with, and the rest: 河南郑州 →
    [河南, 郑州], ""; 北京新发地 → [北京], 新发地. A place followed by its kind is a name's own
    part (寿光市孙家集街道, 金华村: none)."""
    words = _place_words()
    places: list[str] = []
    while run:
        word = next((run[:n] for n in range(min(len(run), 4), 1, -1) if run[:n] in words), None)
        if word is None or any(run.startswith(kind, len(word)) for kind in PLACE_KINDS):
            break
        places.append(word)
        run = run[len(word) :]
    return places, run


# The names whose pinyin is spelt otherwise by China's own rule: 陕西 is Shaanxi, not 山西's
# Shanxi.
_SPELT = {"陕西": "Shaanxi"}


@lru_cache(maxsize=4096)
def romanise(name: str) -> str:
    """A Chinese name in pinyin, its own part one word and each generic word another:
    新发地 → Xinfadi, 孙家集京东服务站 → Sunjiaji Jingdong Fuwuzhan (rule above)."""
    import jieba  # loaded by the search index anyway; heavy, so only when a name is shown
    from pypinyin import lazy_pinyin

    def spelled(word: str) -> str:
        if word in _SPELT:
            return _SPELT[word]
        syllables = lazy_pinyin(word, v_to_u=True)
        return "".join(
            f"'{s}" if n and s[:1] in ("a", "o", "e") else s for n, s in enumerate(syllables)
        ).capitalize()

    def words(run: re.Match[str]) -> str:
        places, rest = leading_places(run.group(0))
        if not places:
            return own_words(run.group(0))
        if not rest or (len(rest) <= _ONE_WORD_CHARS and name_parts(rest) == [(rest, False)]):
            # 河南郑州, 北京新发地: the smaller place first, as English says it.
            return ", ".join(spelled(w) for w in reversed([*places, rest] if rest else places))
        # 上海江桥批发市场: Shanghai Jiangqiao Pifashichang; what follows the place is cut where
        # jieba cuts (郑州粮油贸易公司: Zhengzhou Liangyou Maoyi Gongsi).
        return " ".join([*map(spelled, places), own_words(rest, first=False)])

    def own_words(run: str, first: bool = True) -> str:
        parts = name_parts(run)
        out: list[str] = []
        for n, (part, generic) in enumerate(parts):
            kind = n + 1 < len(parts) and parts[n + 1][0] in PLACE_KINDS
            if generic:
                out.append(spelled(part))
            elif len(part) == 1 and kind:
                # One character of its own is written with its kind: 侯镇 Houzhen, 北区 Beiqu.
                out.append(spelled(part + parts[n + 1][0]))
                parts[n + 1] = ("", True)
            elif ((n == 0 and first) or kind) and len(part) <= _ONE_WORD_CHARS:
                # A name's own part, or a place's before its kind: one word (Sanyuanzhu Cun).
                out.append(spelled(part))
            else:
                cut = [w for w in jieba.lcut(part) if w.strip()]
                if len(cut) > 1 and len(cut[0]) == 1:
                    cut[:2] = [
                        cut[0] + cut[1]
                    ]  # a character jieba leaves alone: 新发地, not 新 发地
                out.extend(map(spelled, cut))
        return " ".join(w for w in out if w)

    spaced = _CJK_RUN.sub(lambda m: f" {words(m)} ", name.translate(_ASCII_PUNCTUATION))
    # Punctuation hugs its words, as in English: "Beimen (Dong)", "Cun, Zhen".
    tight = re.sub(r"\(\s+", "(", re.sub(r"\s+([),.;:])", r"\1", spaced))
    return re.sub(r"\s+", " ", tight).strip()


# Chinese punctuation in a name, as English writes it.
_ASCII_PUNCTUATION = str.maketrans({"（": " (", "）": ")", "，": ", ", "、": ", ", "：": ": "})
# A name with a qualifier in brackets, as the gazetteer writes a village with its
# township: 王家庄村（稻田镇）.
_QUALIFIED = re.compile(r"^(.+?)\s*[（(]([^（）()]+)[）)]$")


def name_label(lang: str | None, name: str) -> str:
    """A proper name as a reply shows it: in English with its pinyin, 新发地 (Xinfadi).

    A village with its township (王家庄村（稻田镇）) reads in English as village, then
    township, each with its pinyin: 王家庄村 (Wangjiazhuang Cun), 稻田镇 (Daotian Zhen).
    """
    if lang != "en" or not name or not _HAS_CJK.search(name):
        return name
    qualified = _QUALIFIED.match(name)
    if qualified is not None:
        return f"{name_label(lang, qualified.group(1))}, {name_label(lang, qualified.group(2))}"
    return f"{plain_label(lang, name)} ({romanise(name)})"


def width(text: str) -> int:
    """How wide a text shows: a Chinese character takes two Latin letters' room."""
    return sum(2 if _HAS_CJK.match(c) else 1 for c in text)


def fit_width(text: str, most: int, at_words: bool = True) -> str:
    """The text cut to `most` columns (at a word's end when it has spaces, unless not
    `at_words`: a Chinese question has no words to cut at), with "…"."""
    if width(text) <= most:
        return text
    kept = ""
    for char in text:
        if width(kept + char) > most - 1:
            break
        kept += char
    if at_words and " " in kept and not text[len(kept)].isspace():
        kept = kept.rsplit(" ", 1)[0]  # no half word: "Sunjiaji Jingdong…", not "Jingd…"
    return kept.rstrip(" (,") + "…"


def button_name(lang: str | None, name: str, most: int) -> str:
    """A name as a button shows it, in `most` columns (English) or 14 characters (Chinese, as
    before): in English its own part in characters, as on its sign, then its pinyin, cut at
    a word to fit (孙家集 Sunjiaji Jingdong Fuwuzhan, 圣城街道 Shengcheng Jiedao Youzheng…): an
    English reader reads the pinyin, and the reply above the buttons has both in full."""
    if lang != "en" or not _HAS_CJK.search(name):
        return name if len(name) <= _BUTTON_CHARS else name[: _BUTTON_CHARS - 1] + "…"
    run = _CJK_RUN.search(name)
    assert run is not None
    parts = name_parts(run.group(0))
    head = parts[0][0]
    if len(parts) > 1 and parts[1][0] in PLACE_KINDS and not parts[0][1]:
        head += parts[1][0]  # a place's own name with its kind: 化龙镇
    return fit_width(f"{head} {romanise(name)}", most)


# A Chinese name on a button: this many characters, the last "…" when longer.
_BUTTON_CHARS = 14


def plain_label(lang: str | None, name: str) -> str:
    """A name as a button shows it: 王家庄村（稻田镇）, in English 王家庄村 (稻田镇)."""
    if lang != "en":
        return name
    return re.sub(r"\s+", " ", name.translate(_ASCII_PUNCTUATION)).strip()
