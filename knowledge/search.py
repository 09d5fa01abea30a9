"""Knowledge search: a farmer's question → the best entries, with a calibrated confidence.

Above ANSWER_AT the bot answers with the top entry; between SUGGEST_AT and
ANSWER_AT it offers the top three ("您是不是想问 ..."); below, it says honestly
that it does not know and offers to ask the station.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache

from knowledge.entries import Entry
from knowledge.index import DocTokens, Hit, SearchIndex
from knowledge.intent import Intent, classify
from knowledge.lexicon import pinyin_key
from knowledge.tokenize import Tokenizer, bigrams, tokenizer

# Calibrated on the evaluation set (knowledge/eval/): see docs/benchmarks.md.
ANSWER_AT = 0.62
SUGGEST_AT = 0.40
# A homophone of a query word counts a little less than the word itself.
HOMOPHONE_WEIGHT = 0.8
SUGGESTIONS = 3


class Decision(StrEnum):
    """What the bot should do with a search result."""

    answer = "answer"
    suggest = "suggest"
    decline = "decline"


@dataclass(frozen=True)
class Result:
    """One entry found for a query."""

    entry_id: str
    score: float
    confidence: float


@dataclass(frozen=True)
class SearchOutcome:
    """The intent of the question and the entries found, best first."""

    query: str
    intent: Intent
    decision: Decision
    results: tuple[Result, ...]

    @property
    def best(self) -> Result | None:
        """The top entry, if any."""
        return self.results[0] if self.results else None


def confidence(hit: Hit, ideal: float, runner_up: Hit | None) -> float:
    """How sure we are that `hit` answers the query, from 0 to 1.

    Coverage (the share of the query's informative words the entry contains)
    dominates; the score against the best achievable one separates entries
    that mention the words in passing from those about them; a runner-up with
    nearly the same score means the question is ambiguous.
    """
    strength = min(1.0, hit.score / ideal) if ideal > 0 else 0.0
    value = 0.7 * hit.coverage + 0.3 * math.sqrt(strength)
    if runner_up is not None and runner_up.score > 0.92 * hit.score:
        value -= 0.05
    return max(0.0, min(1.0, value))


class KnowledgeSearch:
    """The searchable knowledge base of one process."""

    def __init__(self, tok: Tokenizer | None = None) -> None:
        self.tokenizer = tok or tokenizer()
        self.index = SearchIndex()
        self._homophones: dict[tuple[str, ...], list[str]] | None = None
        self.loaded = False  # set once the index holds the database's entries
        self.synced_until: datetime | None = None  # newest updated_at applied

    def doc_tokens(self, entry: Entry) -> DocTokens:
        """Tokenise an entry's fields (what the database caches in kb_entries.tokens)."""
        tk = self.tokenizer
        alts = [t for alt in entry.alt_questions for t in tk.tokens(alt)]
        tags = [t for tag in entry.tags for t in tk.tokens(tag)]
        grams = bigrams(" ".join([entry.question, *entry.alt_questions]))
        return DocTokens(tk.tokens(entry.question), alts, tags, tk.tokens(entry.answer), grams)

    def load(self, docs: Iterable[tuple[str, DocTokens]]) -> None:
        """Replace the whole index."""
        self.index.build(docs)
        self._homophones = None
        self.loaded = True

    def upsert(self, entry: Entry, tokens: DocTokens | None = None) -> None:
        """Add or replace one entry; searchable immediately."""
        self.index.upsert(entry.id, tokens or self.doc_tokens(entry))
        self._homophones = None

    def remove(self, entry_id: str) -> None:
        """Drop one entry from search."""
        self.index.remove(entry_id)

    def _homophone_map(self) -> dict[tuple[str, ...], list[str]]:
        # Built lazily: only queries with an unknown word need it.
        if self._homophones is None:
            table: dict[tuple[str, ...], list[str]] = {}
            for term in self.index.vocabulary():
                if len(term) >= 2 and "\u4e00" <= term[0] <= "\u9fff":
                    table.setdefault(pinyin_key(term, fuzzy=len(term) > 2), []).append(term)
            self._homophones = table
        return self._homophones

    def expand(self, terms: list[str]) -> tuple[list[str], dict[str, float]]:
        """Add homophones that the base knows for query words it does not (发荒 → 发黄)."""
        extra: list[str] = []
        weights: dict[str, float] = {}
        for term in terms:
            if len(term) < 2 or self.index.vocabulary_has(term):
                continue
            for alt in self._homophone_map().get(pinyin_key(term, fuzzy=len(term) > 2), []):
                if alt not in terms and alt not in extra:
                    extra.append(alt)
                    weights[alt] = HOMOPHONE_WEIGHT
        return terms + extra, weights

    def search(self, query: str, k: int = 5) -> SearchOutcome:
        """Classify and search one question."""
        intent = classify(query)
        terms = self.tokenizer.tokens(query)
        if not terms:
            return SearchOutcome(query, intent, Decision.decline, ())
        known, weights = self.expand(terms)
        hits = self.index.search(known, bigrams(query), k=max(k, SUGGESTIONS + 1), weights=weights)
        if not hits:
            return SearchOutcome(query, intent, Decision.decline, ())
        ideal = self._ideal(terms)
        results = tuple(
            Result(hit.entry_id, round(hit.score, 4), round(confidence(hit, ideal, nxt), 4))
            for hit, nxt in zip(hits, [*hits[1:], None], strict=False)
        )[:k]
        top = results[0].confidence
        decision = (
            Decision.answer
            if top >= ANSWER_AT
            else Decision.suggest
            if top >= SUGGEST_AT
            else Decision.decline
        )
        return SearchOutcome(query, intent, decision, results)

    def _ideal(self, terms: list[str]) -> float:
        # What an entry that is squarely about every query word would score:
        # each word's idf times a strong in-question impact.
        return sum(self.index.idf(t) for t in terms) * 0.75


@cache
def engine() -> KnowledgeSearch:
    """The process-wide knowledge search (empty until loaded from the database)."""
    return KnowledgeSearch()
