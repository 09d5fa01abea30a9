"""Entries' tokens as the index keeps them: per entry, or joined per field for a snapshot.

`DocTokens` is one entry's tokens per field; `RawTokens` many entries' tokens
kept as one joined string per field and entry, split only when an entry is
asked for (`Sources`); `Compiled` a compiled index with its raw tokens, as a
snapshot stores it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from operator import methodcaller

import numpy as np
import numpy.typing as npt

# Marks bigram terms so they never meet word terms in one term dictionary.
BIGRAM_PREFIX = "§"
# An entry's fields, in the order every store of tokens keeps them (the index's
# weights, the database's cached tokens, a snapshot's arrays).
FIELD_NAMES = ("question", "alts", "tags", "answer", "bigrams")


@dataclass(frozen=True)
class DocTokens:
    """The tokens of one entry, per field (what the tokenizer made of it)."""

    question: Sequence[str]
    alts: Sequence[str]
    tags: Sequence[str]
    answer: Sequence[str]
    bigrams: Sequence[str]
    # How many of `alts` each alternative phrasing has, in order (their exact
    # matches survive a restart); None for tokens cached before it was stored.
    phrasings: Sequence[int] | None = None

    def phrasing_tokens(self) -> list[Sequence[str]] | None:
        """Each alternative phrasing's tokens, or None if the split is not known."""
        if self.phrasings is None:
            return None
        out, start = [], 0
        for length in self.phrasings:
            out.append(self.alts[start : start + length])
            start += length
        return out

    def fields(self) -> dict[str, Sequence[str]]:
        """Field name → tokens, bigrams prefixed so they never meet word tokens."""
        return {
            "question": self.question,
            "alts": self.alts,
            "tags": self.tags,
            "answer": self.answer,
            "bigrams": [BIGRAM_PREFIX + b for b in self.bigrams],
        }


@dataclass(frozen=True)
class RawTokens:
    """Entries' tokens as a snapshot keeps them: per field, one string per entry.

    An entry's tokens are joined by SEP; its phrasings' lengths are `phrasings[n]`
    (None if not known). They are split into DocTokens only when asked for.
    """

    fields: tuple[list[str], ...]  # in FIELD_NAMES order
    phrasings: list[list[int] | None]

    # A space, as in the database's cached tokens (repository.TOKENS_FORMAT 2):
    # their strings are kept as they are, not joined again.
    SEP = " "

    def tokens(self, number: int) -> DocTokens:
        """The DocTokens of entry `number`."""
        sep = self.SEP
        q, alts, tags, answer, grams = (
            text.split(sep) if text else [] for text in (f[number] for f in self.fields)
        )
        return DocTokens(q, alts, tags, answer, grams, self.phrasings[number])

    def questions(self, number: int) -> DocTokens:
        """Entry `number`'s question, alts and phrasings only (the other fields empty)."""
        sep, fields = self.SEP, self.fields
        q, alts = fields[0][number], fields[1][number]
        return DocTokens(
            q.split(sep) if q else [],
            alts.split(sep) if alts else [],
            (),
            (),
            (),
            self.phrasings[number],
        )


@dataclass(frozen=True)
class Compiled:
    """A compiled index with no pending changes: what a snapshot stores."""

    doc_ids: list[str]
    lengths: dict[str, float]  # each field's total length over the entries
    terms: list[str]
    starts: npt.NDArray[np.int64]
    ids: npt.NDArray[np.int32]
    impacts: npt.NDArray[np.float32]
    raw: RawTokens


def check_splits(name: str, joined: list[str], lengths: list[int]) -> None:
    """Each entry's string must split back into its tokens: no token holds the
    separator, and no field is one empty token (it would split into none)."""
    count = len(joined)
    seps = np.fromiter(map(methodcaller("count", RawTokens.SEP), joined), np.int64, count)
    chars = np.fromiter(map(len, joined), np.int64, count)
    tokens = np.array(lengths, dtype=np.int64)
    if (seps != np.maximum(tokens - 1, 0)).any() or ((tokens == 1) & (chars == 0)).any():
        raise ValueError(f"a {name} token cannot be kept in a snapshot")


class Sources(MutableMapping[str, DocTokens]):
    """Entry id → tokens, in insertion order; an entry restored from a snapshot is
    split from its cached strings on first access (most are never asked for)."""

    def __init__(self, docs: Iterable[tuple[str, DocTokens]] = ()) -> None:
        self._data: dict[str, DocTokens | int] = dict(docs)
        self._raw: RawTokens | None = None

    @classmethod
    def restored(cls, ids: list[str], raw: RawTokens) -> Sources:
        """Sources whose entry n is raw's entry n, not yet split."""
        sources = cls()
        sources._data = dict(zip(ids, range(len(ids)), strict=True))
        sources._raw = raw
        return sources

    def __getitem__(self, entry_id: str) -> DocTokens:
        value = self._data[entry_id]
        if isinstance(value, int):
            assert self._raw is not None
            value = self._data[entry_id] = self._raw.tokens(value)  # same place in the order
        return value

    def __setitem__(self, entry_id: str, tokens: DocTokens) -> None:
        self._data[entry_id] = tokens

    def questions(self) -> Iterator[tuple[str, DocTokens]]:
        """Every entry with at least its question, alts and phrasings, splitting no more."""
        raw = self._raw
        for entry_id, value in self._data.items():
            if isinstance(value, int):
                assert raw is not None
                yield entry_id, raw.questions(value)
            else:
                yield entry_id, value

    def __delitem__(self, entry_id: str) -> None:
        del self._data[entry_id]

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)
