"""`farmhub stations import` and `farmhub villages import` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import PROJECT_ROOT


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
