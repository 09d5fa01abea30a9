"""What an apply changed, row by row, so /undo can put it back exactly. Telegram-free.

Before an import runs, the rows it may touch (a `Scope`: a table and an optional
condition) are read; after it ran (same transaction), they are read again. The
difference is a `ChangeSet`: rows added, rows removed (kept whole) and, for rows
changed, only the columns that changed, before and after. Stored as JSON with the
apply, it is reverted by deleting the rows added, putting the changed columns
back and inserting the removed rows again; a row someone changed since (its
columns no longer hold the "after" values) is a conflict and nothing is reverted.
"""

from __future__ import annotations

import base64
import enum
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Date,
    DateTime,
    LargeBinary,
    Table,
    Time,
    and_,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeDecorator

from bot.core.db import Base

Encoded = dict[str, Any]


@dataclass(frozen=True)
class Scope:
    """The rows of one table an apply may touch (all rows when `where` is None)."""

    table: Table
    where: ColumnElement[bool] | None = None


def _kind(column: Column[Any]) -> Any:
    kind = column.type
    return kind.impl if isinstance(kind, TypeDecorator) else kind


def _encode(value: Any) -> Any:
    # JSON-safe, and decodable again with the column's type (_decode).
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _decode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = _kind(column)
    if isinstance(kind, SqlEnum) and kind.enum_class is not None:
        return kind.enum_class(value)
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Time):
        return time.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    return value


def _key(table: Table, row: Encoded) -> str:
    return json.dumps([row[c.name] for c in table.primary_key.columns], ensure_ascii=False)


async def _read(session: AsyncSession, scope: Scope) -> dict[str, Encoded]:
    query = select(scope.table)
    if scope.where is not None:
        query = query.where(scope.where)
    rows: dict[str, Encoded] = {}
    for row in await session.execute(query):
        encoded = {name: _encode(value) for name, value in row._mapping.items()}
        rows[_key(scope.table, encoded)] = encoded
    return rows


Snapshot = list[tuple[Scope, dict[str, Encoded]]]


async def snapshot(session: AsyncSession, scopes: Sequence[Scope]) -> Snapshot:
    """The rows in every scope now (flushes first, so pending changes are seen)."""
    await session.flush()
    return [(scope, await _read(session, scope)) for scope in scopes]


@dataclass
class TableChanges:
    """One table's part of a ChangeSet."""

    table: str
    added: list[Encoded] = field(default_factory=list)
    removed: list[Encoded] = field(default_factory=list)
    # (primary key values, {column: before}, {column: after}) for changed columns only.
    changed: list[tuple[Encoded, Encoded, Encoded]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class ChangeSet:
    """Every row an apply added, removed or changed, tables in parent-before-child order."""

    tables: list[TableChanges] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe form (stored with the apply)."""
        return {
            "tables": [
                {
                    "table": t.table,
                    "added": t.added,
                    "removed": t.removed,
                    "changed": [list(c) for c in t.changed],
                }
                for t in self.tables
            ]
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChangeSet:
        """The ChangeSet to_json stored."""
        return cls(
            [
                TableChanges(
                    t["table"],
                    list(t["added"]),
                    list(t["removed"]),
                    [(c[0], c[1], c[2]) for c in t["changed"]],
                )
                for t in data.get("tables", [])
            ]
        )

    def rows(self, table: str) -> TableChanges:
        """The changes of one table (empty when it has none)."""
        return next((t for t in self.tables if t.table == table), TableChanges(table))


def diff(before: Snapshot, after: Snapshot) -> ChangeSet:
    """The changes between two snapshots of the same scopes."""
    changes = ChangeSet()
    for (scope, old), (_, new) in zip(before, after, strict=True):
        table = scope.table
        keys = [c.name for c in table.primary_key.columns]
        part = TableChanges(table.name)
        for key, row in new.items():
            previous = old.get(key)
            if previous is None:
                part.added.append(row)
                continue
            columns = [name for name, value in row.items() if previous.get(name) != value]
            if columns:
                part.changed.append(
                    (
                        {k: row[k] for k in keys},
                        {c: previous.get(c) for c in columns},
                        {c: row[c] for c in columns},
                    )
                )
        part.removed = [row for key, row in old.items() if key not in new]
        if part:
            changes.tables.append(part)
    return changes


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _where_key(table: Table, values: Encoded) -> ColumnElement[bool]:
    return and_(*(c == _decode(c, values[c.name]) for c in table.primary_key.columns))


def _decoded(table: Table, values: Encoded) -> dict[str, Any]:
    return {name: _decode(table.c[name], value) for name, value in values.items()}


async def conflicts(session: AsyncSession, changes: ChangeSet) -> list[str]:
    """Rows changed since the apply, as `table key`: reverting would overwrite someone's work."""
    found: list[str] = []
    for part in changes.tables:
        table = _table(part.table)
        for key, _, after in part.changed:
            row = (await session.execute(select(table).where(_where_key(table, key)))).first()
            now = None if row is None else {k: _encode(v) for k, v in row._mapping.items()}
            if now is None or any(now.get(c) != v for c, v in after.items()):
                found.append(f"{part.table} {_key(table, key)}")
        found += [f"{part.table} {key}" for key in await _present(session, table, part.removed)]
    return found


# Keys looked up per query when checking that removed rows are still gone: an
# undo of a price file that replaced the 54,000 sample prices must not take
# 54,000 round trips.
KEY_BATCH = 500


async def _present(session: AsyncSession, table: Table, rows: Sequence[Encoded]) -> list[str]:
    """The keys (as `_key` writes them) of `rows` that exist in `table` again."""
    columns = list(table.primary_key.columns)
    if len(columns) != 1:
        return [
            _key(table, row)
            for row in rows
            if (await session.execute(select(table).where(_where_key(table, row)))).first()
        ]
    column = columns[0]
    found: list[str] = []
    for start in range(0, len(rows), KEY_BATCH):
        values = [_decode(column, row[column.name]) for row in rows[start : start + KEY_BATCH]]
        present = await session.scalars(select(column).where(column.in_(values)))
        found += [_key(table, {column.name: _encode(value)}) for value in present]
    return found


async def revert(session: AsyncSession, changes: ChangeSet) -> None:
    """Put every row back as it was before the apply (check `conflicts` first)."""
    # Children first when deleting what was added, parents first when re-inserting.
    for part in reversed(changes.tables):
        table = _table(part.table)
        for row in part.added:
            await session.execute(delete(table).where(_where_key(table, row)))
    for part in changes.tables:
        table = _table(part.table)
        for key, before, _ in part.changed:
            await session.execute(
                update(table).where(_where_key(table, key)).values(**_decoded(table, before))
            )
        if part.removed:
            await session.execute(insert(table), [_decoded(table, row) for row in part.removed])
    await session.flush()
