"""Architecture rules: Telegram stays at the edge."""

from __future__ import annotations

import ast

from bot.core.config import PROJECT_ROOT

# Besides handlers/, only the code that builds the Application and sends messages
# may import telegram.
ALLOWED = {
    "bot/telegram/app.py",
    "bot/telegram/runner.py",
    "bot/telegram/sender.py",
    # The Application's update processor and retrying rate limiter are PTB subclasses.
    "bot/telegram/tuning.py",
    # Conversation states and drafts in the database: a PTB BasePersistence subclass.
    "bot/telegram/persistence.py",
}


def _imports_telegram(path: str) -> bool:
    tree = ast.parse((PROJECT_ROOT / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "telegram" for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "telegram":
            return True
    return False


def test_only_the_edge_imports_telegram() -> None:
    offenders = []
    for package in ("bot", "knowledge"):
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            rel = path.relative_to(PROJECT_ROOT).as_posix()
            if rel not in ALLOWED and _imports_telegram(rel):
                offenders.append(rel)
    assert offenders == []
