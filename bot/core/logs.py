"""Logging set-up that never writes the bot token, and `redact`, the one token scrubber.

Everything that can end up on a screen, in a log file or in the database goes
through `redact`: log records (message, arguments, exception text, stack),
Python's own report of an uncaught exception (`install_excepthook`), and the
error text the outbox stores. It masks the configured token (`register_secret`)
and anything shaped like a bot token, so a token from another source (an old
one in a URL, a test's) is masked too.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from types import TracebackType
from urllib.parse import quote

MASK = "<token>"
# A bot token: the bot's id, a colon (maybe percent-encoded in a URL), then at
# least 30 of BotFather's letters (real ones have 35).
_TOKEN_SHAPE = re.compile(r"\d+(?::|%3[Aa])[A-Za-z0-9_-]{30,}")
# The token as a URL path segment (/bot<token>/method, /file/bot<token>/path),
# whatever its length: a short or mistyped token is still the secret in a URL.
_BOT_URL = re.compile(r"/bot\d+(?::|%3[Aa])[^/\s?#'\"]*")
# Shorter "secrets" would mask ordinary words; the validator refuses them anyway.
_MIN_SECRET = 8

_secrets: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Mask `secret` (and its URL-encoded form) from now on, wherever `redact` is used."""
    if not secret or len(secret) < _MIN_SECRET:
        return
    _secrets.add(secret)
    _secrets.add(quote(secret, safe=""))


def redact(text: str) -> str:
    """`text` with every bot token (the configured one, or any token-shaped string) masked."""
    # Longest first, so the plain token never leaves half of its encoded form.
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    text = _BOT_URL.sub("/bot" + MASK, text)
    return _TOKEN_SHAPE.sub(MASK, text)


_plain = logging.Formatter()


def redact_record(record: logging.LogRecord) -> None:
    """Mask tokens in a record in place: message with its arguments, exception text, stack."""
    message = record.getMessage()
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    # Formatters reuse exc_text once set, so every handler after this one prints
    # the masked traceback instead of formatting exc_info again.
    if record.exc_info and not record.exc_text:
        record.exc_text = _plain.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


class RedactFilter(logging.Filter):
    """Masks tokens in every record a handler emits: PTB and httpx put it in request URLs."""

    def __init__(self, secret: str | None = None) -> None:
        super().__init__()
        register_secret(secret)

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record in place; never drop it."""
        try:
            redact_record(record)
        except Exception:  # a record whose arguments do not fit its format: the formatter says so
            pass
        return True


class RedactingFormatter(logging.Formatter):
    """A Formatter whose whole output is masked, whatever the record carried."""

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record (message, traceback, stack), with tokens masked."""
        return redact(super().format(record))


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    sys.stderr.write(redact("".join(traceback.format_exception(kind, value, tb))))
    sys.stderr.flush()


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    sys.stderr.write(f"Exception in thread {name}:\n")
    _excepthook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


def install_excepthook() -> None:
    """Python's report of an uncaught exception (main thread or another) is masked too."""
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(level: str = "INFO", secret: str | None = None) -> None:
    """Configure the root logger, masking tokens; quieten libraries that log every request."""
    logging.basicConfig(level=level, format=LOG_FORMAT, force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # schema checks at start are not news
    register_secret(secret)
    install_excepthook()
    # Masked even without a configured token: a token-shaped string is masked anyway.
    scrub = RedactFilter()
    for handler in logging.getLogger().handlers:
        handler.setFormatter(RedactingFormatter(LOG_FORMAT))
        handler.addFilter(scrub)
