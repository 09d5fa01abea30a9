"""Every code the audit log stores is read by an admin in words, in Chinese and English.

The actions are found in the code itself: every call of bot.audit.record in bot/,
handlers/ and knowledge/ is read (ast) and its action worked out (a literal, either
side of an `if`, or a local name assigned those). An action the test cannot work out
fails it, so a new audit line cannot reach /audit as a raw code (slot.reopen was).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.audit import AuditLine
from bot.bookings.text import REASON_CODES
from bot.core.i18n import LANGUAGES, catalogue
from bot.models.broadcasts import BroadcastStatus
from bot.models.stations import BookingStatus
from handlers.render import audit as audit_view
from handlers.render.roles import audit_line

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("bot", "handlers", "knowledge")
TZ = ZoneInfo("Asia/Shanghai")
# record(session, actor_id, action, target, ...)
ACTION_ARG = 2


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _record_names(tree: ast.Module) -> set[str]:
    """What bot.audit.record is called in this module (record, audit.record)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "bot.audit":
            names |= {a.asname or a.name for a in node.names if a.name == "record"}
        if isinstance(node, ast.ImportFrom) and node.module == "bot":
            names |= {f"{a.asname or a.name}.record" for a in node.names if a.name == "audit"}
        if isinstance(node, ast.Import):
            names |= {
                f"{a.asname}.record" for a in node.names if a.name == "bot.audit" and a.asname
            }
    return names


def _called(node: ast.Call) -> str:
    return ast.unparse(node.func)


def _strings(node: ast.expr, scope: ast.AST) -> set[str] | None:
    """The strings `node` can be, or None when they cannot be worked out."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body, scope), _strings(node.orelse, scope)
        return None if body is None or orelse is None else body | orelse
    if isinstance(node, ast.Name):
        found: set[str] = set()
        for assign in ast.walk(scope):
            if isinstance(assign, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == node.id for target in assign.targets
            ):
                values = _strings(assign.value, scope)
                if values is None:
                    return None
                found |= values
        return found or None
    return None


def _functions(tree: ast.Module) -> Iterator[ast.AST]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def audit_actions() -> dict[str, list[str]]:
    """Every action the code base can write to the audit log, with where it is written."""
    actions: dict[str, list[str]] = {}
    unknown: list[str] = []
    for path, tree in _modules():
        names = _record_names(tree)
        if not names:
            continue
        for function in _functions(tree):
            for call in ast.walk(function):
                if not isinstance(call, ast.Call) or _called(call) not in names:
                    continue
                where = f"{path.relative_to(ROOT)}:{call.lineno}"
                keyword = next((k.value for k in call.keywords if k.arg == "action"), None)
                arg = call.args[ACTION_ARG] if len(call.args) > ACTION_ARG else keyword
                values = None if arg is None else _strings(arg, function)
                if values is None:
                    unknown.append(where)
                    continue
                for value in values:
                    # A nested function is walked with the one around it: once each.
                    if where not in actions.setdefault(value, []):
                        actions[value].append(where)
    assert not unknown, (
        f"audit actions the test cannot work out (write them as literals): {unknown}"
    )
    return actions


def test_the_walk_finds_the_audit_writes() -> None:
    # The walk itself must see the writers, or it would pass by finding nothing.
    actions = audit_actions()
    for known in ("slot.close", "slot.reopen", "question.answer_more", "kb.approve", "kb.reject"):
        assert known in actions
    assert {"broadcast.send", "broadcast.schedule", "data.apply", "data.undo"} <= set(actions)


def test_only_bot_audit_makes_audit_rows() -> None:
    # Rows made another way would escape the walk above.
    makers = [
        str(path.relative_to(ROOT))
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _called(node).endswith("AuditEntry")
    ]
    assert makers == ["bot/audit/__init__.py"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_audit_action_has_words(lang: str) -> None:
    raw = {
        action: where
        for action, where in audit_actions().items()
        if f"audit.action.{action.replace('.', '_')}" not in catalogue(lang)
        or audit_view.action_text(lang, action) == action
    }
    assert not raw, f"actions /audit would show as codes in {lang}: {raw}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reason_and_status_codes_have_words(lang: str) -> None:
    # English may say a code as itself (rain): what matters is the catalogue says it.
    codes = [("reason", code) for code in REASON_CODES]
    codes += [("why", "unlinked"), ("why", "bot removed")]  # stations/groups.py, handlers/groups.py
    codes += [("status", status.value) for status in [*BookingStatus, *BroadcastStatus]]
    raw = []
    for field, code in codes:
        key = audit_view.value_key(field, code)
        if key is None or key not in catalogue(lang):
            raw.append((field, code))
    assert not raw, f"codes /audit would show as stored in {lang}: {raw}"


def _line(action: str, target: str, before: dict | None, after: dict | None) -> AuditLine:
    at = datetime(2026, 12, 6, 1, 37, tzinfo=UTC)
    return AuditLine(1, at, 20001, "李站长", "chat", action, target, before, after)


def test_a_closed_and_reopened_round_reads_as_words() -> None:
    # Sandbox walk: "slot.reopen 时段 1 2026-12-07", "原因：rain", "预约：" with nothing after.
    closed = _line("slot.close", "slot 1 2026-12-07", {"open": True}, {"reason": "rain"})
    reopened = _line("slot.reopen", "slot 1 2026-12-07", {"open": False}, {"bookings": []})
    zh = audit_line("zh", closed, TZ) + audit_line("zh", reopened, TZ)
    assert "原因：下雨" in zh and "重新开放收货时段 时段 1" in zh
    assert "rain" not in zh and "slot." not in zh and "预约：" not in zh
    en = audit_line("en", closed, TZ) + audit_line("en", reopened, TZ)
    assert "reason: rain" in en and "round reopened" in en and "slot." not in en
    typed = _line("slot.close", "slot 1 2026-12-07", None, {"reason": "下雨，车坏了"})
    assert "原因：下雨，车坏了" in audit_line("zh", typed, TZ)


def test_undoing_an_upload_names_the_alerts_in_words() -> None:
    after = {"alerts_withdrawn": 2, "alerts_corrected": 1}
    line = _line("data.undo", "prices:prices.csv", {"added": 1}, after)
    zh = audit_line("zh", line, TZ)
    assert "撤回的价格提醒：2" in zh and "更正的价格提醒：1" in zh and "alerts_" not in zh
    assert "价格文件 prices.csv" in zh and "prices:" not in zh
    assert "price alerts withdrawn: 2" in audit_line("en", line, TZ)


def test_a_typed_price_is_said_typed_in_chat_not_a_file() -> None:
    target = "prices:price-by-hand-西红柿-北京新发地农产品批发市场.csv"
    applied = _line("data.apply", target, None, {"added": 0, "updated": 1})
    zh = audit_line("zh", applied, TZ)
    assert "在聊天里录入价格 西红柿，北京新发地农产品批发市场" in zh
    assert "price-by-hand" not in zh and ".csv" not in zh and "导入文件" not in zh
    en = audit_line("en", applied, TZ)
    # In English the product's English name and the market's pinyin (review).
    market = "北京新发地农产品批发市场 (Beijing Xinfadi Nongchanpin Pifashichang)"
    assert f"typed a price in chat tomato at {market}" in en and ".csv" not in en
    undone = audit_line("zh", _line("data.undo", target, {"updated": 1}, None), TZ)
    assert "撤销在聊天里录入的价格" in undone and ".csv" not in undone
    entry = audit_line("en", _line("data.apply", "kb:kb-by-hand-c-004.csv", None, None), TZ)
    assert "typed an entry in chat c-004" in entry and "kb-by-hand" not in entry


def test_a_typed_entry_and_price_say_what_was_typed_without_import_counts() -> None:
    """Sandbox walk: 「在聊天里录入条目 条目 admin-…」 then 「新增：1；修改：0；未变：0；导入批次：4」;
    a price typed for 昨天 did not say its day."""
    counts = {"added": 1, "updated": 0, "unchanged": 0, "apply_id": 4}
    after = {"question": "周末收货吗", **counts}
    entry = audit_line("zh", _line("data.apply", "kb:kb-by-hand-admin-1.csv", None, after), TZ)
    assert "在聊天里录入条目 「周末收货吗」" in entry and "条目 条目" not in entry
    assert "新增" not in entry and "导入批次" not in entry
    english = audit_line("en", _line("data.apply", "kb:kb-by-hand-admin-1.csv", None, after), TZ)
    assert 'typed an entry in chat "周末收货吗"' in english and "apply_id" not in english
    target = "prices:price-by-hand-大蒜-山东寿光农产品物流园.csv"
    price = {"price": "30 元/斤", "date": "2026-12-05", **counts}
    said = audit_line("zh", _line("data.apply", target, {"price": "3.01 元/斤"}, price), TZ)
    assert "价格：3.01 元/斤 → 价格：30 元/斤；日期：2026-12-05" in said and "新增" not in said
    # A file imported keeps its counts: they say what the file did.
    upload = audit_line("zh", _line("data.apply", "prices:p.csv", None, counts), TZ)
    assert "新增：1" in upload


def test_a_command_line_import_names_its_kind() -> None:
    line = _line("import", "villages villages.csv", None, None)
    assert "村庄文件 villages.csv" in audit_line("zh", line, TZ)
    # A knowledge entry's target (kb.save) is not taken for an import of "kb".
    saved = audit_line("zh", _line("kb.save", "kb c-004", None, None), TZ)
    assert "存入知识库 条目 c-004" in saved


def test_a_round_is_named_by_its_hours_and_day() -> None:
    # Sandbox walk: "结束收货时段 时段 2 2026-12-07".
    closed = _line("slot.close", "slot 2 2026-12-07 14:00-16:00", {"open": True}, {"open": False})
    zh = audit_line("zh", closed, TZ)
    assert "结束收货时段 14:00-16:00 12月7日" in zh and "2026-12-07" not in zh
    assert "14:00-16:00 Dec 7" in audit_line("en", closed, TZ)
    # A line written before the hours were: by its number, the day in words.
    old = _line("slot.close", "slot 2 2026-12-07", {"open": True}, {"open": False})
    assert "结束收货时段 时段 2 12月7日" in audit_line("zh", old, TZ)


def test_a_typed_price_reads_old_to_new() -> None:
    target = "prices:price-by-hand-西红柿-新发地.csv"
    before, after = {"price": "1.1 元/斤"}, {"price": "1.6 元/斤", "updated": 1, "apply_id": 3}
    zh = audit_line("zh", _line("data.apply", target, before, after), TZ)
    assert "价格：1.1 元/斤 → 价格：1.6 元/斤" in zh
    # In English the unit as English price cards say it (review: 元/斤 in an English line).
    english = audit_line("en", _line("data.apply", target, before, after), TZ)
    assert "price: 1.1 yuan/jin → price: 1.6 yuan/jin" in english
    assert "元" not in english and "西红柿" not in english
    kg = audit_line("en", _line("data.apply", target, None, {"price": "2 元/公斤"}), TZ)
    assert "price: 2 yuan/kg" in kg
