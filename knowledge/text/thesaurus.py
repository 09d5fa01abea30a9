"""The thesaurus: farmers' words → the words an entry uses, as weighted query expansion.

knowledge/data/thesaurus.yaml (format in its header; FARMHUB_THESAURUS names
another file) lists equivalent words (打药 = 喷药), related ones (锈病 ~ 条锈病),
symptoms that point to diseases (叶子背面发霉 → 霜霉病) and what farmers say for
station services (叫人来拉货 → 预约收货). Search adds those words to a question
at a lower weight than the words typed. The file is read again whenever its
modification time changes, so an admin's edit applies without a restart.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.text.animals import ANIMALS, OTHER_CREATURES
from knowledge.text.lexicon import DATA_DIR, Mention, lexicon
from knowledge.text.normalise import normalise

THESAURUS_FILE = DATA_DIR / "thesaurus.yaml"
ENV_PATH = "FARMHUB_THESAURUS"
log = logging.getLogger(__name__)
DEFAULT_WEIGHTS = {"same": 0.9, "related": 0.5, "symptoms": 0.85, "services": 0.9}


@dataclass(frozen=True)
class Expansion:
    """Search tokens added to a question, their weight, and the question words they explain."""

    terms: tuple[str, ...]
    weight: float
    sources: frozenset[str]
    # A sign with several possible causes (叶子发黄: 缺氮, 病毒病, 根腐病 …): those causes.
    causes: tuple[str, ...] = ()
    # True for another name of what the question said (a `same` group): not a neighbour.
    same: bool = False
    # True for what a described sign or service means (a lead), not another word for one said.
    lead: bool = False
    # True for the narrower words of a `related` group added to its head (钻心虫 → 玉米螟).
    narrower: bool = False


@dataclass(frozen=True)
class _Group:
    words: tuple[str, ...]  # normalised, every word of the group
    weight: float
    section: str


@dataclass(frozen=True)
class _Lead:
    when: tuple[tuple[str, ...], ...]  # parts, each a tuple of alternatives
    means: tuple[str, ...]
    weight: float
    section: str


class Thesaurus:
    """One loaded thesaurus file."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        data = data or {}
        weights = {**DEFAULT_WEIGHTS, **(data.get("weights") or {})}
        self.groups: list[_Group] = []
        for section in ("same", "related"):
            for head, others in (data.get(section) or {}).items():
                words = tuple(dict.fromkeys(normalise(str(w)) for w in (head, *(others or ()))))
                if len(words) > 1:
                    self.groups.append(_Group(words, float(weights[section]), section))
        # Crops whose pests and diseases are one family's (柠檬, 脐橙 and 沃柑 are citrus):
        # a lead's part naming one of them names them all.
        families = [
            tuple(dict.fromkeys(normalise(str(w)) for w in (head, *(members or ()))))
            for head, members in (data.get("families") or {}).items()
        ]
        self.families = tuple(families)
        self.leads: list[_Lead] = []
        for section in ("symptoms", "services"):
            for item in data.get(section) or ():
                when = tuple(
                    _with_families(
                        tuple(normalise(a) for a in str(part).split("|") if a.strip()), families
                    )
                    for part in item["when"]
                )
                means = tuple(normalise(str(m)) for m in item["means"])
                if when and means:
                    self.leads.append(_Lead(when, means, float(weights[section]), section))
        # Crops and animals the synonym table does not name (荞麦, 兔子).
        self.subjects = frozenset(
            normalise(str(w)) for w in (data.get("subjects") or ()) if str(w).strip()
        )
        # Programmes outside farming (低保, 医保): a question naming one is about it.
        self.programmes: tuple[tuple[str, ...], ...] = tuple(
            tuple(dict.fromkeys(normalise(str(w)) for w in (head, *(others or ()))))
            for head, others in (data.get("programmes") or {}).items()
        )
        # Names that mean another product in some regions (山药 is the potato of the
        # north-west): read as that product on a base that never says the name itself.
        self.regional: dict[str, tuple[str, ...]] = {
            normalise(str(word)): tuple(normalise(str(m)) for m in meanings or ())
            for word, meanings in (data.get("regional") or {}).items()
        }
        # A programme's names also stand for each other, like a `same` group.
        for names in self.programmes:
            if len(names) > 1:
                self.groups.append(_Group(names, float(weights["same"]), "programmes"))
        # Which groups a word belongs to (a word may be in one `same` and one `related`).
        self._by_word: dict[str, list[int]] = {}
        for number, group in enumerate(self.groups):
            for word in group.words:
                self._by_word.setdefault(word, []).append(number)
        # Tokens of the added words, per tokenizer (bound methods compare equal).
        self._tokens: dict[tuple[Callable[[str], list[str]], str], tuple[str, ...]] = {}
        self._parts: list[tuple[_Lead, tuple[_Part, ...]]] | None = None
        self._by_start: dict[str, list[int]] = {}
        self._by_name: dict[str, list[int]] = {}

    @classmethod
    def read(cls, path: Path) -> Thesaurus:
        """Load a thesaurus file (an absent file is an empty thesaurus)."""
        if not path.is_file():
            return cls()
        return cls(yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader) or {})

    def words(self, section: str = "same") -> set[str]:
        """Every word of one section's groups (to check against the synonym table)."""
        return {w for g in self.groups if g.section == section for w in g.words}

    def _tokens_of(self, text: str, tokenize: Callable[[str], list[str]]) -> tuple[str, ...]:
        known = self._tokens.get((tokenize, text))
        if known is None:
            words = tokenize(text)
            # A lone character cut from a phrase (点 of 服务点, 农 of 助农取款) would
            # match every question with that character: only the phrase's words count.
            if any(len(w) > 1 for w in words):
                words = [w for w in words if len(w) > 1]
            known = self._tokens[tokenize, text] = tuple(words)
        return known

    def expansions(
        self, norm: str, tokens: Iterable[str], tokenize: Callable[[str], list[str]]
    ) -> list[Expansion]:
        """What to add to a normalised question whose search tokens are `tokens`."""
        tokens = list(tokens)
        found: list[Expansion] = []
        cuts: set[int] | None = None
        # A name the synonym table folded (老母虫 → 蛴螬) is said as its canonical token.
        folded = {t for t in tokens if t not in norm and lexicon().kind_of.get(t)}
        for word, numbers in self._by_word.items():
            if len(word) < 2 or (word not in norm and word not in folded):
                continue
            if word not in folded:
                if cuts is None:
                    cuts = lexicon().boundaries(norm) or set()
                if cuts and not _stands_alone(norm, word, cuts):
                    continue
            sources = _sources(tokens, (word,))
            for number in numbers:
                group = self.groups[number]
                added = tuple(
                    t
                    for other in group.words
                    if other != word
                    for t in self._tokens_of(other, tokenize)
                    if t not in tokens
                )
                if added:
                    found.append(
                        Expansion(
                            tuple(dict.fromkeys(added)),
                            group.weight,
                            sources,
                            same=group.section != "related",
                            narrower=group.section == "related" and word == group.words[0],
                        )
                    )
        # A product or pest named in a lead matches any of its names (谷子 for 水稻,
        # 海椒 for 辣椒): the question's tokens are already folded to canonical names.
        present = set(tokens)
        # A lead's word inside a crop's or a pest's name is not said (黄 of 黄瓜, 花叶 of
        # 棉花叶子 is 花 | 叶, 白粉 of 白粉虱): leads read the question with names blanked out.
        plain = _without_names(norm)
        chars = set(norm)
        compiled = self._lead_parts()
        for number in self._candidates(chars, present):
            lead, parts = compiled[number]
            matched: list[str] = []
            for part in parts:
                hit = part.find(plain, norm, present)
                if hit is None:
                    break
                matched.append(hit)
            else:
                # Several possible causes share the weight: none is certain.
                weight = lead.weight / math.sqrt(len(lead.means))
                added = tuple(
                    dict.fromkeys(
                        t
                        for m in lead.means
                        for t in self._tokens_of(m, tokenize)
                        if t not in tokens
                    )
                )
                if added:
                    # 贮藏, 储存 are one thing said twice, not two causes.
                    several = lead.section == "symptoms" and not self._one_meaning(lead.means)
                    causes = added if several else ()
                    found.append(
                        Expansion(added, weight, _sources(tokens, matched), causes, lead=True)
                    )
        return found

    def prepare(self) -> None:
        """Compile the leads now (2-3 s the first question would otherwise wait for)."""
        self._lead_parts()

    def _lead_parts(self) -> list[tuple[_Lead, tuple[_Part, ...]]]:
        """Every lead with its parts compiled (built on first use: it needs the lexicon)."""
        if self._parts is None:
            self._parts = [
                (lead, tuple(_Part.of(alts) for alts in lead.when)) for lead in self.leads
            ]
            # The leads a question can set off: by the characters their first part's
            # words start with, and by the products and pests it names.
            for number, (_, parts) in enumerate(self._parts):
                for canonical in set(parts[0].named.values()):
                    self._by_name.setdefault(canonical, []).append(number)
                for char in parts[0].starts:
                    self._by_start.setdefault(char, []).append(number)
        return self._parts

    def _candidates(self, chars: set[str], present: set[str]) -> list[int]:
        """The leads whose first part a question may say (by its characters or the
        products and pests it names), in order."""
        self._lead_parts()
        numbers: set[int] = set()
        for char in chars:
            numbers.update(self._by_start.get(char, ()))
        for name in present:
            numbers.update(self._by_name.get(name, ()))
        return sorted(numbers)

    def _one_meaning(self, means: Sequence[str]) -> bool:
        """Whether a lead's words all name one thing (贮藏, 储存: other names of each other)."""
        first, *others = means
        return all(other in self.same_as(first) for other in others)

    def same_as(self, word: str) -> tuple[str, ...]:
        """The other words of the `same` groups `word` is in (葵花 → 向日葵, 毛嗑, …)."""
        return tuple(
            other
            for number in self._by_word.get(word, ())
            if self.groups[number].section == "same"
            for other in self.groups[number].words
            if other != word
        )

    def kin(self, name: str) -> tuple[str, ...]:
        """A family's members for its name (柑橘 → 脐橙, 柚子 …), the family's name for a member
        (脐橙 → 柑橘): what an entry about either says holds for the other. Siblings are not
        kin (an entry about 柚子 does not answer 脐橙)."""
        out: list[str] = []
        for head, *members in self.families:
            if name == head:
                out.extend(members)
            elif name in members:
                out.append(head)
        return tuple(out)

    def programmes_in(self, norm: str) -> list[tuple[str, ...]]:
        """The programmes outside farming a normalised question names, each by all its names."""
        return [names for names in self.programmes if any(name in norm for name in names)]

    def subjects_in(self, norm: str) -> set[str]:
        """The subjects (crops, animals) a normalised question names, outside product names.

        A subject inside a longer product name is not one (山药 in 山药蛋 = 土豆); a
        product's one-character alias inside a subject is not that product
        (麦 in 荞麦): see `products_inside`.
        """
        if not self.subjects:
            return set()
        spans = [(m.start, m.start + len(m.typed)) for m in lexicon().mentions(norm)]
        found = set()
        for subject in self.subjects:
            start = norm.find(subject)
            while start >= 0:
                end = start + len(subject)
                inside = any(a <= start and end <= b and b - a > end - start for a, b in spans)
                if not inside:
                    found.add(subject)
                    break
                start = norm.find(subject, start + 1)
        return found

    def products_inside(self, norm: str, subjects: set[str]) -> set[str]:
        """Products named only inside a subject's name (小麦 for the 麦 of 荞麦)."""
        if not subjects:
            return set()
        spans = []
        for subject in subjects:
            start = norm.find(subject)
            while start >= 0:
                spans.append((start, start + len(subject)))
                start = norm.find(subject, start + 1)
        inside: set[str] = set()
        outside: set[str] = set()
        for m in lexicon().mentions(norm):
            end = m.start + len(m.typed)
            # A subject that is itself a product (荞麦, once a county or the table names it)
            # names that product: only a shorter name inside it is covered.
            covered = any(a <= m.start and end <= b and (a, b) != (m.start, end) for a, b in spans)
            (inside if covered else outside).add(m.canonical)
        return inside - outside


@dataclass(frozen=True)
class _Part:
    """One part of a lead, compiled once: which of its words name a crop, and which a
    product or pest the question's tokens may hold by another of its names."""

    words: tuple[tuple[str, bool], ...]  # each word, and whether it names a crop (洋芋种子)
    named: dict[str, str]  # word → canonical, for product and pest names (谷子 for 水稻)
    starts: frozenset[str]  # the words' first characters: most questions have none of them

    @classmethod
    def of(cls, alts: tuple[str, ...]) -> _Part:
        names = lexicon().term_of
        return cls(
            tuple((a, _names_product(a)) for a in alts),
            {a: names[a] for a in alts if a in names},
            frozenset(a[0] for a in alts if a),
        )

    def find(self, plain: str, norm: str, present: set[str]) -> str | None:
        """The first of this part's words the question says, or None.

        A word that names a crop is read in the question in full, any other with
        the crop and pest names blanked out (`plain`); a product or pest name also matches
        by its canonical name among the question's tokens.
        """
        for word, names_crop in self.words:
            if self.named.get(word) in present:
                return word
            text = norm if names_crop else plain
            if word in text and _said(word, text):
                return word
        return None


def _with_families(alts: tuple[str, ...], families: list[tuple[str, ...]]) -> tuple[str, ...]:
    """A lead's alternatives, with every member of each family one of them names."""
    named = set(alts)
    more = [w for family in families if named & set(family) for w in family]
    return tuple(dict.fromkeys((*alts, *more)))


def _said(word: str, text: str) -> bool:
    """False for an animal's character said only inside another creature's name (牛 of 牛蛙)."""
    if len(word) != 1 or word not in ANIMALS:
        return True
    return any(ch == word and not _inside_other_creature(text, i) for i, ch in enumerate(text))


def _inside_other_creature(text: str, at: int) -> bool:
    """Whether the character at `at` belongs to a word such as 牛蛙, 天牛 or 蜗牛."""
    char = text[at]
    return any(
        text.startswith(word, at - word.index(char))
        for word in OTHER_CREATURES
        if char in word and at >= word.index(char)
    )


def _typed_products(text: str) -> list[Mention]:
    """The product names typed in a text (not heard by their sound)."""
    words = lexicon()
    return [
        m
        for m in words.mentions(text)
        if not m.by_pinyin and words.kind_of.get(m.canonical) == "product"
    ]


@cache
def _names_product(word: str) -> bool:
    """Whether a lead's word contains a product's name (洋芋种子, 黄瓜叶)."""
    return bool(_typed_products(word))


def _without_names(norm: str) -> str:
    """The text with every product and pest name typed in it blanked out (a lead word is not
    in it: 白粉 of 白粉虱 is no powdery mildew; the name itself matches by its canonical token)."""
    mentions = [m for m in lexicon().mentions(norm) if not m.by_pinyin]
    if not mentions:
        return norm
    chars = list(norm)
    for m in mentions:
        chars[m.start : m.start + len(m.typed)] = "\0" * len(m.typed)
    return "".join(chars)


def _stands_alone(norm: str, word: str, cuts: set[int]) -> bool:
    """True when `word` occurs in the text other than inside one longer word.

    收割 inside 收割机 (a machine) or 疫病 inside 早疫病 is another word: it adds nothing.
    """
    start = norm.find(word)
    while start != -1:
        end = start + len(word)
        cut_before = max(c for c in cuts if c <= start)
        cut_after = min((c for c in cuts if c >= end), default=end)
        straddles = any(start < c < end for c in cuts)
        if straddles:
            # Across words only from a word's start: 天牛 in 今天|牛 begins inside 今天
            # (落雨 in jieba's 落|雨天 begins a word: said).
            if start in cuts:
                return True
        elif (cut_before, cut_after) == (start, end):
            return True
        start = norm.find(word, start + 1)
    return False


def _sources(tokens: list[str], spans: Iterable[str]) -> frozenset[str]:
    """The question tokens a matched span covers (or that cover it)."""
    spans = list(spans)
    names = lexicon().term_of
    out = set()
    for token in tokens:
        for span in spans:
            # A folded product name (马铃薯 → 土豆) covers the span its alias typed.
            if token in span or span in token or names.get(span) == token:
                out.add(token)
    return frozenset(out)


# libyaml's parser where PyYAML was built with it: the thesaurus (6,000 lines) loads in a
# fraction of the pure-Python parser's 2-3 s, which the first farmer's question waited for.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """YAML that refuses a key given twice (PyYAML would keep the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise ValueError(f"line {line}: {key} is already a key on line {seen[key]}")
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


_DEFAULT_PATH = str(THESAURUS_FILE)


class _Current:
    """The thesaurus of this process, reloaded when its file (or FARMHUB_THESAURUS) changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[str, int] | None = None
        self._value = Thesaurus()

    def get(self) -> Thesaurus:
        # Called for every entry a search looks at: a plain string and os.stat, no Path.
        name = os.environ.get(ENV_PATH) or _DEFAULT_PATH
        try:
            stamp = os.stat(name).st_mtime_ns
        except OSError:
            stamp = -1
        key = (name, stamp)
        if key != self._key:
            with self._lock:
                if key != self._key:
                    try:
                        self._value = Thesaurus.read(Path(name))
                    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as e:
                        # A half-saved or broken edit: keep searching with the last good one.
                        log.warning(
                            "thesaurus %s is not valid (%s); keeping the previous one", name, e
                        )
                    self._key = key
        return self._value


_CURRENT = _Current()


def thesaurus() -> Thesaurus:
    """The current thesaurus (re-read when the file's modification time changes)."""
    return _CURRENT.get()
