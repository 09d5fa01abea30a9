"""`farmhub users grant|revoke|list|invite` from the command line (contracts of issue 14)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import main
from bot.core.commands import in_session
from bot.core.config import PROJECT_ROOT, get_settings
from bot.users import Visitor, reconcile_roles, touch

SAMPLE_STATIONS = str(PROJECT_ROOT / "knowledge" / "data" / "stations.csv")


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh SQLite database with the sample stations, for `main([...])`."""
    monkeypatch.setenv("FARMHUB_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("FARMHUB_ADMIN_IDS", "[1]")
    get_settings.cache_clear()
    assert main(["stations", "import", SAMPLE_STATIONS]) == 0


def test_grant_list_revoke(cli_db: None, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["users", "grant", "777", "staff", "--station", "SG01"]) == 0
    out = capsys.readouterr().out
    assert "user 777 is now staff of station SG01" in out and "has not started the bot" in out
    assert "farmhub users invite --station ID" in out  # an invite link makes station staff
    assert main(["users", "grant", "778", "staff"]) == 1
    assert "staff need a station" in capsys.readouterr().err
    assert main(["users", "grant", "779", "admin"]) == 0
    out = capsys.readouterr().out
    # An admin is not made by an invite link (it makes station staff): they open the bot.
    assert "user 779 is now admin" in out and "send /start" in out and "invite" not in out
    with pytest.raises(SystemExit):  # argparse: not a role
        main(["users", "grant", "780", "boss"])
    capsys.readouterr()

    assert main(["users", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[:2] == ["779", "admin"]
    assert lines[1].startswith("777\tstaff\t(no name yet)\tSG01")
    assert "NOT STARTED the bot" in lines[1]
    assert lines[-1].startswith("2 have not started the bot")
    assert "staff: send them a `farmhub users invite --station ID` link" in lines[-1]
    assert "admins: ask them to open the bot and send /start" in lines[-1]
    assert main(["users", "list", "--role", "staff", "--station", "SG02"]) == 0
    assert capsys.readouterr().out.strip() == "nobody"

    assert main(["users", "revoke", "777"]) == 0
    assert "user 777 is no longer staff; now a farmer" in capsys.readouterr().out
    assert main(["users", "revoke", "777"]) == 1
    assert "is not staff or an admin" in capsys.readouterr().err
    # The last admin stays (the config names 1, who never wrote, so 779 is the only one).
    assert main(["users", "revoke", "779"]) == 1
    assert "last admin" in capsys.readouterr().err
    assert main(["audit"]) == 0
    assert "role.revoke  user 777" in capsys.readouterr().out


def test_invite_prints_a_one_time_link(
    cli_db: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    capsys.readouterr()
    assert main(["users", "invite", "--station", "SG01"]) == 1
    assert "bot_username" in capsys.readouterr().err
    monkeypatch.setenv("FARMHUB_BOT_USERNAME", "@farmhub_test_bot")
    get_settings.cache_clear()
    assert main(["users", "invite", "--station", "SG01", "--role", "staff"]) == 0
    link, note = capsys.readouterr().out.splitlines()
    assert link.startswith("https://t.me/farmhub_test_bot?start=inv_")
    assert "staff of station SG01" in note and "valid until 2026-06-17" in note
    assert main(["users", "invite", "--station", "NOPE"]) == 1
    assert "no station with id 'NOPE'" in capsys.readouterr().err
    # The invitation and the import are in the audit log; an import that changed
    # nothing (the same file again) is not.
    assert main(["stations", "import", SAMPLE_STATIONS]) == 0
    capsys.readouterr()
    assert main(["audit"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[2] for line in lines] == ["invite.create", "data.apply"]
    assert "stations:stations.csv" in lines[1] and '"added": 20' in lines[1]


def test_an_admin_of_the_sandbox_is_not_said_to_come_from_config_yaml(
    cli_db: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Blind test (施甸): with admin_ids: [], `users list` said 30001 admin 王管理员 - from
    # config.yaml (the sandbox had made them admin by its own admin_ids), even after
    # `farmhub users grant 30001 admin`; the next start would have taken the role away.
    async def sandbox_admin(session: AsyncSession) -> None:  # the sandbox adds its admin
        await touch(session, Visitor(30001, "王管理员"), admin_ids=[30001])

    asyncio.run(in_session(get_settings(), sandbox_admin))
    monkeypatch.setenv("FARMHUB_ADMIN_IDS", "[]")
    get_settings.cache_clear()
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("30001\tadmin\t王管理员\t-\t") and "from config.yaml" not in line
    assert "not in config.yaml now" in line and "farmhub users grant" in line

    assert main(["users", "grant", "30001", "admin"]) == 0
    assert "now kept as granted" in capsys.readouterr().out
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "30001\tadmin\t王管理员\t-\tgranted via cli"

    async def start_with_no_config_admins(session: AsyncSession) -> tuple[int, ...]:
        return (await reconcile_roles(session, [])).demoted

    # The next start with admin_ids: [] keeps them: granted roles stay until revoked.
    assert asyncio.run(in_session(get_settings(), start_with_no_config_admins)) == ()
    assert main(["audit"]) == 0
    assert "role.grant  user 30001" in capsys.readouterr().out
