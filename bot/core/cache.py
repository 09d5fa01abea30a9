"""Caches of hot lookups (markets, products, latest prices), forgotten when their tables change.

Every price question needs the markets, its product's row and the newest prices:
the same few statements, thousands of times between two imports. A `TableCache`
keeps such results in this process, per engine, and is forgotten:

- at once when this process commits a write to one of its tables (any INSERT,
  UPDATE or DELETE naming the table, ORM or not: `watch` listens on the engine);
- by `invalidate()`, for writes by other processes (a command-line import, or
  another worker: PostgreSQL LISTEN/NOTIFY calls it, see issue 17);
- after `ttl` seconds in any case, the bound on staleness when nobody tells us.

A read that began before an invalidation does not store its (maybe old) result:
each entry is stored only if the cache's generation is still the one the read
started in (`generation()` / `put(..., generation=...)`).
"""

from __future__ import annotations

import re
import time
import weakref
from collections.abc import Hashable, Iterable
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_CACHES: dict[str, TableCache[Any, Any]] = {}
# An execution option: this write changes no cached column (`watch` ignores it).
KEEPS_CACHES = "keeps_caches"
# Writes start with one of these (after comments or a WITH): only they are scanned.
_WRITE = re.compile(r"^\s*(?:WITH\b.*?\)\s*)?(INSERT|UPDATE|DELETE|REPLACE)\b", re.I | re.S)


class TableCache(Generic[K, V]):
    """Results by key, per engine, valid until `tables` change or `ttl` seconds pass."""

    def __init__(self, name: str, tables: Iterable[str], ttl: float, max_entries: int = 4096):
        self.name = name
        self.tables = frozenset(tables)
        self.ttl = ttl
        self.max_entries = max_entries
        self._generation = 0
        self._entries: weakref.WeakKeyDictionary[Any, dict[K, tuple[float, V]]] = (
            weakref.WeakKeyDictionary()
        )
        _CACHES[name] = self

    def generation(self) -> int:
        """Take before reading what will be `put`: an invalidation meanwhile voids the put."""
        return self._generation

    def get(self, engine: Any, key: K) -> V | None:
        """The cached value, or None when absent or expired."""
        entries = self._entries.get(engine)
        found = entries.get(key) if entries is not None else None
        if found is None or found[0] <= time.monotonic():
            return None
        return found[1]

    def put(self, engine: Any, key: K, value: V, *, generation: int) -> None:
        """Keep a value read in `generation` (dropped if the cache was invalidated since)."""
        if generation != self._generation:
            return
        entries = self._entries.setdefault(engine, {})
        if len(entries) >= self.max_entries:
            entries.clear()  # crude but bounded: hot keys come back at once
        entries[key] = (time.monotonic() + self.ttl, value)

    def disable(self) -> None:
        """Cache nothing from now on (where nothing would tell this process of changes)."""
        self.ttl = 0.0
        self.invalidate()

    def invalidate(self) -> None:
        """Forget everything (this process's writes call it; other processes' must)."""
        self._generation += 1
        self._entries.clear()


def caches() -> dict[str, TableCache[Any, Any]]:
    """Every cache by name (for cross-process invalidation)."""
    return dict(_CACHES)


def invalidate_all() -> None:
    """Forget every cache."""
    for cache in _CACHES.values():
        cache.invalidate()


def invalidate_tables(tables: Iterable[str]) -> None:
    """Forget the caches that read any of `tables`."""
    changed = set(tables)
    for cache in _CACHES.values():
        if cache.tables & changed:
            cache.invalidate()


def _written_tables(statement: str) -> set[str]:
    if _WRITE.match(statement) is None:
        return set()
    lowered = statement.lower()
    return {t for c in _CACHES.values() for t in c.tables if t in lowered}


def watch(engine: Engine) -> None:
    """Invalidate caches when a transaction on `engine` that wrote their tables commits."""

    @event.listens_for(engine, "after_cursor_execute")
    def _seen(conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, *_: Any) -> None:
        # Statements that change nothing a cache holds (last-seen times, counts) say so.
        if context is not None and context.execution_options.get(KEEPS_CACHES):
            return
        written = _written_tables(statement)
        if written:
            # Now (so this transaction's own reads see its writes) and at commit.
            invalidate_tables(written)
            conn.info.setdefault("cache_tables", set()).update(written)

    @event.listens_for(engine, "commit")
    def _committed(conn: Any) -> None:
        written = _take(conn)
        if written:
            invalidate_tables(written)

    @event.listens_for(engine, "rollback")
    def _rolled_back(conn: Any) -> None:
        _take(conn)


def _take(conn: Any) -> set[str] | None:
    # An invalidated connection (a cancelled statement) would try to reconnect
    # on `info`: nothing of it was committed, so there is nothing to forget.
    if conn.invalidated or conn.closed:
        return None
    found: set[str] | None = conn.info.pop("cache_tables", None)
    return found
