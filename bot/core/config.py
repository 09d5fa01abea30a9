"""Settings: config.yaml overridden by FARMHUB_* environment variables (pydantic-settings)."""

from __future__ import annotations

import os
import re
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENV_PREFIX = "FARMHUB_"
CONFIG_ENV = "FARMHUB_CONFIG"
TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
HHMM_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# What Telegram accepts as a webhook's secret_token.
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
LISTEN_RE = re.compile(r"^(?P<host>[^\s:]+|\[[0-9a-fA-F:]+\]):(?P<port>\d{1,5})$")


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line naming the key."""


class RateLimits(BaseModel):
    """Telegram's flood limits, as the outgoing sender applies them."""

    model_config = ConfigDict(extra="forbid")

    global_per_second: float = Field(30, gt=0, le=10_000)
    private_chat_per_second: float = Field(1, gt=0, le=100)
    group_per_minute: float = Field(20, gt=0, le=10_000)
    paid_broadcast_per_second: float = Field(1000, gt=0, le=100_000)
    paid_broadcast: bool = False


class UserFlood(BaseModel):
    """How fast one person may send before being told to slow down (handlers/throttle.py)."""

    model_config = ConfigDict(extra="forbid")

    messages_per_second: float = Field(1, gt=0, le=10_000)
    message_burst: int = Field(20, ge=1, le=100_000)
    presses_per_second: float = Field(2, gt=0, le=10_000)
    press_burst: int = Field(20, ge=1, le=100_000)


class Schedule(BaseModel):
    """Times of day (HH:MM) of scheduled jobs, in the configured timezone."""

    model_config = ConfigDict(extra="forbid")

    daily_digest: str = "07:00"
    pickup_reminder: str = "19:00"

    @field_validator("daily_digest", "pickup_reminder")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not HHMM_RE.match(value):
            raise ValueError(f"expected a time HH:MM, got {value!r}")
        return value

    def at(self, name: str) -> time:
        """The named schedule entry as a `datetime.time`."""
        hours, minutes = getattr(self, name).split(":")
        return time(int(hours), int(minutes))


class Limits(BaseModel):
    """Per-farmer limits, so one person cannot take every pickup place or flood the staff."""

    model_config = ConfigDict(extra="forbid")

    bookings_per_station_day: int = Field(2, ge=1, le=1000)
    open_bookings: int = Field(5, ge=1, le=10_000)
    open_offers: int = Field(5, ge=1, le=10_000)
    questions_per_day: int = Field(10, ge=1, le=10_000)


# Environment variables older than the setting they override, read under their own name:
# FARMHUB_PRODUCTS (a contract) is `products_file`. An empty one counts as not set.
ENV_ALIASES = {"FARMHUB_PRODUCTS": "products_file"}
# Settings that name a file: a relative path in the YAML file is relative to that file.
PATH_SETTINGS = ("products_file",)


class YamlSource(PydanticBaseSettingsSource):
    """Reads the YAML file named by FARMHUB_CONFIG (default: ./config.yaml, else the project's)."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls)
        path = config_path()
        self.data = load_yaml(path)
        for key in PATH_SETTINGS:
            value = self.data.get(key)
            if isinstance(value, str) and value.strip() and not Path(value).is_absolute():
                self.data[key] = str(path.parent / value.strip())

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        """Unused: `__call__` returns the whole mapping at once."""
        return self.data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self.data)


class AliasEnvSource(PydanticBaseSettingsSource):
    """The settings of ENV_ALIASES, from their environment variables when set (not empty)."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        """Unused: `__call__` returns the whole mapping at once."""
        return self().get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {
            key: os.environ[name].strip()
            for name, key in ENV_ALIASES.items()
            if os.environ.get(name, "").strip()
        }


def config_path() -> Path:
    """Where the YAML configuration is read from."""
    named = os.environ.get(CONFIG_ENV)
    if named:
        path = Path(named)
        if not path.is_file():
            raise ConfigError(f"{CONFIG_ENV}: no such file: {named}")
        return path
    local = Path("config.yaml")
    return local if local.is_file() else PROJECT_ROOT / "config.yaml"


def load_yaml(path: Path) -> dict[str, Any]:
    """Parse the YAML file into a mapping, with a one-line error on bad syntax."""
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}:{where} is not valid YAML") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level")
    return data


class Settings(BaseSettings):
    """Every FarmHub setting; see config.yaml for what each one means."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid"
    )

    database_url: str = "sqlite+aiosqlite:///data/farmhub.db"
    default_language: Literal["zh", "en"] = "zh"
    timezone: str = "Asia/Shanghai"
    admin_ids: list[int] = Field(default_factory=list)
    telegram_token: SecretStr | None = None
    telegram_base_url: str = ""
    telegram_base_file_url: str = ""
    # The bot's @username, for invitation links printed by the command line
    # (`farmhub users invite`); empty: the one the bot remembered at its last start.
    bot_username: str = ""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    rate_limits: RateLimits = Field(default_factory=RateLimits)
    user_flood: UserFlood = Field(default_factory=UserFlood)
    schedule: Schedule = Field(default_factory=Schedule)
    limits: Limits = Field(default_factory=Limits)
    # A shared location farther than this (km) from every station is not in the county:
    # it is answered, but neither remembered as the farmer's place nor given a station.
    far_location_km: float = Field(100, gt=0, le=20_000)
    # Webhook mode (`farmhub run --webhook`, docs/deployment.md): the public HTTPS
    # URL Telegram posts updates to (the reverse proxy's), the secret Telegram
    # sends with each (X-Telegram-Bot-Api-Secret-Token), where the workers listen,
    # and the largest body accepted.
    webhook_url: str = ""
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1:8080"
    webhook_max_body: int = Field(1_048_576, ge=1024, le=50_000_000)
    # Updates one worker process handles at once (each holds a database connection
    # for its chat's lock, and about one more for its handlers).
    webhook_concurrency: int = Field(16, ge=1, le=256)
    # A URL straight to PostgreSQL (not through a transaction-pooling PgBouncer),
    # for the leader's lock and the cache notifications; empty: database_url.
    direct_database_url: str = ""
    # Where the knowledge index's start-up snapshot is kept; empty: next to the
    # SQLite file, and none for PostgreSQL.
    index_cache_dir: str = ""
    # The county's own products: a YAML file in the format of the synonym table's
    # `products:` section (knowledge/text/county_products.py). Empty: none.
    # FARMHUB_PRODUCTS overrides it.
    products_file: str = ""
    # How farmers are told who sends a county-wide notice (📢 施甸县农业农村局通知：…);
    # empty: the catalogue's 县农业服务中心 / County farm service centre. English readers
    # get county_name_en, else county_name.
    county_name: str = Field("", max_length=40)
    county_name_en: str = Field("", max_length=60)

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must start with sqlite+aiosqlite:// or postgresql+asyncpg:// (async drivers)"
            )
        return value

    @field_validator("direct_database_url")
    @classmethod
    def _direct_postgres(cls, value: str) -> str:
        if value and not value.startswith("postgresql+asyncpg://"):
            raise ValueError("must start with postgresql+asyncpg://")
        return value

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _secret_shape(cls, value: Any) -> Any:
        if value in ("", None):
            return None
        raw = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
        if not SECRET_RE.match(raw):
            raise ValueError("1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return raw

    @field_validator("webhook_listen")
    @classmethod
    def _host_port(cls, value: str) -> str:
        found = LISTEN_RE.match(value)
        if not found or not 0 < int(found["port"]) < 65536:
            raise ValueError("expected HOST:PORT, e.g. 127.0.0.1:8080")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r} (e.g. Asia/Shanghai)") from None
        return value

    @field_validator("telegram_token", mode="before")
    @classmethod
    def _token_shape(cls, value: Any) -> Any:
        # An empty variable means "no token": the offline sandbox starts instead.
        if value in ("", None):
            return None
        raw = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
        if not TOKEN_RE.match(raw.strip()):
            # Never echo the token itself: it is a secret.
            raise ValueError(
                "does not look like a bot token (expected digits:letters from BotFather)"
            )
        return raw.strip()

    @field_validator("telegram_base_url", "telegram_base_file_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Priority: explicit arguments, then environment (FARMHUB_PRODUCTS before
        FARMHUB_PRODUCTS_FILE), then the YAML file."""
        return (init_settings, AliasEnvSource(settings_cls), env_settings, YamlSource(settings_cls))

    @property
    def tz(self) -> ZoneInfo:
        """The configured timezone object."""
        return ZoneInfo(self.timezone)

    @property
    def is_postgres(self) -> bool:
        """Whether the database is PostgreSQL (several processes may share it)."""
        return self.database_url.startswith("postgresql+asyncpg://")

    @property
    def cluster_url(self) -> str:
        """The URL for session-level locks and LISTEN: direct_database_url, else database_url."""
        return self.direct_database_url or self.database_url

    @property
    def listen_address(self) -> tuple[str, int]:
        """webhook_listen as (host, port)."""
        found = LISTEN_RE.match(self.webhook_listen)
        assert found is not None  # validated
        return found["host"].strip("[]"), int(found["port"])

    @property
    def token(self) -> str | None:
        """The bot token in clear, for the Application builder only."""
        return self.telegram_token.get_secret_value() if self.telegram_token else None


def _key_name(loc: tuple[int | str, ...]) -> str:
    """The user-facing name of a setting: its YAML path and its environment variable."""
    path = ".".join(str(part) for part in loc)
    # The variable is named by the setting, not by a list index inside it.
    names = [str(part) for part in loc if not isinstance(part, int)]
    env = ENV_PREFIX + "__".join(names).upper()
    return f"{path} ({env})"


def load_settings(**overrides: Any) -> Settings:
    """Build Settings, turning any validation problem into a one-line ConfigError."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown setting (check the spelling against config.yaml)"
        raise ConfigError(f"config error: {_key_name(first['loc'])}: {message}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, loaded once."""
    return load_settings()
