"""Every button's callback data, declared once: encode, parse, refuse forged or oversized data.

A button is a frozen dataclass subclassing `Button` with a `PREFIX` and typed fields
(`int`, `str`, `datetime.date`); fields with a default may be left out at the end.
`Forward(question_id=7).encode()` gives "kb:fw:7"; `Forward.parse(data)` gives the
typed value back, or None for anything
the bot did not make: a wrong prefix, a missing or extra field, an id that is not a
number or is out of range, more than Telegram's 64 bytes. Handlers register with
`pattern=Forward.matches`, so a forged press never reaches them with bad data.
Telegram-free, so the domain declares the buttons of the pushes it queues.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import MISSING, fields
from datetime import date
from typing import Any, ClassVar, Self, get_type_hints

# Telegram refuses callback data over 64 bytes (UTF-8).
MAX_BYTES = 64
# Ids are database keys: the models' Integer primary keys, which PostgreSQL keeps in
# 32 bits (a larger number in a query is an error there, not "not found").
MAX_ID = 2**31 - 1
SEP = ":"
_INT = re.compile(r"[0-9]{1,10}")
_DATE = re.compile(r"[0-9]{8}")
_PREFIXES: dict[str, type[Button]] = {}


class Button:
    """Typed callback data; subclasses are frozen dataclasses with a unique PREFIX."""

    PREFIX: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        prefix = cls.__dict__.get("PREFIX")
        if prefix is None:
            return
        for other in _PREFIXES:
            # "kb" beside "kb:fw" would make "kb:fw:1" mean two things.
            if prefix == other or (prefix + SEP).startswith(other + SEP) or (
                other + SEP
            ).startswith(prefix + SEP):
                raise TypeError(f"callback prefix {prefix!r} clashes with {other!r}")
        _PREFIXES[prefix] = cls

    def encode(self) -> str:
        """The callback data of this button; ValueError if it would not fit Telegram."""
        present = list(fields(self))  # type: ignore[arg-type]
        # Trailing fields at their default are left out: "al:p:5" rather than "al:p:5:".
        while present and present[-1].default is not MISSING and (
            getattr(self, present[-1].name) == present[-1].default
        ):
            present.pop()
        values = [_dump(getattr(self, f.name)) for f in present]
        data = SEP.join([self.PREFIX, *values])
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data {data!r} is over {MAX_BYTES} bytes")
        return data

    @classmethod
    def parse(cls, data: object) -> Self | None:
        """The typed button for `data`, or None when the bot could not have made it."""
        if not isinstance(data, str) or len(data.encode()) > MAX_BYTES:
            return None
        declared = list(fields(cls))  # type: ignore[arg-type]
        required = sum(1 for f in declared if f.default is MISSING)
        if data == cls.PREFIX:
            raw: list[str] = []
        elif data.startswith(cls.PREFIX + SEP):
            raw = data[len(cls.PREFIX) + 1 :].split(SEP)
        else:
            return None
        if not required <= len(raw) <= len(declared):
            return None
        hints = get_type_hints(cls)
        values = {}
        for f, text in zip(declared, raw, strict=False):
            value = _load(hints[f.name], text)
            if value is None:
                return None
            values[f.name] = value
        return cls(**values)

    @classmethod
    def matches(cls, data: object) -> bool:
        """For CallbackQueryHandler(pattern=...): true only for data this button parses."""
        return cls.parse(data) is not None


def registered() -> dict[str, type[Button]]:
    """Every button declared so far, by prefix (the authorisation matrix enumerates them)."""
    return dict(_PREFIXES)


def any_of(*buttons: type[Button]) -> Callable[[object], bool]:
    """A pattern for one handler that serves several buttons."""
    return lambda data: any(button.matches(data) for button in buttons)


def _dump(value: object) -> str:
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    if isinstance(value, bool):
        raise TypeError("use int 0/1 for flags")
    text = str(value)
    if SEP in text or not text:
        raise ValueError(f"{text!r} cannot be a callback field")
    return text


def _load(kind: Any, text: str) -> object | None:
    if kind is int:
        if not _INT.fullmatch(text):
            return None
        number = int(text)
        return number if number <= MAX_ID else None
    if kind is date:
        if not _DATE.fullmatch(text):
            return None
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            return None
    if kind is str:
        # Printable text only: a control character was never put there by the bot.
        return text if text and text.isprintable() else None
    raise TypeError(f"unsupported callback field type {kind!r}")
