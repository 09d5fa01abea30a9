"""Logging set-up that never writes the bot token."""

from __future__ import annotations

import logging


class RedactFilter(logging.Filter):
    """Replaces the token in every record: PTB and httpx put it in request URLs."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message once, with the secret masked."""
        message = record.getMessage()
        if self.secret in message:
            record.msg = message.replace(self.secret, "<token>")
            record.args = None
        return True


def setup_logging(level: str = "INFO", secret: str | None = None) -> None:
    """Configure the root logger; quieten libraries that log every HTTP request."""
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # schema checks at start are not news
    if secret:
        redact = RedactFilter(secret)
        for handler in logging.getLogger().handlers:
            handler.addFilter(redact)
