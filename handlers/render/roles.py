"""Rendering for roles: per-role command menus, /start and /help additions, the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup

from bot.audit import AuditLine
from bot.core.callbacks import Button
from bot.core.i18n import catalogue, t
from bot.markets.county_data import HelpExamples, prices_line
from bot.models.users import Role, User
from bot.roles.service import GrantPlan, RevokePlan
from handlers.render import COMMANDS
from handlers.render import audit as audit_view
from knowledge.text.english import name_label

# The command menu of each role (setMyCommands with the chat's scope). Farmers
# have the default menu (handlers/render bot_commands); staff see their station's
# work first, admins also the role and audit commands.
STAFF_COMMANDS = (
    "start",
    "help",
    "pickups",
    "questions",
    "offers",
    "broadcast",
    "broadcasts",
    "linkgroup",
    "alerts",
    "language",
)
ADMIN_COMMANDS = (
    *STAFF_COMMANDS,
    "grant",
    "revoke",
    "invite",
    "audit",
    "deliveries",
    "review",
    "undo",
    "export",
    "kb",
    "price",
)
MENUS: dict[Role, tuple[str, ...]] = {
    Role.farmer: COMMANDS,
    Role.staff: STAFF_COMMANDS,
    Role.admin: ADMIN_COMMANDS,
}
AUDIT_PAGE = 10


def _description(lang: str, name: str) -> str:
    key = f"commands.{name}"
    return t(lang, key if key in catalogue("zh") else f"roles.commands.{name}")


def role_commands(role: Role, lang: str) -> list[BotCommand]:
    """The command menu of `role` in `lang`."""
    return [BotCommand(name, _description(lang, name)) for name in MENUS[role]]


def role_name(lang: str, role: Role) -> str:
    """A role as people say it: 服务站工作人员 / station staff."""
    return t(lang, f"roles.name.{role.value}")


def help_text(user: User, examples: HelpExamples | None = None) -> str:
    """/help for `user`: the farmers' help, its price examples the county's own (`examples`,
    bot/markets/county_data.py; None: the catalogue's), then the commands of their role."""
    text = t(user.language, "help.text")
    if examples is not None and not examples.is_default:
        default = t(user.language, "help.prices_default")
        text = text.replace(default, prices_line(user.language, examples), 1)
    addition = help_addition(user)
    return f"{text}\n\n{addition}" if addition else text


def start_addition(user: User, station: str | None) -> str:
    """What /start says to staff and admins: their commands, the words they may say, and for
    an admin with no station the county's views ("" for farmers)."""
    lang = user.language
    if user.role is Role.admin:
        parts = [t(lang, "roles.start_staff", station=station)] if station else []
        if not station:
            parts.append(t(lang, "roles.help_staff"))
        parts.append(t(lang, "roles.start_admin"))
        parts.append(t(lang, "roles.start_words" if station else "roles.start_county"))
        return "\n\n".join(parts)
    if user.role is Role.staff and station:
        words = t(lang, "roles.start_words")
        return t(lang, "roles.start_staff", station=station) + "\n\n" + words
    return ""


def help_addition(user: User) -> str:
    """What /help adds for staff and admins ("" for farmers)."""
    lang = user.language
    if user.role is Role.admin:
        return t(lang, "roles.help_staff") + "\n\n" + t(lang, "roles.help_admin")
    if user.role is Role.staff and user.station_id is not None:
        return t(lang, "roles.help_staff")
    return ""


# ---------------------------------------------------------------- /grant, asked first


@dataclass(frozen=True)
class GrantYes(Button):
    """Admin: grant this user the role (at the station) asked about under /grant's question."""

    PREFIX = "gr:ok"
    user: str  # digits; a str, as Telegram ids outgrow the codec's ints
    role: str  # a Role's value
    station: int = 0  # the station's database id (0: none)


@dataclass(frozen=True)
class GrantNo(Button):
    """Admin: do not grant the role after all."""

    PREFIX = "gr:no"
    user: str


@dataclass(frozen=True)
class GrantAt(Button):
    """Admin: /grant at this station, one of those offered for a station not found (the
    grant's question, with its ✅ and ✖️, follows)."""

    PREFIX = "gr:at"
    user: str  # digits
    role: str  # a Role's value
    station: str  # the station's code (DB03)


@dataclass(frozen=True)
class InviteAt(Button):
    """Admin: /invite at this station, one of those offered for a station not found."""

    PREFIX = "iv:at"
    station: str  # the station's code (HL02)


def close_keyboard(
    lang: str,
    telegram_id: int | None,
    role: Role | None,
    close: Sequence[tuple[str, str]],
) -> InlineKeyboardMarkup:
    """A button for each station the admin may have meant, continuing the /grant (or, with
    no one to grant, the /invite)."""

    def data(code: str) -> str:
        if telegram_id is None or role is None:
            return InviteAt(code).encode()
        return GrantAt(str(telegram_id), role.value, code).encode()

    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(
                        lang,
                        "roles.grant_at_button",
                        station=code,
                        name=name_label(lang, name),
                    ),
                    callback_data=data(code),
                )
            ]
            for code, name in close
        ]
    )


def grant_ask_text(lang: str, plan: GrantPlan) -> str:
    """/grant's question: who it is, what they become (at which station), what they are now."""
    who = who_text(lang, plan.telegram_id, plan.name)
    before = role_name(lang, plan.before)
    if plan.before is Role.staff and plan.station_before:
        staff = t(lang, f"roles.at_station.{plan.before.value}")
        before = t(lang, "roles.role_at_station", role=staff, station=plan.station_before)
    if plan.station is None:
        return t(lang, "roles.grant_ask", who=who, role=role_name(lang, plan.role), before=before)
    return t(
        lang,
        "roles.grant_ask_station",
        who=who,
        # The station is named: 圣城服务站（SG01）的工作人员, not …的服务站工作人员.
        role=t(lang, f"roles.at_station.{plan.role.value}"),
        station=plan.station,
        station_name=name_label(lang, plan.station_name or plan.station),
        before=before,
    )


def grant_keyboard(lang: str, plan: GrantPlan) -> InlineKeyboardMarkup:
    """✅ and ✖️ under /grant's question."""
    user = str(plan.telegram_id)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(lang, "roles.grant_yes"), callback_data=grant_data(plan)),
                InlineKeyboardButton(
                    t(lang, "roles.grant_no"), callback_data=GrantNo(user).encode()
                ),
            ]
        ]
    )


def grant_data(plan: GrantPlan) -> str:
    """The callback data of /grant's ✅ (also what a typed 对 answers with)."""
    return GrantYes(str(plan.telegram_id), plan.role.value, plan.station_id or 0).encode()


# ---------------------------------------------------------------- /revoke, asked first


@dataclass(frozen=True)
class RevokeYes(Button):
    """Admin: revoke this user's role after all (under /revoke's question)."""

    PREFIX = "rk:ok"
    user: str  # digits; a str, as Telegram ids outgrow the codec's ints


@dataclass(frozen=True)
class RevokeNo(Button):
    """Admin: do not revoke this user's role."""

    PREFIX = "rk:no"
    user: str


def who_text(lang: str, telegram_id: int, name: str) -> str:
    """A person as the role replies name them: 李站长（20001）; 用户10002 when nameless.

    Someone granted before they ever wrote has no name yet: their id once, not
    用户10002（10002） (blind test).
    """
    if not name:
        return t(lang, "roles.unnamed", id=telegram_id)
    return t(lang, "roles.who", name=name, id=telegram_id)


def revoke_ask_text(lang: str, plan: RevokePlan) -> str:
    """/revoke's question: who it is (name, role, station), and a station left with no staff."""
    who = who_text(lang, plan.telegram_id, plan.name)
    role = role_name(lang, plan.role)
    if plan.station is None:
        return t(lang, "roles.revoke_ask", who=who, role=role)
    station_name = name_label(lang, plan.station_name or plan.station)
    text = t(
        lang,
        "roles.revoke_ask_station",
        who=who,
        role=role,
        station=plan.station,
        station_name=station_name,
    )
    if plan.leaves_station_empty:
        text += "\n" + t(lang, "roles.revoke_empty_station", station_name=station_name)
    return text


def revoke_keyboard(lang: str, telegram_id: int) -> InlineKeyboardMarkup:
    """✅ and ✖️ under /revoke's question."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "roles.revoke_yes"), callback_data=RevokeYes(str(telegram_id)).encode()
                ),
                InlineKeyboardButton(
                    t(lang, "roles.revoke_no"), callback_data=RevokeNo(str(telegram_id)).encode()
                ),
            ]
        ]
    )


# ---------------------------------------------------------------- the audit log


@dataclass(frozen=True)
class AuditPage(Button):
    """Admins: the audit log from this offset (older entries)."""

    PREFIX = "au:pg"
    offset: int
    # Only what this Telegram user did (digits; a str, as ids outgrow the codec's ints).
    user: str = ""

    @property
    def user_id(self) -> int | None:
        """The user filter as a number, or None (everyone)."""
        return int(self.user) if self.user.isdigit() else None


def audit_line(lang: str, line: AuditLine, tz: ZoneInfo) -> str:
    """One audit entry, readable: when, who, what, before → after."""
    if line.actor_id is None:
        who = t(lang, "audit.cli")
    else:
        who = t(lang, "roles.who", name=line.actor_name or "?", id=line.actor_id)
    action, target = audit_view.what_text(lang, line.action, line.target, line.after)
    before_record = audit_view.review_record(line.action, line.before)
    after_record = audit_view.review_record(line.action, line.after)
    if audit_view.typed_in_chat(line.action, line.target):
        # An edited entry's question that changed is said old → new, not only as its target.
        moved = line.before is not None and "question" in line.before
        before_record = audit_view.typed_record(line.before, keep_question=moved)
        after_record = audit_view.typed_record(line.after, keep_question=moved)
    text = t(
        lang,
        "audit.line",
        when=line.at.astimezone(tz).strftime("%m-%d %H:%M"),
        who=who,
        action=action,
        target=target,
    ).rstrip()
    if before_record is not None or after_record is not None:
        before = audit_view.record_text(lang, before_record, tz)
        after = audit_view.record_text(lang, after_record, tz)
        text += "\n" + t(lang, "audit.change", before=before, after=after)
    return text


def audit_text(lang: str, lines: Sequence[AuditLine], offset: int, tz: ZoneInfo) -> str:
    """One page of the audit log (newest first)."""
    if not lines:
        return t(lang, "audit.empty")
    header = t(lang, "audit.header", first=offset + 1, last=offset + len(lines))
    return "\n\n".join([header, *(audit_line(lang, line, tz) for line in lines)])


def audit_keyboard(
    lang: str, next_offset: int | None, user_id: int | None = None
) -> InlineKeyboardMarkup | None:
    """An "older" button when there are more entries."""
    if next_offset is None:
        return None
    page = AuditPage(next_offset, str(user_id) if user_id is not None else "")
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(lang, "audit.older"), callback_data=page.encode())]]
    )
