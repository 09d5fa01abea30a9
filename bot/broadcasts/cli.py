"""`farmhub broadcast send|list|cancel|report`: scripted notices to farmers.

    farmhub broadcast send (--station ID [--radius-km R] | --product NAME | --all)
                           --text TEXT [--photo FILE] [--at "YYYY-MM-DD HH:MM"]
    farmhub broadcast list
    farmhub broadcast cancel ID
    farmhub broadcast report ID

`send` prints the broadcast's id and its audience size. Without --at (local
time, Asia/Shanghai) and without a photo the notices are queued in the outbox
at once, and a running bot's sender delivers them within a second or so; a
timed broadcast, or one with a photo (the running bot uploads it once, then
sends its file_id), is started by the bot's due job when its time comes.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts import service
from bot.broadcasts import text as words
from bot.broadcasts.audience import Audience, AudienceError
from bot.core import clock
from bot.core.commands import CliError, in_session
from bot.core.config import Settings
from bot.core.i18n import t
from bot.models.broadcasts import AudienceKind
from bot.roles.service import station_code
from bot.stations.staff import station_by_file_id

# The image formats Telegram takes as a photo, by their first bytes.
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF8", b"RIFF")


def add_commands(commands: Any) -> None:
    """Register `broadcast send`, `list`, `cancel` and `report`."""
    group = commands.add_parser(
        "broadcast", help="notices to farmers (station, nearby, product, all)"
    )
    actions = group.add_subparsers(dest="broadcast_command", required=True, metavar="ACTION")
    send = actions.add_parser(
        "send", help="send or schedule a notice; prints its id and audience size"
    )
    who = send.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--station", metavar="ID", help="the station's farmers (its id as in the stations file)"
    )
    who.add_argument("--product", metavar="NAME", help="farmers of a product")
    who.add_argument("--all", action="store_true", help="every farmer")
    send.add_argument("--radius-km", type=float, metavar="R", help="with --station: within R km")
    send.add_argument("--text", required=True, metavar="TEXT")
    send.add_argument("--photo", type=Path, metavar="FILE", help="a JPEG/PNG photo to send with it")
    send.add_argument("--at", metavar="YYYY-MM-DD HH:MM", help="local time (default: now)")
    send.set_defaults(func=_send)
    actions.add_parser("list", help="recent broadcasts as CSV").set_defaults(func=_list)
    cancel = actions.add_parser("cancel", help="cancel a scheduled broadcast")
    cancel.add_argument("id", type=int)
    cancel.set_defaults(func=_cancel)
    report = actions.add_parser("report", help="how a broadcast was delivered")
    report.add_argument("id", type=int)
    report.set_defaults(func=_report)


def _error(exc: service.BroadcastError | AudienceError) -> CliError:
    return CliError(t("en", f"broadcasts.error.{exc.code}", **exc.params))


def _photo(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > service.MAX_PHOTO_BYTES:
        raise CliError(f"{path} is larger than Telegram's 10 MB for a photo")
    if not data.startswith(_IMAGE_MAGIC):
        raise CliError(f"{path} is not a JPEG, PNG, GIF or WebP image")
    return data


def _send(args: argparse.Namespace, settings: Settings) -> int:
    if args.radius_km is not None and args.station is None:
        raise CliError("--radius-km needs --station")
    if args.station is not None:
        kind = AudienceKind.radius if args.radius_km is not None else AudienceKind.station
        audience = Audience(kind, None, args.radius_km)  # the station: found in the session
    elif args.product is not None:
        audience = Audience(AudienceKind.product, product=args.product)
    else:
        audience = Audience(AudienceKind.all)
    send_at = None
    if args.at is not None:
        try:
            local = words.parse_exact(args.at, settings.tz)
        except words.WhenError:
            raise CliError(f'--at {args.at!r}: expected "YYYY-MM-DD HH:MM"') from None
        if local <= clock.local_now(settings.tz):
            raise CliError(f"--at {args.at}: that time has passed")
        send_at = local
    photo = _photo(args.photo)

    async def work(session: AsyncSession) -> tuple[int, int, str]:
        station_id = None
        if args.station is not None:
            try:  # SD01 as in the stations file (or the database's number, as before)
                station_id = (await station_by_file_id(session, args.station)).id
            except LookupError:
                raise CliError(f"--station {args.station}: no such station") from None
        draft = service.Draft(
            text=args.text,
            audience=replace(audience, station_id=station_id),
            station_id=station_id,
            sender_id=None,
            photo_data=photo,
            send_at=send_at,
        )
        try:
            bc = await service.create(session, draft, via="cli")
        except (service.BroadcastError, AudienceError) as exc:
            raise _error(exc) from None
        return bc.id, bc.planned, words.local_time(bc.send_at, settings.tz)

    broadcast_id, size, when = asyncio.run(in_session(settings, work))
    print(f"broadcast {broadcast_id}: {size} farmers")
    if send_at is not None:
        print(f"scheduled for {when} (Asia/Shanghai); a running bot sends it", file=sys.stderr)
    elif photo is not None:
        print("the running bot uploads the photo and sends it within a minute", file=sys.stderr)
    else:
        print("queued: a running bot delivers it now", file=sys.stderr)
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    async def work(session: AsyncSession) -> list[list[object]]:
        rows: list[list[object]] = []
        for bc in await service.listing(session, everyone=True, limit=100):
            run = await service.run_of(session, bc)
            rows.append(
                [
                    bc.id,
                    bc.status.value,
                    words.local_time(bc.send_at, settings.tz),
                    await station_code(session, bc.station_id) or "",  # SD01, not 1
                    bc.audience.value,
                    f"{bc.radius_km:g}" if bc.radius_km is not None else "",
                    bc.product or "",
                    bc.planned,
                    run.queued if run else "",
                    run.sent if run else "",
                    run.blocked if run else "",
                    run.failed if run else "",
                    bc.sender_id or "",
                    bc.text.replace("\n", " ")[:60],
                ]
            )
        return rows

    rows = asyncio.run(in_session(settings, work))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(
        [
            "id",
            "status",
            "send_at",
            "station",
            "audience",
            "radius_km",
            "product",
            "planned",
            "queued",
            "sent",
            "blocked",
            "failed",
            "sender",
            "text",
        ]
    )
    out.writerows(rows)
    return 0


def _cancel(args: argparse.Namespace, settings: Settings) -> int:
    async def work(session: AsyncSession) -> None:
        try:
            await service.cancel(session, args.id, None, via="cli")
        except service.BroadcastError as exc:
            raise _error(exc) from None

    asyncio.run(in_session(settings, work))
    print(f"broadcast {args.id} cancelled")
    return 0


def _report(args: argparse.Namespace, settings: Settings) -> int:
    async def work(session: AsyncSession) -> str:
        bc = await service.get(session, args.id)
        if bc is None:
            raise CliError(t("en", "broadcasts.error.unknown", id=args.id))
        run = await service.run_of(session, bc)
        status = f"broadcast {bc.id}: {bc.status.value}, {bc.planned} farmers planned"
        if run is None:
            return status
        waiting = max(run.queued - run.done, 0)
        return (
            f"{status}\nqueued {run.queued}, delivered {run.sent}, blocked {run.blocked}, "
            f"failed {run.failed}, in doubt {run.in_doubt}, waiting {waiting}"
        )

    print(asyncio.run(in_session(settings, work)))
    return 0
