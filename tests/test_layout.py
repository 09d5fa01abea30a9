"""Architecture rules: Telegram stays at the edge, modules stay short, imports never go round."""

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
    # Webhook workers parse updates and hand them to the Application (issue 17).
    "bot/telegram/workers.py",
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


# A module longer than this is split along its concerns (a new engineer reads it in one go).
MAX_LINES = 600


def test_no_module_is_over_600_lines() -> None:
    long = {}
    for package in ("bot", "handlers", "knowledge"):
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                long[path.relative_to(PROJECT_ROOT).as_posix()] = lines
    assert long == {}


def test_no_import_cycle_between_first_party_modules() -> None:
    # import-linter (make lint) checks siblings; this checks every module against every
    # other, function-local imports included (grimp comes with import-linter).
    import grimp

    graph = grimp.build_graph("bot", "handlers", "knowledge")
    cycles = [
        (a, b)
        for a in sorted(graph.modules)
        for b in graph.find_modules_directly_imported_by(a)
        if a != b and graph.chain_exists(importer=b, imported=a)
    ]
    assert cycles == []
