"""What each entry of the index is about, and how that compares with what a question asks.

The per-entry half of the search's evidence (`Evidence` in decision.py): the crops
and animals an entry is about, how much of its question a query says, and whether
it is about another crop, pest, policy or farming task than the one asked.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.kb.index import SearchIndex
from knowledge.kb.subjects import (
    absent_subject,
    aspects_of,
    hosts_named,
    kinds_of,
    names_pest,
    policy_objects,
)
from knowledge.text.animals import animals_in
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise
from knowledge.text.thesaurus import Thesaurus, thesaurus

# Words for produce in general: an entry asked about them is about every crop.
GENERAL_PRODUCE = frozenset(
    ("农产品", "农副产品", "农货", "土特产", "特产", "水果", "蔬菜", "果蔬", "庄稼", "作物", "山货")
)


class EntryFacts:
    """What the entries of one index are about (cached per thesaurus and entry)."""

    def __init__(
        self,
        index: SearchIndex,
        is_scaffold: Callable[[str], bool],
        tokenize: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.index = index
        self._is_scaffold = is_scaffold
        self._tokenize = tokenize
        # What each entry is about (its subjects, its problems), for the thesaurus it was
        # worked out with: an admin's edit to the thesaurus reloads it without a restart.
        self._cache: tuple[object, dict[str, frozenset[str]], dict[str, frozenset[str]]] = (
            None,
            {},
            {},
        )

    def reset(self) -> None:
        """Forget every entry (the index was loaded again)."""
        self._cache = (None, {}, {})

    def forget(self, entry_id: str) -> None:
        """Forget one entry (it changed or went)."""
        self._cache[1].pop(entry_id, None)
        self._cache[2].pop(entry_id, None)

    def _current(self) -> Thesaurus:
        """The thesaurus in use; what was worked out with an older one is forgotten."""
        words = thesaurus()
        if self._cache[0] is not words:
            self._cache = (words, {}, {})
        return words

    def subjects_of(self, entry_id: str) -> set[str]:
        """The products, crops and animals an entry is about (its question, phrasings, tags)."""
        words = self._current()
        known = self._cache[1].get(entry_id)
        if known is None:
            tokens = self.index.tokens_of(entry_id)
            kinds = lexicon().kind_of
            about = (*tokens.question, *tokens.alts, *tokens.tags)
            # An entry whose question is about produce in general (想在网上开店卖农产品)
            # is about any crop: a product its other phrasings name (卖苞谷开淘宝店行不行)
            # is an example, not its subject (怎么在网上卖苹果 had been kept from it).
            if GENERAL_PRODUCE.intersection((*tokens.question, *tokens.tags)):
                about = (*tokens.question, *tokens.tags)
            known = frozenset(t for t in about if kinds.get(t) == "product")
            known |= animals_in((*tokens.question, *tokens.tags))
            known |= words.subjects_in("".join((*tokens.question, *tokens.tags)))
            known |= hosts_named((*tokens.question, *tokens.tags))
            self._cache[1][entry_id] = known
        return set(known)

    def question_cover(self, entry_id: str, said: set[str]) -> float:
        """The share of the entry's question words (by rarity) that the query says."""
        words = {t for t in self.index.tokens_of(entry_id).question if not self._is_scaffold(t)}
        total = sum(self.index.idf(t) for t in words)
        return sum(self.index.idf(t) for t in words if t in said) / total if total else 0.0

    def char_share(self, entry_id: str, query_chars: dict[str, float], total: float) -> float:
        """The share of the query's character weight in the entry's question, phrasings, tags."""
        if not total:
            return 0.0
        own = set(self.index.tokens_of(entry_id).bigrams)
        return sum(w for c, w in query_chars.items() if c in own) / total

    def absent(self, entry_id: str, products: set[str], named: set[str]) -> float:
        """1.0 when the query names a crop or animal the entry does not mention at all."""
        if not products and not named:
            return 0.0
        # A product named in passing to an entry about no product (洋芋 to 预约收货)
        # is not what the question is about. An entry about a disease is about a crop,
        # if one FarmHub does not know (葫芦白粉病): not about the one named.
        if not self.subjects_of(entry_id) and not self.names_disease(entry_id):
            return 0.0
        return absent_subject(self.index.tokens_of(entry_id), products, named)

    def names_disease(self, entry_id: str) -> bool:
        """Whether an entry's question names a disease (白粉病, 鸡瘟): pests (地下害虫,
        蚜虫) are often asked of every crop at once, a disease mostly of one."""
        return any(len(t) > 1 and t[-1] in "病瘟" for t in self.index.tokens_of(entry_id).question)

    def problems_of(self, entry_id: str) -> frozenset[str]:
        """The pests and diseases an entry names, or else the ones its question describes
        (稻秆下面有很多小虫 is a planthopper's entry, if its admin never names it)."""
        words = self._current()
        known = self._cache[2].get(entry_id)
        if known is None:
            tokens = self.index.tokens_of(entry_id)
            own = {t for t in (*tokens.question, *tokens.tags) if names_pest(t, shortest=3)}
            if not own and self._tokenize is not None:
                text = normalise("".join(tokens.question))
                leads = words.expansions(text, tokens.question, self._tokenize)
                own = {t for e in leads if e.lead for t in e.terms if names_pest(t, shortest=3)}
            known = self._cache[2][entry_id] = frozenset(own)
        return known

    def other_problem(self, entry_id: str, problems: set[str]) -> float:
        """1.0 when the query names pests or diseases and the entry others only."""
        if not problems:
            return 0.0
        own = self.problems_of(entry_id)
        return 1.0 if own and not own & problems else 0.0

    def other_kind(self, entry_id: str, asked: set[str]) -> float:
        """1.0 when the entry is about a policy or a station service the query names none of."""
        tokens = self.index.tokens_of(entry_id)
        return 1.0 if kinds_of((*tokens.question, *tokens.tags)) - asked else 0.0

    def lacks_policy(self, entry_id: str, asked: set[str]) -> float:
        """1.0 when the query asks about a policy (补贴, 保险, 贷款) and the entry, answer
        included, says nothing of one (今年种蒜有补贴吗 is not answered by how to plant garlic)."""
        if "policy" not in asked:
            return 0.0
        tokens = self.index.tokens_of(entry_id)
        return (
            0.0 if "policy" in kinds_of((*tokens.question, *tokens.tags, *tokens.answer)) else 1.0
        )

    def other_aspect(self, entry_id: str, asked: set[str], objects: set[str]) -> float:
        """1.0 when the query asks about farming tasks (修剪) and the entry is about others
        only, or about a policy or service for one thing (母牛) and the entry for others (农机)."""
        tokens = self.index.tokens_of(entry_id)
        words = (*tokens.question, *tokens.tags)
        if kinds_of(words):
            own, asked = policy_objects(words), objects
        else:
            own = aspects_of(words)
        return 1.0 if asked and own and not own & asked else 0.0

    def other_subject(self, entry_id: str, subjects: set[str]) -> float:
        """1.0 when the query names products and the entry is about others only (葡萄 vs 黄瓜)."""
        if not subjects:
            return 0.0
        own = self.subjects_of(entry_id)
        return 1.0 if own and not own & subjects else 0.0
