"""Command-line imports are kept as applies (`farmhub imports undo` reverts the last one),
and the nightly housekeeping forgets uploads never confirmed, by the injected clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.admindata import uploads
from bot.audit import entries
from bot.core.clock import PinnedClock
from bot.core.db import session_scope
from bot.models import DataApply, DataUpload, UploadStatus
from handlers.jobs import prune_job
from tests.test_admindata import ADMIN, TODAY, count, price_file, prices, seeded
from tests.test_import_safety import cli


async def test_prune_job_deletes_only_pending_uploads_older_than_a_day(
    db: str, clock: PinnedClock
) -> None:
    await seeded()
    old = await uploads.receive(ADMIN, "old.csv", price_file(f"{TODAY},茄子,新发地,2,元/斤"), TODAY)
    applied = await uploads.receive(
        ADMIN + 1, "applied.csv", price_file(f"{TODAY},茄子,新发地,2.5,元/斤"), TODAY
    )
    assert await uploads.apply(ADMIN + 1, applied.upload_id or 0, TODAY) is not None
    clock.advance(timedelta(hours=20))
    young = await uploads.receive(
        ADMIN + 2, "young.csv", price_file(f"{TODAY},茄子,新发地,3,元/斤"), TODAY
    )
    await prune_job(None)  # type: ignore[arg-type]
    assert await count(DataUpload) == 3  # nothing is a day old yet
    clock.advance(timedelta(hours=5))  # `old` is 25 hours old, `young` 5
    await prune_job(None)  # type: ignore[arg-type]
    async with session_scope() as session:
        left = {u.id: u.status for u in await session.scalars(select(DataUpload))}
    assert left == {applied.upload_id: UploadStatus.applied, young.upload_id: UploadStatus.pending}
    assert old.upload_id not in left
    # The young one can still be confirmed.
    assert await uploads.apply(ADMIN + 2, young.upload_id or 0, TODAY) is not None


async def test_cli_import_is_undone_by_imports_undo(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await seeded()
    before = await prices()
    first = tmp_path / "prices.csv"
    first.write_bytes(
        price_file(f"{TODAY},西红柿,新发地,3.2,元/斤", f"{TODAY},茄子,新发地,2,元/斤")
    )
    code, _, err = await cli(db, monkeypatch, capsys, "prices", "import", str(first))
    assert code == 0, err
    after_first = await prices()
    assert after_first != before
    # The same file again changes nothing and is not kept (it would block the undo).
    code, _, _ = await cli(db, monkeypatch, capsys, "prices", "import", str(first))
    assert code == 0 and await count(DataApply) == 1
    async with session_scope() as session:
        kept = await session.scalar(select(DataApply))
        actions = [(line.action, line.via) for line in await entries(session)]
    assert kept is not None and kept.user_id is None and kept.via == "cli"
    assert ("data.apply", "cli") in actions
    code, out, err = await cli(db, monkeypatch, capsys, "imports", "undo")
    assert code == 0, err
    assert out.startswith("reverted prices.csv (prices): 1 row(s) it added removed")
    assert await prices() == before
    code, _, err = await cli(db, monkeypatch, capsys, "imports", "undo")
    assert code == 1 and "no command-line import to undo" in err


async def test_imports_undo_refused_after_a_later_apply_of_that_kind(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await seeded()
    path = tmp_path / "prices.csv"
    path.write_bytes(price_file(f"{TODAY},茄子,新发地,2,元/斤"))
    assert (await cli(db, monkeypatch, capsys, "prices", "import", str(path)))[0] == 0
    # An admin's upload of prices in the chat, after it.
    preview = await uploads.receive(
        ADMIN, "p.csv", price_file(f"{TODAY},茄子,新发地,2.6,元/斤"), TODAY
    )
    assert await uploads.apply(ADMIN, preview.upload_id or 0, TODAY) is not None
    snapshot: Any = await prices()
    code, _, err = await cli(db, monkeypatch, capsys, "imports", "undo")
    assert code == 1 and "imported again after it" in err
    # Made in the chat: undone there, by the admin who made it.
    assert "管理员 has to send /undo in the chat first" in err
    assert await prices() == snapshot
    # Once the chat's apply is undone, the command line's can be.
    assert (await uploads.undo(ADMIN)).status == "undone"
    assert (await cli(db, monkeypatch, capsys, "imports", "undo"))[0] == 0
