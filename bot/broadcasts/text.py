"""The words of broadcasts: the notice as farmers see it, the report, times as typed. Telegram-free.

Notices are composed when they are queued, in each farmer's language (the
outbox stores finished text and buttons), so the preview shows exactly what a
farmer will get. The button under every notice is declared here with the
callback codec; the handlers (handlers/broadcasts.py) answer it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core import callbacks
from bot.core.county import county_name
from bot.core.i18n import month_of, t
from bot.delivery.outbox import Button, Buttons
from bot.models.alerts import DeliveryRun
from bot.models.broadcasts import AudienceKind, Broadcast, BroadcastStatus
from knowledge.text.dates import parse_day
from knowledge.text.language import Mismatch, mismatch
from knowledge.text.lexicon import product_label

# Telegram's limits: a message's text, and a photo's caption (the notice's
# header and footer take some of it).
MAX_TEXT = 3500
MAX_CAPTION_TEXT = 800


@dataclass(frozen=True)
class StopNotices(callbacks.Button):
    """Under every notice: no more station notices for me (alerts unaffected)."""

    PREFIX = "bc:off"


def notice(lang: str, station_name: str | None, text: str) -> str:
    """The notice as a farmer reads it: who sent it, the text, how to stop them."""
    sender = station_name or county_name(lang, "broadcasts.county")
    # A photo sent alone: the header only, no empty line under it.
    return t(lang, "broadcasts.notice", sender=sender, text=text.strip()).rstrip()


def language_warning(lang: str, what: str, said: Mismatch) -> str:
    """⚠️ 收到的 4 位农户都看中文，这条是英文写的: staff words (`what`: "notice" or "reason")
    in another language than most of their recipients read, and how to put it right."""
    readers = t(lang, f"broadcasts.lang.{said.readers}")
    warning = t(
        lang,
        f"broadcasts.lang.{'one' if said.total == 1 else 'all' if said.everyone else 'most'}",
        n=said.total,
        most=said.most,
        readers=readers,
        written=t(lang, f"broadcasts.lang.{said.written}"),
        what=t(lang, f"broadcasts.lang.{what}"),
    )
    return warning + t(lang, f"broadcasts.lang.{what}_fix", readers=readers)


def for_readers(
    lang: str, station_name: str | None, text: str, readers: Sequence[str]
) -> tuple[str, str]:
    """The notice as its recipients (their `readers` languages) read it: its frame (📢 …通知)
    in the language most of them read; and, when the text is in another, the sender's
    warning (⚠️ 收到的 4 位农户都看中文，这条是英文写的), else ""."""
    main = Counter(readers).most_common(1)[0][0] if readers else lang
    said = mismatch(text, readers)
    warning = "\n\n" + language_warning(lang, "notice", said) if said is not None else ""
    return notice(main, station_name, text), warning


def draft_stub(draft: Mapping[str, Any]) -> Broadcast:
    """A Broadcast not stored, to describe a draft's audience as listings do."""
    return Broadcast(
        audience=AudienceKind(draft["kind"]),
        radius_km=draft.get("radius_km"),
        product=draft.get("product"),
        text=draft.get("text", ""),
    )


def notice_buttons(lang: str) -> Buttons:
    """The one button under a notice."""
    return ((Button(t(lang, "broadcasts.stop_button"), StopNotices().encode()),),)


def audience_label(lang: str, bc: Broadcast, station_name: str | None) -> str:
    """Who a broadcast is for, in words ("本站农户", "本站 10 公里内", "西红柿的农户")."""
    kind = bc.audience
    station = station_name or ""
    if kind is AudienceKind.radius:
        return t(lang, "broadcasts.audience.radius_of", station=station, km=f"{bc.radius_km:g}")
    if kind is AudienceKind.product:
        return t(
            lang, "broadcasts.audience.product_of", product=product_label(lang, bc.product or "")
        )
    if kind is AudienceKind.station:
        return t(lang, "broadcasts.audience.station_of", station=station)
    return t(lang, f"broadcasts.audience.{kind.value}")


def report(lang: str, bc: Broadcast, run: DeliveryRun | None) -> str:
    """The delivery report: how many got it, blocked the bot, or could not be sent."""
    if run is None:
        # Started with nobody to send to (its run dropped), or not started yet.
        done = bc.status is BroadcastStatus.done
        return t(lang, "broadcasts.report_nobody" if done else "broadcasts.report_none", id=bc.id)
    waiting = max(run.queued - run.done, 0)
    lines = [
        t(
            lang,
            "broadcasts.report",
            id=bc.id,
            queued=run.queued,
            sent=run.sent,
            blocked=run.blocked,
            failed=run.failed,
        )
    ]
    if run.in_doubt:
        lines.append(t(lang, "broadcasts.report_doubt", n=run.in_doubt))
    if waiting:
        lines.append(t(lang, "broadcasts.report_waiting", n=waiting))
    return "\n".join(lines)


# How much of a notice a list line or a question quotes.
GIST_CHARS = 40


def gist(text: str, most: int = GIST_CHARS) -> str:
    """A notice on one line, cut at `most` characters with "…" where it was cut (a blind
    test: the withdraw prompt stopped mid-sentence with nothing to say more was there)."""
    line = " ".join(text.split())
    return line if len(line) <= most else line[: most - 1].rstrip() + "…"


def shown(lang: str, bc: Broadcast) -> str:
    """A notice on one line in lists; （照片） for a photo sent without words."""
    return gist(bc.text) if bc.text.strip() else t(lang, "broadcasts.photo_only")


def status_label(lang: str, status: BroadcastStatus) -> str:
    """A broadcast's state in words."""
    return t(lang, f"broadcasts.status.{status.value}")


def when_label(lang: str, when: datetime, now: datetime) -> str:
    """When a notice goes, as people check it: 今天 / 明天 / 后天 with the date and the time
    (明天 12月7日（周一）07:00); a later day by its date, another year's with the year."""
    local = when.astimezone(now.tzinfo)
    params = {
        "month": month_of(lang, local.date()),
        "day": local.day,
        "weekday": t(lang, f"bookings.weekday.{local.weekday()}"),
        "time": local.strftime("%H:%M"),
    }
    if local.year != now.year:
        return local.strftime("%Y-%m-%d %H:%M")
    near = {0: "today", 1: "tomorrow", 2: "day_after"}.get((local.date() - now.date()).days)
    if near is None:
        return t(lang, "broadcasts.when", **params)
    return t(lang, "broadcasts.when_near", near=t(lang, f"bookings.{near}"), **params)


def local_time(value: datetime, tz: ZoneInfo) -> str:
    """A stored instant as the farmers' local "YYYY-MM-DD HH:MM"."""
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------- times as typed

_EXACT = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2})\s*[:：]\s*(\d{2})\s*$")
_NOW = re.compile(r"^\s*(现在|马上|立即|立刻|now|right now)\s*$", re.IGNORECASE)
# A day gone by (昨天8点): its hour is past, not tomorrow's (sandbox walk: moved to tomorrow).
_GONE = re.compile(
    r"昨天|昨晚|昨儿个?|昨个|昨日|前天|前晚|前儿|上周|上个?星期|上个?礼拜|\byesterday\b",
    re.IGNORECASE,
)


# Said in the small hours, "tomorrow morning" is the morning after the night not yet slept:
# at 01:30 明早7点 is today's 07:00, not tomorrow's (the sender has not gone to bed). From
# NIGHT_ENDS on (03:00; farmers rise at four or five) the day has begun: 明早 is tomorrow.
# The confirmation names the day (今天 / 明天 and the date), so either reading is seen.
NIGHT_ENDS = time(3)
_NEXT_MORNING = re.compile(
    r"明早|明(?:天|儿个|儿|个)(?:的)?(?:早上|早晨|一早|清早|凌晨|上午)|\btomorrow morning\b",
    re.IGNORECASE,
)


class WhenError(ValueError):
    """A time that cannot be a broadcast's: unreadable, or already past."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_exact(raw: str, tz: ZoneInfo) -> datetime:
    """ "YYYY-MM-DD HH:MM" in local time (the CLI's --at); WhenError("format") otherwise."""
    match = _EXACT.match(raw)
    if match is None:
        raise WhenError("format")
    try:
        year, month, day, hour, minute = (int(g) for g in match.groups())
        return datetime(year, month, day, hour, minute, tzinfo=tz)
    except ValueError:
        raise WhenError("format") from None


def parse_when(raw: str, now: datetime) -> datetime | None:
    """When a typed time means (明天8点, 周六下午3点, 2026-06-11 08:00, 现在), local; None if now.

    `now` is local and aware. A time of day alone is today's, or tomorrow's if it
    has passed; "tomorrow morning" said before NIGHT_ENDS is the coming one. WhenError
    ("format") for words that name no time, ("past") for a past one.
    """
    from bot.alerts.parsing import parse_time

    if _NOW.match(raw):
        return None
    if _GONE.search(raw):
        raise WhenError("past")
    tz = now.tzinfo
    assert isinstance(tz, ZoneInfo)
    if _EXACT.match(raw):
        when = parse_exact(raw, tz)
    else:
        try:
            at = parse_time(raw)
        except ValueError:
            raise WhenError("format") from None
        if at is None:
            raise WhenError("format")
        day = parse_day(raw, now.date())
        if (
            day == now.date() + timedelta(days=1)
            and now.time() < NIGHT_ENDS
            and at.hour < 12
            and _NEXT_MORNING.search(raw)
        ):
            day = now.date()  # 01:30, 明早7点: the coming morning
        when = datetime.combine(day or now.date(), at, tzinfo=tz)
        if day is None and when <= now:
            when += timedelta(days=1)
    if when <= now:
        raise WhenError("past")
    return when
