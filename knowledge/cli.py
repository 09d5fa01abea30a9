"""`farmhub kb ...`: import, export and search the knowledge base (a contract)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from bot.core.commands import in_session
from bot.core.config import Settings
from bot.imports import ImportFailed, print_failure
from bot.imports.command import add_dry_run, import_command
from bot.markets.county_data import start_warnings
from knowledge.kb import phrasings
from knowledge.kb.entries import read_shipped, write_entries
from knowledge.kb.repository import all_entries, count_entries, ensure_loaded, load_index
from knowledge.kb.search import Decision, engine
from knowledge.text.intent import classify
from knowledge.text.language import search_text

_KB_ACTIONS = "kb_actions"


def add_commands(commands: Any) -> None:
    """Register `kb import`, `kb export`, `kb search` and `kb phrasings`."""
    kb = commands.add_parser("kb", help="the knowledge base: import, export, search")
    actions = kb.add_subparsers(dest="kb_command", required=True, metavar="ACTION")
    # Kept for features above the knowledge base to add their actions (`kb drafts`).
    kb.set_defaults(**{_KB_ACTIONS: actions})
    imp = actions.add_parser(
        "import", help="upsert entries by id from CSV, XLSX, YAML or JSON (all or nothing)"
    )
    imp.add_argument("file", type=Path)
    imp.set_defaults(func=import_command("kb", "knowledge base: {summary}"))
    add_dry_run(imp)
    exp = actions.add_parser("export", help="write every entry to FILE (.csv .xlsx .yaml .json)")
    exp.add_argument("file", type=Path)
    exp.set_defaults(func=_export)
    search = actions.add_parser("search", help="answer questions read from standard input")
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    search.add_argument("-k", type=int, default=5, help="results per question (default 5)")
    search.set_defaults(func=_search)
    phrasings = actions.add_parser(
        "phrasings", help="farmers' phrasings proposed for entries: list, approve, reject"
    )
    phrasings.add_argument(
        "action", nargs="?", choices=("list", "approve", "reject"), default="list"
    )
    phrasings.add_argument("id", nargs="?", type=int, help="the phrasing's number")
    phrasings.add_argument(
        "--all", action="store_true", help="list decided phrasings too, not only proposed ones"
    )
    phrasings.set_defaults(func=_phrasings)


def kb_actions(commands: Any) -> Any:
    """`farmhub kb`'s ACTION subcommands, for a feature above knowledge to add one to."""
    return commands.choices["kb"].get_default(_KB_ACTIONS)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    entries = asyncio.run(in_session(settings, all_entries))
    try:
        write_entries(args.file, entries)
    except ImportFailed as failed:
        print_failure(failed, lambda line: print(line, file=sys.stderr))
        return 1
    print(f"exported {len(entries)} entries to {args.file}")
    return 0


def _search(args: argparse.Namespace, settings: Settings) -> int:
    search = engine()

    async def work(session: Any) -> int:
        # Prices of products the synonym table does not know: their questions find nothing.
        for said in await start_warnings(session, settings):
            print(said, file=sys.stderr)
        count = await count_entries(session)
        if count:
            await load_index(session, search)
        return count

    if not asyncio.run(in_session(settings, work)):
        # An empty database: search the shipped base, and say so.
        print(
            "the knowledge base is empty; searching the shipped sample "
            "(`farmhub sample load` stores it)",
            file=sys.stderr,
        )
        search.load((e.id, search.doc_tokens(e)) for e in read_shipped())
    for line in sys.stdin:
        query = line.strip()
        if not query:
            continue
        # As the chat searches it: an English question in the base's words (sandbox walk: an
        # entry's own English question was declined here and answered in the chat).
        outcome = search.search(search_text(query), k=args.k)
        # The intent as the chat routes the message typed ("who buys apples": buyers), not
        # the intent of its words in the base's Chinese (苹果 alone said nothing of buyers).
        kind = classify(query).kind.value
        # A decline lists what came close too, best first, so an admin sees what nearly
        # answered: `decision` says what the bot would do (an empty list said it before
        # `decision` existed).
        results = [{"id": r.entry_id, "score": r.confidence} for r in outcome.results]
        if outcome.decision is Decision.answer:
            results = results[: args.k]
        if args.json:
            print(
                json.dumps(
                    {
                        "query": query,
                        "intent": kind,
                        # answer: the first result; suggest: the first three are offered.
                        "decision": outcome.decision.value,
                        "results": results,
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )
        else:
            shown = ", ".join(f"{r['id']} ({r['score']:.2f})" for r in results) or "—"
            print(
                f"{query}\t[{kind}/{outcome.decision.value}]\t{shown}",
                flush=True,
            )
    return 0


def _phrasings(args: argparse.Namespace, settings: Settings) -> int:
    if args.action != "list" and args.id is None:
        print(f"kb phrasings {args.action} needs the phrasing's number", file=sys.stderr)
        return 2

    async def work(session: Any) -> int:
        if args.action == "list":
            status = None if args.all else phrasings.PhrasingStatus.proposed
            found = await phrasings.list_phrasings(session, status)
            for p in found:
                print(
                    f"#{p.id}\t{p.status.value}\t{p.entry_id}\t{p.text}\t"
                    f"(for: {p.entry_question}; from {p.source})"
                )
            if not found:
                print("no phrasings waiting" if not args.all else "no phrasings")
            return 0
        try:
            if args.action == "approve":
                search = engine()
                await ensure_loaded(session, search)
                row = await phrasings.approve(session, args.id, search, by="cli")
                print(f"approved #{row.id}: {row.entry_id} now also answers 「{row.text}」")
            else:
                row = await phrasings.reject(session, args.id, by="cli")
                print(f"rejected #{row.id}")
        except phrasings.PhrasingError as problem:
            print(str(problem), file=sys.stderr)
            return 1
        return 0

    return int(asyncio.run(in_session(settings, work)))
