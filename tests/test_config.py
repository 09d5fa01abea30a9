"""Configuration: YAML, environment overrides, and one-line errors for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.core.config import ConfigError, load_settings


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_loads_with_defaults() -> None:
    settings = load_settings()
    assert settings.default_language == "zh"
    assert settings.timezone == "Asia/Shanghai"
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.token is None


def test_env_overrides_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config(tmp_path, "database_url: sqlite+aiosqlite:///a.db\nlog_level: DEBUG\n")
    monkeypatch.setenv("FARMHUB_CONFIG", str(path))
    monkeypatch.setenv("FARMHUB_DATABASE_URL", "postgresql+asyncpg://u@h/db")
    monkeypatch.setenv("FARMHUB_RATE_LIMITS__GLOBAL_PER_SECOND", "25")
    monkeypatch.setenv("FARMHUB_TELEGRAM_BASE_URL", "http://127.0.0.1:8081/bot")
    monkeypatch.setenv("FARMHUB_TELEGRAM_BASE_FILE_URL", "http://127.0.0.1:8081/file/bot")
    settings = load_settings()
    assert settings.database_url == "postgresql+asyncpg://u@h/db"
    assert settings.log_level == "DEBUG"  # from YAML, not overridden
    assert settings.rate_limits.global_per_second == 25
    assert settings.telegram_base_url == "http://127.0.0.1:8081/bot"
    assert settings.telegram_base_file_url == "http://127.0.0.1:8081/file/bot"


def test_token_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    token = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"
    monkeypatch.setenv("FARMHUB_TELEGRAM_TOKEN", token)
    settings = load_settings()
    assert settings.token == token
    assert token not in repr(settings)
    assert token not in str(settings.model_dump())


@pytest.mark.parametrize(
    ("env", "value", "expected"),
    [
        ("FARMHUB_DATABASE_URL", "sqlite:///x.db", "database_url (FARMHUB_DATABASE_URL): must"),
        ("FARMHUB_DATABASE_URL", "mysql://x", "database_url (FARMHUB_DATABASE_URL): must"),
        ("FARMHUB_TIMEZONE", "Mars/Base", "timezone (FARMHUB_TIMEZONE): unknown timezone"),
        ("FARMHUB_DEFAULT_LANGUAGE", "fr", "default_language (FARMHUB_DEFAULT_LANGUAGE)"),
        ("FARMHUB_TELEGRAM_TOKEN", "not-a-token", "telegram_token (FARMHUB_TELEGRAM_TOKEN): does"),
        ("FARMHUB_TELEGRAM_BASE_URL", "ftp://x", "telegram_base_url (FARMHUB_TELEGRAM_BASE_URL)"),
        ("FARMHUB_ADMIN_IDS", '["bob"]', "admin_ids.0 (FARMHUB_ADMIN_IDS)"),
        ("FARMHUB_LOG_LEVEL", "LOUD", "log_level (FARMHUB_LOG_LEVEL)"),
        ("FARMHUB_RATE_LIMITS__GLOBAL_PER_SECOND", "0", "rate_limits.global_per_second"),
        ("FARMHUB_SCHEDULE__DAILY_DIGEST", "25:00", "schedule.daily_digest"),
        ("FARMHUB_CONFIG", "/nonexistent/farmhub.yaml", "FARMHUB_CONFIG: no such file"),
    ],
)
def test_each_bad_value_gives_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: str,
    value: str,
    expected: str,
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert expected in str(error.value)
    assert "\n" not in str(error.value)
    # Through the CLI: exit 2, one line on stderr, no traceback.
    assert main(["db", "current"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and expected in err and "Traceback" not in err


def test_bad_token_is_not_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FARMHUB_TELEGRAM_TOKEN", "secret-but-malformed")
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert "secret-but-malformed" not in str(error.value)


def test_unknown_key_in_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FARMHUB_CONFIG", str(write_config(tmp_path, "databse_url: x\n")))
    with pytest.raises(ConfigError, match=r"databse_url .*unknown setting"):
        load_settings()


def test_broken_yaml_names_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config(tmp_path, "log_level: INFO\nrate_limits: [unclosed\n")
    monkeypatch.setenv("FARMHUB_CONFIG", str(path))
    with pytest.raises(ConfigError, match=r"line \d+ is not valid YAML"):
        load_settings()


def test_token_never_in_config_yaml() -> None:
    from bot.core.config import PROJECT_ROOT

    assert "telegram_token" not in (PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8")


def test_every_setting_is_documented_in_config_yaml() -> None:
    from bot.core.config import PROJECT_ROOT, Settings

    text = (PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        if name not in ("telegram_token", "webhook_secret"):  # secrets: environment only
            assert f"{name}:" in text, f"{name} missing from config.yaml"


def test_per_farmer_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = load_settings().limits
    assert (shipped.bookings_per_station_day, shipped.open_bookings) == (2, 5)
    assert (shipped.open_offers, shipped.questions_per_day) == (5, 10)
    path = write_config(tmp_path, "limits:\n  open_bookings: 3\n  questions_per_day: 4\n")
    monkeypatch.setenv("FARMHUB_CONFIG", str(path))
    monkeypatch.setenv("FARMHUB_LIMITS__OPEN_OFFERS", "7")
    limits = load_settings().limits
    assert (limits.open_bookings, limits.questions_per_day, limits.open_offers) == (3, 4, 7)
    assert limits.bookings_per_station_day == 2  # the default where unset
    monkeypatch.setenv("FARMHUB_LIMITS__OPEN_BOOKINGS", "0")
    with pytest.raises(
        ConfigError, match=r"limits.open_bookings \(FARMHUB_LIMITS__OPEN_BOOKINGS\)"
    ):
        load_settings()
