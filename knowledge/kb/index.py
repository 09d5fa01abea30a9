"""An in-memory BM25F index over knowledge entries, fast enough for 50,000 entries.

Each entry has weighted fields (question, alternative phrasings, tags, answer)
plus character bigrams of its questions for typo tolerance. Postings are
compiled into numpy arrays of precomputed term impacts, so a query costs one
vectorised add per query term. Changes after the build go to a small delta
(its own small postings) and the compiled entries they replace are masked out; the
delta is folded in by `compact()` once it grows.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import attrgetter

import numpy as np
import numpy.typing as npt

from knowledge.kb.stored import (
    BIGRAM_PREFIX,
    FIELD_NAMES,
    Compiled,
    DocTokens,
    RawTokens,
    Sources,
    check_splits,
)

# Field weights: the question says what an entry is about; alternative
# phrasings nearly as much; tags are curated key terms; the answer mentions many
# things in passing, so it counts least.
FIELD_WEIGHTS = {"question": 3.0, "alts": 2.0, "tags": 2.0, "answer": 1.0, "bigrams": 0.4}
FIELD_B = {"question": 0.6, "alts": 0.75, "tags": 0.3, "answer": 0.75, "bigrams": 0.75}
K1 = 1.2
COMPACT_AFTER = 2000
# A term in at least this share of the entries also keeps a dense row of
# impacts: adding a whole row is far cheaper than scattering into it.
DENSE_SHARE = 0.125
# Top-k selection samples every SAMPLE_STEP-th score to find a cut-off that
# keeps only a few hundred candidates, instead of partitioning every score.
SAMPLE_STEP = 32
# Compiling packs (term, entry, field) into one int64 key: 3 bits of field,
# 32 of entry number, the rest term number.
_FIELD_BITS, _DOC_BITS = 3, 32
_TERM_SHIFT = _FIELD_BITS + _DOC_BITS
_FIELD_MASK, _DOC_MASK = (1 << _FIELD_BITS) - 1, (1 << _DOC_BITS) - 1


@dataclass
class Hit:
    """One scored entry for a query."""

    entry_id: str
    score: float


# Compiled postings, flat: the terms in order, where each term's run starts
# (one more than the terms), and every run's entry numbers and impacts.
_Flat = tuple[list[str], npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.float32]]
_EMPTY: _Flat = (
    [],
    np.zeros(1, dtype=np.int64),
    np.zeros(0, dtype=np.int32),
    np.zeros(0, dtype=np.float32),
)


@dataclass
class _Compiled:
    ids: npt.NDArray[np.int32]
    impacts: npt.NDArray[np.float32]
    dense: npt.NDArray[np.float32] | None = None  # impacts of every entry (0 if absent)


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
        # The compiled postings, flat: term → number; a term's entries and impacts
        # are ids[starts[n]:starts[n + 1]] (the layout a snapshot stores as it is).
        self._terms: dict[str, int] = {}
        self._starts = np.zeros(1, dtype=np.int64)
        self._ids = np.zeros(0, dtype=np.int32)
        self._impacts = np.zeros(0, dtype=np.float32)
        self._dense: dict[int, npt.NDArray[np.float32]] = {}
        self._delta: dict[str, dict[str, float]] = {}  # entry id → term → weighted tf
        self._delta_terms: dict[str, dict[str, float]] = {}  # term → entry id → weighted tf
        # The delta's postings as arrays for scoring: each changed entry has a
        # slot, and each term (slots, weighted tfs), made when a query needs it.
        self._slot_of: dict[str, int] = {}
        self._slot_ids: list[str | None] = []
        self._free_slots: list[int] = []
        self._delta_arrays: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]] = {}
        self._masked = 0  # compiled entries removed or replaced since the build
        self._idf: dict[str, float] = {}  # known terms' idf until the next change
        self.generation = 0  # counts compiles: the compiled postings change only then
        self._stats = _Stats()
        self._sources: Sources = Sources()

    # ---- building and updating -------------------------------------------------

    def build(self, docs: Iterable[tuple[str, DocTokens]]) -> None:
        """Index every entry from scratch."""
        self._sources = Sources(docs)
        self._compile()

    def _compile(self) -> None:
        self.generation += 1
        self._doc_ids = list(self._sources)
        self._number = {entry_id: n for n, entry_id in enumerate(self._doc_ids)}
        self._set_postings(*self._compile_postings(list(self._sources.values())))
        self._reset()

    def _reset(self) -> None:
        # Nothing changed since the compile: no delta, no masked entries.
        self._alive = np.ones(len(self._doc_ids), dtype=np.float32)
        self._masked = 0
        self._idf = {}
        self._delta = {}
        self._delta_terms = {}
        self._slot_of, self._slot_ids, self._free_slots = {}, [], []
        self._delta_arrays = {}

    def _compile_postings(self, sources: list[DocTokens]) -> _Flat:
        # _weighted_tf for every entry at once, in numpy: the same float64
        # operations in the same order (fields added question → bigrams), so
        # the impacts are bit for bit those of scoring the entries one by one.
        n_docs = len(sources)
        columns = {name: list(map(attrgetter(name), sources)) for name in FIELD_WEIGHTS}
        lengths = {
            name: np.fromiter(map(len, column), dtype=np.int64, count=n_docs)
            for name, column in columns.items()
        }
        self._stats = _Stats({name: float(lengths[name].sum()) for name in FIELD_WEIGHTS}, n_docs)
        if not n_docs:
            return _EMPTY
        vocab: defaultdict[str, int] = defaultdict()
        vocab.default_factory = vocab.__len__  # a new term gets the next number
        keys, weights = [], []
        doc_numbers = np.arange(n_docs, dtype=np.int64)
        for position, name in enumerate(FIELD_WEIGHTS):
            if name == "bigrams":
                # Prefixed once per distinct bigram, not once per occurrence.
                grams: defaultdict[str, int] = defaultdict()
                grams.default_factory = grams.__len__
                local = self._term_numbers(columns[name], lengths[name], grams)
                remap = np.fromiter(
                    (vocab[BIGRAM_PREFIX + g] for g in grams), dtype=np.int64, count=len(grams)
                )
                terms = remap[local]
            else:
                terms = self._term_numbers(columns[name], lengths[name], vocab)
            docs = np.repeat(doc_numbers, lengths[name])
            keys.append((terms << _TERM_SHIFT) | (docs << _FIELD_BITS) | position)
            b = FIELD_B[name]
            norm = 1 - b + b * lengths[name] / max(self._stats.average(name), 1.0)
            weights.append(FIELD_WEIGHTS[name] / norm)
        # One sort gives every (term, entry, field) with its count, ordered by
        # term, then entry, then field. Temporaries are dropped as soon as they
        # are used: at 50,000 entries each is tens of megabytes.
        flat = np.concatenate(keys)
        del keys
        if not len(flat):  # entries without a single token
            return _EMPTY
        flat.sort()
        change = np.empty(len(flat), dtype=bool)
        change[0] = True
        np.not_equal(flat[1:], flat[:-1], out=change[1:])
        starts = np.flatnonzero(change)
        del change
        unique = flat[starts]
        tf = np.diff(starts, append=len(flat))
        del flat, starts
        field_of = (unique & _FIELD_MASK).astype(np.int8)
        pair = unique >> _FIELD_BITS  # term and entry
        del unique
        new_pair = np.empty(len(pair), dtype=bool)
        new_pair[0] = True
        np.not_equal(pair[1:], pair[:-1], out=new_pair[1:])
        pair_of = np.cumsum(new_pair) - 1
        doc_of = (pair & _DOC_MASK).astype(np.int32)
        wtf = np.zeros(int(pair_of[-1]) + 1, dtype=np.float64)
        for position in range(len(FIELD_WEIGHTS)):
            rows = np.flatnonzero(field_of == position)
            wtf[pair_of[rows]] += weights[position][doc_of[rows]] * tf[rows]
        del field_of, pair_of, doc_of, tf
        impacts = (wtf / (K1 + wtf)).astype(np.float32)
        first = pair[new_pair]
        del pair, new_pair, wtf
        term_of, ids = first >> _DOC_BITS, (first & _DOC_MASK).astype(np.int32)
        starts = np.flatnonzero(np.concatenate(([True], term_of[1:] != term_of[:-1])))
        names = list(vocab)
        term_names = [names[n] for n in term_of[starts].tolist()]
        return term_names, np.append(starts, len(term_of)).astype(np.int64), ids, impacts

    def _set_postings(
        self,
        terms: list[str],
        starts: npt.NDArray[np.int64],
        ids: npt.NDArray[np.int32],
        impacts: npt.NDArray[np.float32],
    ) -> None:
        """Install compiled postings; terms in many entries also get a dense row."""
        self._terms = dict(zip(terms, range(len(terms)), strict=True))
        self._starts, self._ids, self._impacts = starts, ids, impacts
        self._dense = {}
        n_docs = len(self._doc_ids)
        for number in np.flatnonzero(np.diff(starts) >= DENSE_SHARE * n_docs).tolist():
            start, end = int(starts[number]), int(starts[number + 1])
            dense = np.zeros(n_docs, dtype=np.float32)
            dense[ids[start:end]] = impacts[start:end]
            self._dense[number] = dense

    def _compiled(self, term: str) -> _Compiled | None:
        """One term's compiled postings (views of the flat arrays), if it has any."""
        number = self._terms.get(term)
        if number is None:
            return None
        start, end = self._starts[number], self._starts[number + 1]
        return _Compiled(self._ids[start:end], self._impacts[start:end], self._dense.get(number))

    @staticmethod
    def _term_numbers(
        column: list[Sequence[str]], lengths: npt.NDArray[np.int64], vocab: defaultdict[str, int]
    ) -> npt.NDArray[np.int64]:
        # Every token of one field, entry after entry, as a term number.
        tokens = chain.from_iterable(column)
        count = int(lengths.sum())
        return np.fromiter(map(vocab.__getitem__, tokens), dtype=np.int64, count=count)

    def _count_lengths(self, tokens: DocTokens, sign: int) -> None:
        self._idf = {}  # the number of entries changes every idf
        for name in FIELD_WEIGHTS:
            self._stats.lengths[name] += sign * len(getattr(tokens, name))
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
        self._delta[entry_id] = tf = self._weighted_tf(tokens)
        for term, wtf in tf.items():
            self._delta_terms.setdefault(term, {})[entry_id] = wtf
            self._delta_arrays.pop(term, None)
        slot = self._free_slots.pop() if self._free_slots else len(self._slot_ids)
        if slot == len(self._slot_ids):
            self._slot_ids.append(entry_id)
        else:
            self._slot_ids[slot] = entry_id
        self._slot_of[entry_id] = slot
        if len(self._delta) > COMPACT_AFTER:
            self.compact()

    def remove(self, entry_id: str) -> None:
        """Drop one entry (no error if it is absent)."""
        old = self._sources.pop(entry_id, None)
        if old is None:
            return
        self._count_lengths(old, -1)
        for term in self._delta.pop(entry_id, {}):
            holders = self._delta_terms[term]
            del holders[entry_id]
            if not holders:
                del self._delta_terms[term]
            self._delta_arrays.pop(term, None)
        slot = self._slot_of.pop(entry_id, None)
        if slot is not None:
            self._slot_ids[slot] = None
            self._free_slots.append(slot)
        number = self._number.get(entry_id)
        if number is not None and self._alive[number]:
            self._alive[number] = 0.0
            self._masked += 1

    def export(self, joined: Sequence[Sequence[str | None]] | None = None) -> Compiled:
        """The compiled index and its entries' tokens, for a snapshot (compacts first).

        `joined`, if given, holds per field each entry's tokens already joined by
        RawTokens.SEP, in the order the entries were built (None: join them here).
        """
        if self._delta or self._masked:
            self.compact()
        sep = RawTokens.SEP
        sources = list(self._sources.values())
        fields = []
        for position, name in enumerate(FIELD_NAMES):
            column = list(map(attrgetter(name), sources))
            if joined is None:
                texts = list(map(sep.join, column))
            elif len(joined[position]) == len(column):
                texts = [
                    sep.join(t) if g is None else g
                    for g, t in zip(joined[position], column, strict=True)
                ]
            else:
                raise ValueError("the joined tokens are not the index's entries")
            check_splits(name, texts, list(map(len, column)))
            fields.append(texts)
        phrasings = [None if t.phrasings is None else list(t.phrasings) for t in sources]
        return Compiled(
            list(self._doc_ids),
            dict(self._stats.lengths),
            list(self._terms),
            self._starts,
            self._ids,
            self._impacts,
            RawTokens(tuple(fields), phrasings),
        )

    def restore(self, compiled: Compiled) -> None:
        """Become the index `export` described, without compiling anything."""
        self.generation += 1
        self._doc_ids = compiled.doc_ids
        self._number = {entry_id: n for n, entry_id in enumerate(self._doc_ids)}
        self._sources = Sources.restored(self._doc_ids, compiled.raw)
        self._stats = _Stats(dict(compiled.lengths), len(self._doc_ids))
        self._set_postings(compiled.terms, compiled.starts, compiled.ids, compiled.impacts)
        self._reset()

    def compact(self) -> None:
        """Fold the delta into the compiled arrays (a full rebuild from the sources)."""
        self._compile()

    def refine(self, entry_id: str, phrasings: Sequence[int]) -> DocTokens:
        """Record how an entry's alts split into phrasings (no term changes, no rescoring)."""
        tokens = self._sources[entry_id] = replace(self._sources[entry_id], phrasings=phrasings)
        return tokens

    def items(self) -> Iterable[tuple[str, DocTokens]]:
        """Every indexed entry's id and tokens."""
        return self._sources.items()

    def question_items(self) -> Iterable[tuple[str, DocTokens]]:
        """As `items`, but only question, alts and phrasings need be filled (exact matches)."""
        return self._sources.questions()

    def entry_ids(self) -> list[str]:
        """Every indexed entry's id."""
        return list(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._sources

    # ---- searching ------------------------------------------------------------------

    def document_frequency(self, term: str) -> int:
        """How many entries contain `term` (compiled plus delta; approximate after removals)."""
        number = self._terms.get(term)
        count = 0 if number is None else int(self._starts[number + 1] - self._starts[number])
        return count + len(self._delta_terms.get(term, ()))

    def idf(self, term: str) -> float:
        """BM25's inverse document frequency of `term` (high for unseen terms)."""
        known = self._idf.get(term)
        if known is not None:
            return known
        n = max(len(self._sources), 1)
        df = self.document_frequency(term)
        value = math.log(1 + (n - df + 0.5) / (df + 0.5))
        if df:  # unknown words (typos, chatter) are not remembered: they are endless
            self._idf[term] = value
        return value

    def vocabulary(self) -> list[str]:
        """Every word term the index knows (bigrams excluded)."""
        words = {t for t in self._terms if not t.startswith(BIGRAM_PREFIX)}
        words.update(t for t in self._delta_terms if not t.startswith(BIGRAM_PREFIX))
        return sorted(words)

    def compiled_words(self) -> list[str]:
        """The word terms of the compiled entries, sorted (the same until the next compile)."""
        return sorted(t for t in self._terms if not t.startswith(BIGRAM_PREFIX))

    def delta_words(self) -> list[str]:
        """The word terms only changed entries have, sorted; with compiled_words, the vocabulary."""
        return sorted(
            t for t in self._delta_terms if not t.startswith(BIGRAM_PREFIX) and t not in self._terms
        )

    def character_pairs(self, compiled: bool = True) -> dict[str, int]:
        """Two characters that follow each other in the entries' questions, phrasings and tags
        (their bigram terms), with how many entries have them: of the compiled entries, or of
        those changed since (the base's own way of putting words together, 缺什么, 几天打)."""
        size = len(BIGRAM_PREFIX) + 2
        if not compiled:
            return {
                t[len(BIGRAM_PREFIX) :]: len(entries)
                for t, entries in self._delta_terms.items()
                if len(t) == size and t.startswith(BIGRAM_PREFIX)
            }
        found = [
            (t, n) for t, n in self._terms.items() if len(t) == size and t.startswith(BIGRAM_PREFIX)
        ]
        numbers = np.fromiter((n for _, n in found), dtype=np.int64, count=len(found))
        counts = (self._starts[numbers + 1] - self._starts[numbers]).tolist()
        return {t[len(BIGRAM_PREFIX) :]: c for (t, _), c in zip(found, counts, strict=True)}

    def vocabulary_has(self, term: str) -> bool:
        """Whether any entry contains `term`."""
        return term in self._terms or term in self._delta_terms

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
        row = np.empty_like(scores)
        for term, count in (*words.items(), *grams.items()):
            compiled = self._compiled(term)
            if compiled is None:
                continue
            if compiled.dense is not None:
                # Adding 0 to the entries without the term leaves them as they were.
                scores += np.multiply(compiled.dense, np.float32(idf[term] * count), out=row)
            else:
                scores[compiled.ids] += np.float32(idf[term] * count) * compiled.impacts
        if self._masked:
            scores *= self._alive
        candidates: dict[str, float] = {}
        if len(scores):
            take = min(k * 4, len(scores))
            top = self._top(scores, take, k)
            found, values = top.tolist(), scores[top].tolist()
            candidates = {self._doc_ids[i]: v for i, v in zip(found, values, strict=True) if v > 0}
        if self._delta:
            # Per changed entry, the same float64 sum over the query terms in the
            # same order as adding up idf * count * tf / (K1 + tf) one by one.
            delta_scores = np.zeros(len(self._slot_ids), dtype=np.float64)
            for t, c in (*words.items(), *grams.items()):
                arrays = self._delta_postings(t)
                if arrays is not None:
                    slots, wtf = arrays
                    delta_scores[slots] += idf[t] * c * wtf / (K1 + wtf)
            scored = np.flatnonzero(delta_scores > 0)
            if 0 < k < len(scored):
                # Only those reaching the k-th best changed entry's score (ties
                # included) can be among the k best overall.
                values = delta_scores[scored]
                kth = np.partition(values, len(values) - k)[len(values) - k]
                scored = scored[values >= kth]
            for slot in scored.tolist():
                entry_id = self._slot_ids[slot]
                assert entry_id is not None
                candidates[entry_id] = float(delta_scores[slot])
        ranked = sorted(candidates.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return [Hit(entry_id, score) for entry_id, score in ranked]

    def _delta_postings(
        self, term: str
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]] | None:
        """The changed entries' slots and weighted tfs for `term`, if any have it."""
        arrays = self._delta_arrays.get(term)
        if arrays is None:
            holders = self._delta_terms.get(term)
            if not holders:
                return None
            slots = np.fromiter(map(self._slot_of.__getitem__, holders), dtype=np.intp)
            wtf = np.fromiter(holders.values(), dtype=np.float64, count=len(holders))
            arrays = self._delta_arrays[term] = (slots, wtf)
        return arrays

    @staticmethod
    def _top(scores: npt.NDArray[np.float32], take: int, k: int) -> npt.NDArray[np.intp]:
        """The `take` best entries, as `np.argpartition(-scores, take - 1)[:take]` gives them.

        The `take`-th best score of a sample of the scores is a cut-off that at
        least `take` entries reach, so only those few are partitioned. Which of
        several entries tied with the `take`-th best score it keeps can differ
        from a full partition; that matters only if the k-th best score is in
        that tie, and then the full partition is used.
        """
        sample = scores[::SAMPLE_STEP]
        if take < 1 or len(sample) <= take:
            return np.argpartition(-scores, take - 1)[:take]
        cut = np.partition(sample, len(sample) - take)[len(sample) - take]
        few = np.flatnonzero(scores >= cut) if cut > 0 else np.flatnonzero(scores)
        if len(few) <= take:
            return few  # every entry with a score: the full partition keeps them all too
        values = scores[few]
        best = np.argpartition(-values, take - 1)[:take]
        kept = np.sort(values[best])
        if kept[0] == kept[-k]:
            return np.argpartition(-scores, take - 1)[:take]
        return few[best]

    def tokens_of(self, entry_id: str) -> DocTokens:
        """The indexed tokens of one entry."""
        return self._sources[entry_id]
