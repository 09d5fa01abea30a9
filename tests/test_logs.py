"""The bot token never reaches a log line, a traceback or stderr."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator

import pytest

from bot.core.config import PROJECT_ROOT
from bot.core.logs import MASK, redact, register_secret, setup_logging

# Shaped like a real token (35 letters after the id), as in the report.
TOKEN = "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
OTHER = "123456789:BBHxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"


@pytest.fixture
def logging_restored() -> Iterator[None]:
    """setup_logging replaces the root handlers and the excepthooks: put them back after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    hooks = sys.excepthook, threading.excepthook
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks


def test_redact_masks_the_configured_token_any_token_and_bot_urls() -> None:
    register_secret("42:short-but-configured")
    assert redact(f"The token `{TOKEN}` was rejected") == f"The token `{MASK}` was rejected"
    # Not configured, but shaped like a token: masked too.
    assert OTHER not in redact(f"old token {OTHER}")
    # Percent-encoded, as in some URLs.
    assert redact(TOKEN.replace(":", "%3A")) == MASK
    # A URL holding a token of any length.
    url = "https://api.telegram.org/bot42:short-but-configured/sendMessage?x=1"
    assert redact(url) == f"https://api.telegram.org/bot{MASK}/sendMessage?x=1"
    assert redact("http://h/file/bot7:abc/photos/1.jpg") == f"http://h/file/bot{MASK}/photos/1.jpg"
    # Ordinary text is left alone.
    assert redact("12:30 西红柿 3.5元/斤 /bottom/") == "12:30 西红柿 3.5元/斤 /bottom/"


def test_a_record_with_the_token_in_its_exception_is_masked(
    logging_restored: None, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging("INFO", TOKEN)
    log = logging.getLogger("telegram.ext")
    try:
        try:
            raise ConnectionError(f"POST https://api.telegram.org/bot{TOKEN}/getMe")
        except ConnectionError as exc:
            # What PTB raises for a revoked token, chained to the request's error.
            raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.") from exc
    except RuntimeError:
        log.exception("Network Retry Loop: Invalid token %s. Aborting.", TOKEN)
    log.error("stack", stack_info=True, extra={"token": TOKEN})
    logging.getLogger("httpx").warning("HTTP Request: POST %s", f"https://x/bot{TOKEN}/getMe")
    err = capsys.readouterr().err
    assert TOKEN not in err
    assert "987654321:AAH" not in err
    assert f"The token `{MASK}` was rejected" in err
    assert "Traceback (most recent call last)" in err  # the traceback is kept, only masked
    assert f"bot{MASK}/getMe" in err


def test_a_record_seen_by_another_handler_after_ours_is_masked(logging_restored: None) -> None:
    setup_logging("INFO", TOKEN)
    seen: list[str] = []

    class Plain(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(logging.Formatter().format(record))

    logging.getLogger().addHandler(Plain())
    try:
        raise ValueError(TOKEN)
    except ValueError:
        logging.getLogger("x").exception("failed with %s", TOKEN)
    assert seen and all(TOKEN not in line for line in seen)


def test_an_uncaught_traceback_is_masked() -> None:
    # Python itself prints it after the program ends: only a new process shows it.
    program = textwrap.dedent(
        f"""
        from bot.core.logs import setup_logging
        setup_logging("INFO", {TOKEN!r})
        try:
            raise OSError("GET https://api.telegram.org/bot{TOKEN}/getMe")
        except OSError as exc:
            raise RuntimeError("The token `{TOKEN}` was rejected by the server.") from exc
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr
    assert "RuntimeError: The token `<token>` was rejected" in done.stderr
    assert TOKEN not in done.stderr + done.stdout
