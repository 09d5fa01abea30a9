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
from bot.models.markets import OfferStatus
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
    # A sale listing matched (offer.match: open → matched).
    codes += [("status", status.value) for status in OfferStatus if status.value != "cancelled"]
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


# Records whose fields are not written out where they are audited: what they can hold.
def _dynamic_fields() -> dict[str, set[str]]:
    from bot.admindata.uploads import _UNSAID
    from bot.models.knowledge import KbEntry

    entry = {c.name for c in KbEntry.__table__.columns} - _UNSAID
    return {
        # An upload's counts (bot/admindata/undo.py): what the import said it did.
        "last.counts": {"added", "updated", "unchanged"},
        # A knowledge entry typed in the chat: the columns it may change (admindata/uploads.py).
        "entry_was": entry,
        "entry_now": entry,
    }


def _assigned(name: str, scope: ast.AST) -> Iterator[ast.expr]:
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            yield node.value
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == name
            and node.value is not None
        ):
            yield node.value


class _Fields:
    """The field names a before/after record can hold, worked out from the code."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.unknown: list[str] = []
        self.dynamic = _dynamic_fields()

    def of(self, node: ast.expr, scope: ast.AST) -> set[str]:
        """The keys the dict `node` can have (its own, its ** splats', a helper's return)."""
        if isinstance(node, ast.Await):
            return self.of(node.value, scope)
        if isinstance(node, ast.Constant) and node.value is None:
            return set()
        if ast.unparse(node) in self.dynamic:
            return self.dynamic[ast.unparse(node)]
        if isinstance(node, ast.Dict):
            found: set[str] = set()
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:
                    found |= self.of(value, scope)
                    continue
                said = _strings(key, scope)
                if said is None:
                    self.unknown.append(ast.unparse(key))
                found |= said or set()
            return found
        if isinstance(node, ast.IfExp):
            return self.of(node.body, scope) | self.of(node.orelse, scope)
        if isinstance(node, ast.BoolOp):
            return set().union(*(self.of(value, scope) for value in node.values))
        if isinstance(node, ast.Name):
            return self._name(node.id, scope)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            helper = self._function(node.func.id)
            if helper is not None:
                returns = [r.value for r in ast.walk(helper) if isinstance(r, ast.Return)]
                return set().union(*(self.of(r, helper) for r in returns if r is not None))
        self.unknown.append(ast.unparse(node))
        return set()

    def _name(self, name: str, scope: ast.AST) -> set[str]:
        values = list(_assigned(name, scope))
        if not values and isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
            # A parameter: what the module's calls pass for it (audited={"reason": ...}).
            values = [
                k.value
                for call in ast.walk(self.tree)
                if isinstance(call, ast.Call)
                for k in call.keywords
                if k.arg == name
            ]
        if not values:
            self.unknown.append(name)
        return set().union(*(self.of(value, scope) for value in values))

    def _function(self, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        return next(
            (
                f
                for f in ast.walk(self.tree)
                if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) and f.name == name
            ),
            None,
        )


def audit_fields() -> dict[str, list[str]]:
    """Every field name a before/after record of the audit log can hold, with where."""
    found: dict[str, list[str]] = {}
    unknown: list[str] = []
    for path, tree in _modules():
        names = _record_names(tree)
        if not names:
            continue
        fields = _Fields(tree)
        for function in _functions(tree):
            for call in ast.walk(function):
                if not isinstance(call, ast.Call) or _called(call) not in names:
                    continue
                where = f"{path.relative_to(ROOT)}:{call.lineno}"
                for keyword in call.keywords:
                    if keyword.arg in ("before", "after"):
                        for name in fields.of(keyword.value, function):
                            if where not in found.setdefault(name, []):
                                found[name].append(where)
        unknown += [f"{path.relative_to(ROOT)}: {u}" for u in fields.unknown]
    assert not unknown, f"audit fields the test cannot work out (write them as literals): {unknown}"
    return found


def test_the_walk_finds_the_audited_fields() -> None:
    fields = audit_fields()
    # Nested (**), a helper's return, a parameter passed on, a column typed in the chat.
    assert {"early", "role", "station", "reason", "status", "alt_questions"} <= set(fields)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_audited_field_has_words(lang: str) -> None:
    # Sandbox walk: a pickup collected early read 「early：是」 in /audit. English may say a
    # field as itself (text, status): what matters is that the catalogue says it.
    raw = {
        name: where
        for name, where in audit_fields().items()
        if f"audit.field.{name}" not in catalogue(lang)
        or (lang == "zh" and audit_view.field_name(lang, name) == name)
    }
    assert not raw, f"fields /audit would show as stored in {lang}: {raw}"


def test_an_early_pickup_reads_in_words() -> None:
    after = {"status": "collected", "weighed_kg": 480.0, "early": True}
    line = _line("booking.collect", "booking AB12CD", {"status": "booked"}, after)
    zh = audit_line("zh", line, TZ)
    assert "提前收货：是" in zh and "early" not in zh
    assert "collected early: yes" in audit_line("en", line, TZ)


def test_a_review_and_a_notice_read_without_doubled_words_or_internal_numbers() -> None:
    # Blind test (施甸): "sent a notice notice #1", "approved an entry sd-001" for a phrasing,
    # and a meaningless "number: 1".
    sent = _line("broadcast.send", "broadcast 1", None, {"station": "SD01"})
    assert "发出 通知 #1" in audit_line("zh", sent, TZ)
    assert "sent notice #1" in audit_line("en", sent, TZ)
    answered = _line("question.answer", "question 3", None, {"answer": "拔掉病株"})
    assert "答复 问题 #3" in audit_line("zh", answered, TZ)
    assert "answered question #3" in audit_line("en", answered, TZ)
    phrasing = {"question": "核桃黑斑病怎么防治？", "phrasing": "核桃果子上有黑斑咋个整"}
    approved = _line("kb.approve", "sd-001", None, {**phrasing, "kind": "p", "id": 1})
    zh = audit_line("zh", approved, TZ)
    assert "审核通过新问法，加到条目 sd-001" in zh and "问法：核桃果子上有黑斑咋个整" in zh
    assert "编号" not in zh and "类型" not in zh
    en = audit_line("en", approved, TZ)
    assert "approved a phrasing for entry sd-001" in en and "number" not in en
    rejected = _line("kb.reject", "sd-001", None, {**phrasing, "kind": "p", "id": 1})
    assert "rejected a phrasing for entry sd-001" in audit_line("en", rejected, TZ)
    draft = _line("kb.approve", "station-q3", None, {"question": "烤烟", "kind": "d", "id": 1})
    assert "approved an entry station-q3" in audit_line("en", draft, TZ)
    assert "number" not in audit_line("en", draft, TZ)
    proposed = audit_line("zh", _line("kb.propose", "station-q3", None, {"draft": 1}), TZ)
    assert proposed.endswith("提交条目待审核 station-q3") and "草稿" not in proposed


# record(session, actor_id, action, target, ...): the target's first word is its kind.
TARGET_ARG = 3


def _target_kind(node: ast.expr) -> str | None:
    """The kind a target starts with (f"offer #{offer.id}" → offer); None for a bare id
    (kb entries) or a kind decided at run time (imports: said as a file)."""
    if isinstance(node, ast.JoinedStr) and node.values:
        node = node.values[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value:
        return node.value.partition(" ")[0]
    return None


def audit_target_kinds() -> dict[str, list[str]]:
    """Every kind of target the code writes to the audit log (user, offer…), with where."""
    kinds: dict[str, list[str]] = {}
    for path, tree in _modules():
        names = _record_names(tree)
        for function in _functions(tree):
            for call in ast.walk(function):
                if not isinstance(call, ast.Call) or _called(call) not in names:
                    continue
                keyword = next((k.value for k in call.keywords if k.arg == "target"), None)
                arg = call.args[TARGET_ARG] if len(call.args) > TARGET_ARG else keyword
                kind = None if arg is None else _target_kind(arg)
                where = f"{path.relative_to(ROOT)}:{call.lineno}"
                if kind is not None and where not in kinds.setdefault(kind, []):
                    kinds[kind].append(where)
    return kinds


def test_the_walk_finds_the_target_kinds() -> None:
    assert {"user", "broadcast", "question", "offer", "station"} <= set(audit_target_kinds())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_target_kind_has_words(lang: str) -> None:
    # /audit showed 「卖货登记已对接 offer #2」: the kind "offer" had no words. English may
    # say a kind as itself (user 10001): what matters is that the catalogue says it.
    raw = {
        kind: where
        for kind, where in audit_target_kinds().items()
        if f"audit.target.{kind}" not in catalogue(lang)
        or (lang == "zh" and audit_view.target_text(lang, f"{kind} 1").startswith(f"{kind} "))
    }
    assert not raw, f"target kinds /audit would show as stored in {lang}: {raw}"


def test_a_matched_listing_reads_in_words_without_doubled_words() -> None:
    after = {"status": "matched", "product": "大葱", "farmer": "张大爷"}
    line = _line("offer.match", "offer #2", {"status": "open"}, after)
    zh = audit_line("zh", line, TZ)
    assert "对接好买家 卖货登记 #2" in zh and "offer" not in zh
    assert "状态：在找买家 → 状态：已对接买家" in zh and "matched" not in zh
    en = audit_line("en", line, TZ)
    assert "found a buyer for listing #2" in en and "offer" not in en
    assert en.count("listing") == 1
    # The product in the reader's words (was 「product: 大葱」); the farmer's name as theirs.
    assert "产品：大葱" in zh
    assert "product: scallion" in en and "大葱" not in en and "张大爷" in en
    # A product the table does not know is shown as stored.
    other = audit_line("en", _line("offer.match", "offer #3", None, {"product": "三七"}), TZ)
    assert "三七" in other
