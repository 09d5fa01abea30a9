"""Exact matches: an entry's own question or approved phrasing, typed again.

A key is the tokens of a text joined by spaces (what the cached tokens store for
each question and phrasing), so start-up fills the table from cached strings
without tokenising or building a tuple per phrasing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def key_of(tokens: Sequence[str]) -> str:
    """The exact-match key of a text's tokens."""
    return " ".join(tokens)


class ExactTable:
    """Exact-match keys → the entries they are (several entries may share a question)."""

    def __init__(self) -> None:
        self._holders: dict[str, list[str]] = {}
        self._keys: dict[str, list[str]] = {}  # entry → its keys, to forget them

    def add(self, entry_id: str, keys: Iterable[str]) -> None:
        """Remember keys of one entry (empty keys are no text and never match)."""
        own = self._keys.setdefault(entry_id, [])
        for key in keys:
            if not key:
                continue
            holders = self._holders.get(key)
            if holders is None:
                self._holders[key] = [entry_id]
            elif entry_id not in holders:
                holders.append(entry_id)
            own.append(key)

    def forget(self, entry_id: str) -> None:
        """Drop every key of one entry."""
        for key in self._keys.pop(entry_id, ()):
            holders = self._holders.get(key)
            if holders and entry_id in holders:
                holders.remove(entry_id)
                if not holders:
                    del self._holders[key]

    def get(self, key: str) -> list[str]:
        """The entries with this key (empty if none)."""
        return self._holders.get(key, [])
