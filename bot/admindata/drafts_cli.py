"""`farmhub kb drafts ...` (a contract): staff-saved entries waiting for review, from a terminal.

The chat's /review, one command per button: `approve` (🆕 a new entry, edited first with
--question/--answer/--tags if need be), `merge` (➕ the farmer's question as a phrasing of an
entry), `reject` (✖, with a reason the staff member is told). Every decision goes through
bot.admindata.review, as the chat's does, and is audited as the command line's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.admindata import review
from bot.admindata.drafts import DraftView, find, list_drafts
from bot.core.commands import CliError, in_session
from bot.core.config import Settings
from knowledge.cli import kb_actions

ACTIONS = ("list", "show", "approve", "merge", "reject")
# Which options each action takes: any other given is refused rather than ignored.
_OPTIONS = {
    "question": ("approve",),
    "answer": ("approve",),
    "answer_file": ("approve",),
    "tags": ("approve",),
    "into": ("merge",),
    "reason": ("reject",),
    "json": ("list", "show"),
    "all": ("list",),
}
# Tags typed as a list: commas (either width), 、 or | as in import files.
_TAG_SEPARATORS = re.compile(r"[,，、|]")
LIST_ANSWER = 40  # a listing shows this much of an answer


def add_commands(commands: Any) -> None:
    """Register `kb drafts` under `farmhub kb`."""
    drafts = kb_actions(commands).add_parser(
        "drafts",
        help="entries staff saved from their replies: list, show, approve, merge, reject",
        description="Staff-saved entries waiting for review (the chat's /review). "
        "approve: a new entry, live at once; merge: the farmer's question becomes a phrasing "
        "of an entry instead; reject: never shown. The staff member is told each decision.",
    )
    drafts.add_argument(
        "action", nargs="?", choices=ACTIONS, default="list", help="what to do (default: list)"
    )
    drafts.add_argument("id", nargs="?", type=int, help="the draft's number")
    drafts.add_argument(
        "--all", action="store_true", help="list: decided drafts too, not only waiting ones"
    )
    drafts.add_argument(
        "--json", action="store_true", help="list, show: JSON (list: one object per line)"
    )
    drafts.add_argument("--question", help="approve: the entry's question instead of the farmer's")
    answer = drafts.add_mutually_exclusive_group()
    answer.add_argument("--answer", help="approve: the entry's answer instead of the staff's")
    answer.add_argument(
        "--answer-file",
        type=Path,
        metavar="FILE",
        help="approve: the answer read from FILE (- stdin)",
    )
    drafts.add_argument(
        "--tags",
        help="approve: the entry's tags, comma-separated, instead of those suggested ('' none)",
    )
    drafts.add_argument(
        "--into",
        metavar="ENTRY",
        help="merge: the entry to add the question to (default: the similar entry shown)",
    )
    drafts.add_argument("--reason", help="reject: why, told to the staff member")
    drafts.set_defaults(func=_drafts)


def _drafts(args: argparse.Namespace, settings: Settings) -> int:
    for option, actions in _OPTIONS.items():
        given = getattr(args, option)
        if given not in (None, False) and args.action not in actions:
            flag = "--" + option.replace("_", "-")
            raise CliError(f"kb drafts {args.action}: {flag} is for {' and '.join(actions)}")
    if args.action != "list" and args.id is None:
        print(f"kb drafts {args.action} needs the draft's number", file=sys.stderr)
        return 2
    answer = args.answer
    if args.answer_file is not None:
        answer = _read(args.answer_file)

    async def work(session: AsyncSession) -> int:
        if args.action == "list":
            return await _list(session, args, settings)
        if args.action == "show":
            return await _show(session, args.id, args.json, settings)
        try:
            if args.action == "approve":
                await _approve(session, args, answer)
            elif args.action == "merge":
                await _merge(session, args.id, args.into)
            else:
                await _reject(session, args.id, args.reason or "")
        except review.NoSuchEntry as gone:
            raise CliError(_no_entry(args.id, gone.args[1])) from None
        except review.ReviewGone:
            # Raised, so the unit of work rolls back (an edit made before it included).
            raise CliError(await _why_gone(session, args.id)) from None
        return 0

    return int(asyncio.run(in_session(settings, work)))


def _read(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise CliError(f"--answer-file {path}: {problem}") from None


async def _list(session: AsyncSession, args: argparse.Namespace, settings: Settings) -> int:
    found = await list_drafts(session, everything=args.all)
    for view in found:
        print(json.dumps(_record(view, settings), ensure_ascii=False) if args.json else _line(view))
    if not found and not args.json:
        print("no drafts" if args.all else "no drafts waiting")
    return 0


async def _show(session: AsyncSession, draft_id: int, as_json: bool, settings: Settings) -> int:
    view = await find(session, draft_id)
    if view is None:
        raise CliError(f"no draft #{draft_id}")
    if as_json:
        print(json.dumps(_record(view, settings), ensure_ascii=False, indent=2))
    else:
        print("\n".join(_details(view, settings)))
    return 0


async def _approve(session: AsyncSession, args: argparse.Namespace, answer: str | None) -> None:
    # The chat's ✏️ then ✅ (🆕 beside a similar entry), in one unit of work.
    if args.question is not None:
        try:
            await review.edit_question(session, None, args.id, args.question)
        except ValueError:
            raise CliError(
                f"--question: empty or longer than {review.MAX_QUESTION} characters"
            ) from None
    if answer is not None:
        try:
            await review.edit(session, None, review.DRAFT, args.id, answer)
        except ValueError:
            raise CliError(
                f"the answer is empty or longer than {review.MAX_ANSWER} characters"
            ) from None
    tags = None if args.tags is None else _tags(args.tags)
    done = await review.decide(session, None, review.DRAFT, args.id, approved=True, tags=tags)
    item = done.item
    said = f"approved draft #{item.id}: new entry {item.entry_id} 「{item.question}」 is live"
    chosen = item.tags if tags is None else tuple(tags)
    if chosen:
        said += f" (tags: {', '.join(chosen)})"
    if item.similar is not None:
        said += f", beside {item.similar.entry_id} 「{item.similar.question}」"
    print(said + _told(done.told))


async def _merge(session: AsyncSession, draft_id: int, into: str | None) -> None:
    done = await review.merge(session, None, draft_id, into)
    if done.added:
        said = (
            f"merged draft #{draft_id}: {done.entry_id} now also answers 「{done.item.question}」"
        )
    else:
        said = (
            f"merged draft #{draft_id}: {done.entry_id} already had the phrasing "
            f"「{done.item.question}」 (no new entry)"
        )
    print(said + _told(done.told))


async def _reject(session: AsyncSession, draft_id: int, reason: str) -> None:
    done = await review.decide(session, None, review.DRAFT, draft_id, approved=False, reason=reason)
    why = f" (reason: {' '.join(reason.split())})" if reason.strip() else ""
    print(f"rejected draft #{draft_id}{why}: farmers will not see it" + _told(done.told))


def _told(staff_id: int | None) -> str:
    return f"; staff {staff_id} told" if staff_id is not None else ""


def _tags(text: str) -> list[str]:
    return [tag.strip() for tag in _TAG_SEPARATORS.split(text) if tag.strip()]


def _no_entry(draft_id: int, entry_id: str | None) -> str:
    if entry_id is None:
        return f"draft #{draft_id} has no similar entry: name one with --into ENTRY"
    return f"no entry {entry_id}"


async def _why_gone(session: AsyncSession, draft_id: int) -> str:
    view = await find(session, draft_id)
    if view is None:
        return f"no draft #{draft_id}"
    return f"draft #{draft_id} is already {view.status}"


def _line(view: DraftView) -> str:
    """One draft as `kb drafts list` prints it, tab-separated like `kb phrasings`."""
    answer = " ".join(view.answer.split())
    if len(answer) > LIST_ANSWER:
        answer = answer[: LIST_ANSWER - 1] + "…"
    cells = [
        f"#{view.id}",
        view.status,
        view.entry_id,
        view.station or "-",
        _staff(view),
        view.question,
        answer,
    ]
    extra = []
    item = view.item
    if item is not None and item.similar is not None:
        extra.append(f"similar: {item.similar.entry_id} {item.similar.question}")
    if item is not None and item.flags:
        extra.append("check: " + ", ".join(f"{f.word} ({f.reason})" for f in item.flags))
    if extra:
        cells.append(f"({'; '.join(extra)})")
    return "\t".join(cells)


def _details(view: DraftView, settings: Settings) -> list[str]:
    """One draft as `kb drafts show` prints it: every field on its own line."""
    station = f"{view.station} (#{view.station_id})" if view.station_id is not None else "-"
    lines = [
        f"draft #{view.id}  {view.status}  {view.entry_id}",
        f"station:   {station}",
        f"staff:     {_staff(view)}",
        f"saved:     {view.proposed_at.astimezone(settings.tz):%Y-%m-%d %H:%M}",
        f"question:  {view.question}",
        "answer:    " + view.answer.replace("\n", "\n           "),
    ]
    if view.decided_at is not None:
        who = "command line" if view.decided_by is None else str(view.decided_by)
        lines.append(
            f"decided:   {view.decided_at.astimezone(settings.tz):%Y-%m-%d %H:%M} by {who}"
        )
    item = view.item
    if item is None:
        return lines
    if item.flags:
        words = ", ".join(f"{f.word} ({f.reason})" for f in item.flags)
        lines.append(f"check:     {words}: fit one farmer or one day (edit with --answer)")
    similar = item.similar
    if similar is not None:
        how = "answers" if similar.decision.value == "answer" else "is suggested for"
        lines.append(
            f"similar:   {similar.entry_id} 「{similar.question}」 {how} this question now"
        )
        if similar.learnable:
            lines.append(f"           merge {view.id} adds the question as its phrasing")
    if item.tags:
        lines.append(f"tags:      {', '.join(item.tags)} (if approved as a new entry)")
    return lines


def _staff(view: DraftView) -> str:
    return f"{view.staff} ({view.staff_id})" if view.staff else str(view.staff_id)


def _record(view: DraftView, settings: Settings) -> dict[str, Any]:
    """A draft as --json prints it (times in the county's timezone)."""
    item = view.item
    similar = item.similar if item is not None else None
    return {
        "id": view.id,
        "status": view.status,
        "entry_id": view.entry_id,
        "station_id": view.station_id,
        "station": view.station,
        "staff_id": view.staff_id,
        "staff": view.staff,
        "question_id": view.question_id,
        "question": view.question,
        "answer": view.answer,
        "proposed_at": view.proposed_at.astimezone(settings.tz).isoformat(),
        "decided_at": (
            view.decided_at.astimezone(settings.tz).isoformat() if view.decided_at else None
        ),
        "decided_by": view.decided_by,
        "flags": [{"word": f.word, "reason": f.reason} for f in item.flags] if item else [],
        "similar": (
            {
                "entry_id": similar.entry_id,
                "question": similar.question,
                "decision": similar.decision.value,
                "learnable": similar.learnable,
            }
            if similar is not None
            else None
        ),
        "tags": list(item.tags) if item is not None else [],
    }
