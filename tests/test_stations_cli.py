"""`farmhub stations import`, `farmhub villages import` and `farmhub staff` from the command line."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import main
from bot.core.config import PROJECT_ROOT
from bot.core.db import make_engine
from bot.models.users import Role, User

SAMPLE_STATIONS = str(PROJECT_ROOT / "knowledge" / "data" / "stations.csv")


def test_stations_import_then_reimport(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FARMHUB_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    sample = str(PROJECT_ROOT / "knowledge" / "data" / "stations.csv")
    assert main(["stations", "import", sample]) == 0
    assert "stations: 20 added, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert main(["stations", "import", sample]) == 0
    assert "stations: 0 added, 0 updated, 20 unchanged" in capsys.readouterr().out


@pytest.mark.parametrize("what", ["stations", "villages"])
def test_bad_file_changes_nothing(
    what: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FARMHUB_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\n1,x\n", encoding="utf-8")
    assert main([what, "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "required column is missing" in err and "nothing was changed" in err


def test_staff_add_then_remove(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FARMHUB_DATABASE_URL", url)
    assert main(["stations", "import", SAMPLE_STATIONS]) == 0
    assert main(["staff", "add", "777", "SG01"]) == 0
    assert main(["staff", "remove", "777", "SG02"]) == 1
    assert "777 is not staff of station 'SG02'" in capsys.readouterr().err
    assert main(["staff", "remove", "777", "SG01"]) == 0
    assert "user 777 is no longer staff of station SG01" in capsys.readouterr().out

    async def stored() -> tuple[Role, int | None]:
        engine = make_engine(url)
        try:
            async with AsyncSession(engine) as session:
                user = await session.get(User, 777)
                assert user is not None
                return user.role, user.station_id
        finally:
            await engine.dispose()

    assert asyncio.run(stored()) == (Role.farmer, None)
    # Removing again, or someone unknown, says so and changes nothing.
    assert main(["staff", "remove", "777", "SG01"]) == 1
    assert main(["staff", "remove", "888", "SG01"]) == 1
    assert main(["staff", "remove", "777", "NOPE"]) == 1
    assert "no station with id 'NOPE'" in capsys.readouterr().err


def test_staff_remove_without_a_station(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FARMHUB_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    assert main(["stations", "import", SAMPLE_STATIONS]) == 0
    assert main(["staff", "add", "20001", "SG03"]) == 0
    capsys.readouterr()
    assert main(["staff", "remove", "20001"]) == 0
    assert "user 20001 is no longer staff of station SG03" in capsys.readouterr().out
    assert main(["staff", "remove", "20001"]) == 1
    assert "user 20001 is not staff" in capsys.readouterr().err
