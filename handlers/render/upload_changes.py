"""What an upload changes, said before ✅: each changed record old → new, and the warnings.

A price file's warnings (a price doubled or halved since the one it follows,
bot/markets/jumps.py) are listed row by row, and the preview then offers
「⚠️ 照样导入」 instead of ✅ (handlers/render/admin_data.preview_keyboard).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.i18n import t
from bot.imports import ImportResult, RowChange, RowError

# The changed records named in the preview (the count says them all).
SHOWN_CHANGES = 15
# The warnings listed in the preview (all of them: the count says how many).
SHOWN_WARNINGS = 20
# A changed value is cut to this (a station's address, its villages).
VALUE_LIMIT = 40


def _value(text: str) -> str:
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 1] + "…"


def change_line(lang: str, change: RowChange) -> str:
    """第3行 2026-12-06 白瓜子 海伦：price 7.80 → 78.00 (row 3 … in English)."""
    fields = t(lang, "imports.separator").join(
        t(lang, "admindata.change_field", field=f.field, old=_value(f.old), new=_value(f.new))
        for f in change.fields
    )
    where = t(lang, "admindata.change_row", row=change.row) if change.row else ""
    return t(lang, "admindata.change_line", where=where, what=change.what, fields=fields)


def changes_text(lang: str, result: ImportResult) -> str:
    """The records the upload changes, old → new ("" when it changes none)."""
    if not result.changes:
        return ""
    lines = [change_line(lang, c) for c in result.changes[:SHOWN_CHANGES]]
    more = result.updated - len(lines)
    if more > 0:
        lines.append(t(lang, "admindata.changes_more", more=more))
    return t(lang, "admindata.changes", count=result.updated, lines="\n".join(lines))


def warning_lines(lang: str, warnings: Sequence[RowError]) -> str:
    """Each warning as 第 3 行，price 列：白瓜子 海伦：7.80 → 78.00 元/斤（10倍），请核对."""
    lines = [w.text(lang) for w in warnings[:SHOWN_WARNINGS]]
    if len(warnings) > SHOWN_WARNINGS:
        lines.append(t(lang, "admindata.more", more=len(warnings) - SHOWN_WARNINGS))
    return "\n".join(lines)


def warnings_text(lang: str, result: ImportResult) -> str:
    """The preview's warnings and what to do about them ("" without any)."""
    if not result.warnings:
        return ""
    return t(lang, "admindata.warnings", lines=warning_lines(lang, result.warnings))
