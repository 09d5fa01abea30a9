"""An in-memory BM25F index over knowledge entries, fast enough for 50,000 entries.

Each entry has weighted fields (question, alternative phrasings, tags, answer)
plus character bigrams of its questions for typo tolerance. Postings are
compiled into numpy arrays of precomputed term impacts, so a query costs one
vectorised add per query term. Changes after the build go to a small delta
(scored in Python) and the compiled entries they replace are masked out; the
delta is folded in by `compact()` once it grows.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

# Field weights: the question says what an entry is about; alternative
# phrasings nearly as much; tags are curated key terms; the answer mentions many
# things in passing, so it counts least.
FIELD_WEIGHTS = {"question": 3.0, "alts": 2.0, "tags": 2.0, "answer": 1.0, "bigrams": 0.2}
FIELD_B = {"question": 0.6, "alts": 0.75, "tags": 0.3, "answer": 0.75, "bigrams": 0.75}
K1 = 1.2
BIGRAM_PREFIX = "§"
COMPACT_AFTER = 2000


@dataclass(frozen=True)
class DocTokens:
    """The tokens of one entry, per field (what the tokenizer made of it)."""

    question: Sequence[str]
    alts: Sequence[str]
    tags: Sequence[str]
    answer: Sequence[str]
    bigrams: Sequence[str]

    def fields(self) -> dict[str, Sequence[str]]:
        """Field name → tokens, bigrams prefixed so they never meet word tokens."""
        return {
            "question": self.question,
            "alts": self.alts,
            "tags": self.tags,
            "answer": self.answer,
            "bigrams": [BIGRAM_PREFIX + b for b in self.bigrams],
        }


@dataclass
class Hit:
    """One scored entry for a query."""

    entry_id: str
    score: float


@dataclass
class _Compiled:
    ids: npt.NDArray[np.int32]
    impacts: npt.NDArray[np.float32]


@dataclass
class _Stats:
    lengths: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FIELD_WEIGHTS, 0.0))
    docs: int = 0

    def average(self, name: str) -> float:
        return self.lengths[name] / self.docs if self.docs else 1.0


class SearchIndex:
    """BM25F over knowledge entries, with incremental updates."""

    def __init__(self) -> None:
        self._doc_ids: list[str] = []  # internal number → entry id (compiled docs)
        self._number: dict[str, int] = {}  # entry id → internal number (compiled docs)
        self._alive = np.zeros(0, dtype=np.float32)
        self._postings: dict[str, _Compiled] = {}
        self._delta: dict[str, dict[str, float]] = {}  # entry id → term → weighted tf
        self._stats = _Stats()
        self._sources: dict[str, DocTokens] = {}

    # ---- building and updating -------------------------------------------------

    def build(self, docs: Iterable[tuple[str, DocTokens]]) -> None:
        """Index every entry from scratch."""
        self._sources = dict(docs)
        self._compile()

    def _compile(self) -> None:
        self._stats = _Stats()
        for tokens in self._sources.values():
            self._count_lengths(tokens, +1)
        self._doc_ids = list(self._sources)
        self._number = {entry_id: n for n, entry_id in enumerate(self._doc_ids)}
        lists: dict[str, tuple[list[int], list[float]]] = {}
        for n, entry_id in enumerate(self._doc_ids):
            for term, wtf in self._weighted_tf(self._sources[entry_id]).items():
                ids, impacts = lists.setdefault(term, ([], []))
                ids.append(n)
                impacts.append(wtf / (K1 + wtf))
        self._postings = {
            term: _Compiled(np.asarray(ids, dtype=np.int32), np.asarray(imp, dtype=np.float32))
            for term, (ids, imp) in lists.items()
        }
        self._alive = np.ones(len(self._doc_ids), dtype=np.float32)
        self._delta = {}

    def _count_lengths(self, tokens: DocTokens, sign: int) -> None:
        for name, values in tokens.fields().items():
            self._stats.lengths[name] += sign * len(values)
        self._stats.docs += sign

    def _weighted_tf(self, tokens: DocTokens) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, values in tokens.fields().items():
            if not values:
                continue
            norm = (
                1
                - FIELD_B[name]
                + FIELD_B[name] * len(values) / max(self._stats.average(name), 1.0)
            )
            weight = FIELD_WEIGHTS[name] / norm
            for term, tf in Counter(values).items():
                out[term] = out.get(term, 0.0) + weight * tf
        return out

    def upsert(self, entry_id: str, tokens: DocTokens) -> None:
        """Add or replace one entry; searchable at once."""
        self.remove(entry_id)
        self._sources[entry_id] = tokens
        self._count_lengths(tokens, +1)
        self._delta[entry_id] = self._weighted_tf(tokens)
        if len(self._delta) > COMPACT_AFTER:
            self.compact()

    def remove(self, entry_id: str) -> None:
        """Drop one entry (no error if it is absent)."""
        old = self._sources.pop(entry_id, None)
        if old is None:
            return
        self._count_lengths(old, -1)
        self._delta.pop(entry_id, None)
        number = self._number.get(entry_id)
        if number is not None:
            self._alive[number] = 0.0

    def compact(self) -> None:
        """Fold the delta into the compiled arrays (a full rebuild from the sources)."""
        self._compile()

    def __len__(self) -> int:
        return len(self._sources)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._sources

    # ---- searching ------------------------------------------------------------------

    def document_frequency(self, term: str) -> int:
        """How many entries contain `term` (compiled plus delta; approximate after removals)."""
        compiled = self._postings.get(term)
        count = len(compiled.ids) if compiled is not None else 0
        return count + sum(1 for tf in self._delta.values() if term in tf)

    def idf(self, term: str) -> float:
        """BM25's inverse document frequency of `term` (high for unseen terms)."""
        n = max(len(self._sources), 1)
        df = self.document_frequency(term)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def vocabulary(self) -> list[str]:
        """Every word term the index knows (bigrams excluded)."""
        words = {t for t in self._postings if not t.startswith(BIGRAM_PREFIX)}
        for tf in self._delta.values():
            words.update(t for t in tf if not t.startswith(BIGRAM_PREFIX))
        return sorted(words)

    def vocabulary_has(self, term: str) -> bool:
        """Whether any entry contains `term`."""
        return term in self._postings or any(term in tf for tf in self._delta.values())

    def search(
        self,
        terms: Sequence[str],
        bigrams: Sequence[str] = (),
        k: int = 5,
        weights: dict[str, float] | None = None,
    ) -> list[Hit]:
        """The best `k` entries for the query terms, with how much of the query each covers."""
        weights = weights or {}
        words = Counter(terms)
        grams = Counter(BIGRAM_PREFIX + b for b in bigrams)
        idf = {t: self.idf(t) * weights.get(t, 1.0) for t in words}
        idf.update({g: self.idf(g) for g in grams})
        scores = np.zeros(len(self._doc_ids), dtype=np.float32)
        for term, count in (*words.items(), *grams.items()):
            compiled = self._postings.get(term)
            if compiled is not None:
                scores[compiled.ids] += np.float32(idf[term] * count) * compiled.impacts
        scores *= self._alive
        candidates: dict[str, float] = {}
        if len(scores):
            take = min(k * 4, len(scores))
            top = np.argpartition(-scores, take - 1)[:take]
            candidates = {self._doc_ids[i]: float(scores[i]) for i in top if scores[i] > 0}
        for entry_id, tf in self._delta.items():
            score = sum(
                idf[t] * c * tf[t] / (K1 + tf[t])
                for t, c in (*words.items(), *grams.items())
                if t in tf
            )
            if score > 0:
                candidates[entry_id] = score
        ranked = sorted(candidates.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return [Hit(entry_id, score) for entry_id, score in ranked]

    def tokens_of(self, entry_id: str) -> DocTokens:
        """The indexed tokens of one entry."""
        return self._sources[entry_id]
