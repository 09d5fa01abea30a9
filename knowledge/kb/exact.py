"""Exact matches: an entry's own question or approved phrasing, typed again.

A key is the tokens of a text joined by spaces. The keys come from the indexed
tokens (question, and each phrasing by DocTokens.phrasings), so the table can be
made from the index at any time: the search makes it on first use, not at
start-up, and an entry's keys need not be remembered to forget them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from knowledge.kb.index import DocTokens


def key_of(tokens: Sequence[str]) -> str:
    """The exact-match key of a text's tokens."""
    return " ".join(tokens)


def keys_of(tokens: DocTokens) -> list[str]:
    """The keys of an entry's question and of each phrasing whose tokens are known."""
    keys = [key_of(tokens.question)]
    if tokens.phrasings:
        keys.extend(map(key_of, tokens.phrasing_tokens() or ()))
    return [key for key in keys if key]  # an empty key is no text: it never matches


class ExactTable:
    """Exact-match keys → the entries they are (several entries may share a question)."""

    def __init__(self, entries: Iterable[tuple[str, DocTokens]] = ()) -> None:
        self._holders: dict[str, list[str]] = {}
        # keys_of and add inlined: this runs over every entry (50,000) at once.
        holders, join = self._holders, " ".join
        for entry_id, tokens in entries:
            keys = [join(tokens.question)]
            if tokens.phrasings:
                alts, start = tokens.alts, 0
                for length in tokens.phrasings:
                    keys.append(join(alts[start : start + length]))
                    start += length
            # Each entry comes once: no need to look through a key's holders
            # (thousands of entries may share a short phrasing) for it.
            for key in dict.fromkeys(keys) if len(keys) > 1 else keys:
                held = holders.get(key)
                if held is None:
                    if key:
                        holders[key] = [entry_id]
                else:
                    held.append(entry_id)

    def add(self, entry_id: str, tokens: DocTokens) -> None:
        """Remember the keys of one entry."""
        for key in keys_of(tokens):
            holders = self._holders.get(key)
            if holders is None:
                self._holders[key] = [entry_id]
            elif entry_id not in holders:
                holders.append(entry_id)

    def forget(self, entry_id: str, tokens: DocTokens) -> None:
        """Drop the keys of one entry (given the tokens they were made from)."""
        for key in keys_of(tokens):
            holders = self._holders.get(key)
            if holders and entry_id in holders:
                holders.remove(entry_id)
                if not holders:
                    del self._holders[key]

    def get(self, key: str) -> list[str]:
        """The entries with this key (empty if none)."""
        return self._holders.get(key, [])
