"""Admins' /grant, /revoke and /audit; per-role command menus; invitations on /start.

Roles are checked on the server for every update (handlers/guards.py), so a
revoked role stops working at once; the command menu follows: each staff
member's and admin's chat gets its own (setMyCommands with a chat scope), set
at start-up, at once on a grant or revoke in the chat, and within a minute of a
change from the command line (`sync_job`) (handlers/menus.py). Farmers have the default
menu until the bot answers them in a language other than Chinese.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.ext import Application, ContextTypes

from bot.audit import entries
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.delivery import waiting
from bot.markets.county_data import help_examples
from bot.models.users import Role, User
from bot.roles import invites
from bot.roles.notices import tell_admins_not_started
from bot.roles.service import (
    RoleChange,
    RoleError,
    grant,
    plan_grant,
    plan_revoke,
    revoke,
    station_code,
)
from handlers import pending
from handlers.common import incoming, press, register_visitor, remove_buttons, settings_of
from handlers.guards import require
from handlers.menus import sync_menus
from handlers.notify import push
from handlers.render import roles as view
from knowledge.text.english import name_label

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]
SYNC_S = 60

# What admins may type for a role, in both languages.
ROLE_WORDS = {
    "farmer": Role.farmer,
    "农户": Role.farmer,
    "农民": Role.farmer,
    "staff": Role.staff,
    "工作人员": Role.staff,
    "站长": Role.staff,
    "admin": Role.admin,
    "管理员": Role.admin,
}


# ---------------------------------------------------------------- menus


async def warm_up(app: AnyApp) -> None:
    """At start-up: remember the bot's username, set every role's menu, tell admins who waits."""
    async with session_scope() as session:
        if app.bot.username:
            await invites.remember_bot_username(session, app.bot.username)
        await tell_admins_not_started(session)
    changed = await sync_menus(app)
    if changed:
        log.info("command menus set for %d staff and admins", changed)


async def sync_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue, every minute: roles changed from the command line get their menus."""
    await sync_menus(context.application)
    async with session_scope() as session:
        await tell_admins_not_started(session)


# ---------------------------------------------------------------- /grant and /revoke


def _target(message: Message, args: list[str], me: int) -> tuple[int | None, list[str], str]:
    """Whom the command is about, the remaining arguments, and the problem's key if any."""
    if args and args[0].isdigit():
        return int(args[0]), args[1:], ""
    replied = message.reply_to_message
    if replied is None:
        return None, args, "roles.no_target"
    origin = replied.forward_origin
    if origin is not None:
        sender = getattr(origin, "sender_user", None)
        if sender is None:
            return None, args, "roles.hidden_forward"
        return sender.id, args, ""
    author = replied.from_user
    if author is None or author.is_bot or author.id == me:
        return None, args, "roles.no_target"
    return author.id, args, ""


def _who(lang: str, change: RoleChange) -> str:
    return view.who_text(lang, change.telegram_id, change.name)


def _error(lang: str, exc: RoleError) -> str:
    said = t(lang, f"roles.error.{exc.code}", **exc.params)
    close = exc.params.get("close")
    if close:  # an unknown station: the ones the admin may have meant (blind test)
        sep = ", " if lang == "en" else "、"
        meant = sep.join(
            t(lang, "roles.station_item", station=code, name=name_label(lang, name))
            for code, name in close
        )
        said += "\n" + t(lang, "roles.error.close_stations", stations=meant)
    return said


async def _tell_target(
    session: AsyncSession, update: Update, change: RoleChange, actor_id: int
) -> None:
    """Queue a note to the person whose role changed, with the change (kept until they start)."""
    if not change.changed or change.telegram_id == actor_id:
        return
    user = await session.get(User, change.telegram_id)
    lang = user.language if user is not None else "zh"
    if change.after is Role.farmer:
        text = t(lang, "roles.you_revoked", role=view.role_name(lang, change.before))
    elif change.after is Role.staff and change.station_after:
        role = view.role_name(lang, change.after)
        text = t(lang, "roles.you_are_station", role=role, station=change.station_after)
    else:
        text = t(lang, "roles.you_are", role=view.role_name(lang, change.after))
    await push(
        session,
        change.telegram_id,
        text,
        key=f"roles:{update.update_id}:{change.telegram_id}",
        source="roles",
    )


async def grant_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/grant ROLE [STATION] replying to a forwarded message, or /grant ID ROLE [STATION]:
    asks ✅/✖️ first (who, the role, the station), as /revoke does."""
    message, user = await incoming(update, context)
    if not await require(update, user, Role.admin):
        return
    lang = user.language
    target, rest, problem = _target(message, list(context.args or []), user.telegram_id)
    if target is None or not rest:
        await message.reply_text(t(lang, problem or "roles.usage_grant"))
        if problem:
            await message.reply_text(t(lang, "roles.usage_grant"))
        return
    role = ROLE_WORDS.get(rest[0].lower())
    if role is None:
        await message.reply_text(t(lang, "roles.bad_role", role=rest[0][:32]))
        return
    station = rest[1] if len(rest) > 1 else None
    await _ask_grant(update, context, message, lang, target, role, station)


async def _ask_grant(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    message: Message,
    lang: str,
    target: int,
    role: Role,
    station: str | None,
) -> None:
    """/grant's question with ✅/✖️; a station not found: those meant, as buttons."""
    try:
        async with session_scope() as session:
            plan = await plan_grant(session, target, role, station)
    except RoleError as exc:
        close = exc.params.get("close")
        markup = view.close_keyboard(lang, target, role, close) if close else None
        await message.reply_text(_error(lang, exc), reply_markup=markup)
        return
    if not plan.changes:
        who = view.who_text(lang, target, plan.name)
        name = view.role_name(lang, plan.role)
        await message.reply_text(t(lang, "roles.unchanged", who=who, role=name))
        return
    # A mistyped id or station made someone staff at once, with no word of whom.
    sent = await message.reply_text(
        view.grant_ask_text(lang, plan), reply_markup=view.grant_keyboard(lang, plan)
    )
    GRANT.ask(update, context, view.grant_data(plan), sent)  # 对 typed next is its ✅


_ROLE_VALUES = frozenset(role.value for role in Role)
_B = TypeVar("_B", view.GrantYes, view.GrantNo, view.GrantAt, view.RevokeYes, view.RevokeNo)


async def _admin_press(
    update: Update, context: ContextTypes.DEFAULT_TYPE, codec: type[_B]
) -> tuple[CallbackQuery, User, _B] | None:
    """A /grant or /revoke button pressed: answered and its buttons removed, with the presser
    and its data; None when the presser is no admin or the data names no user (or no role)."""
    query, user = await press(update, context)
    if not await require(update, user, Role.admin):
        return None
    button = codec.parse(query.data)
    await query.answer()
    if button is None or not button.user.isdigit():
        return None  # the pattern let only valid data through
    role = getattr(button, "role", None)  # the grant's buttons carry the role too
    if role is not None and role not in _ROLE_VALUES:
        return None
    await remove_buttons(query)
    return query, user, button


async def grant_at_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A station offered for one not found (砖井 → DB03): the grant asked again with it."""
    pressed = await _admin_press(update, context, view.GrantAt)
    if pressed is None:
        return
    query, user, button = pressed
    if isinstance(query.message, Message):
        role = Role(button.role)
        await _ask_grant(
            update, context, query.message, user.language, int(button.user), role, button.station
        )


async def grant_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✅ under /grant's question: the role is granted, checked again (it may have changed)."""
    pressed = await _admin_press(update, context, view.GrantYes)
    if pressed is not None:
        query, user, button = pressed
        await _grant(update, context, user, button, query.message)


async def _grant(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    button: view.GrantYes,
    asked: object,
) -> None:
    """The ✅'s work, pressed or typed; said under `asked` (the question, or the typed 对)."""
    lang, target = user.language, int(button.user)
    reply = asked.reply_text if isinstance(asked, Message) else None
    try:
        async with session_scope() as session:
            station = await station_code(session, button.station or None)
            change = await grant(
                session, target, Role(button.role), station, actor_id=user.telegram_id, via="chat"
            )
            await _tell_target(session, update, change, user.telegram_id)
    except RoleError as exc:
        if reply is not None:
            await reply(_error(lang, exc))
        return
    if reply is not None:
        await reply(_granted_text(lang, change))
    await sync_menus(context.application, change.telegram_id)


def _granted_text(lang: str, change: RoleChange) -> str:
    who = _who(lang, change)
    name = view.role_name(lang, change.after)
    if not change.changed:
        return t(lang, "roles.unchanged", who=who, role=name)
    # Staff belong to a station; an admin is the county's, whatever station they farm near
    # (sandbox walk: "现在是服务站 SG01 的管理员").
    at_station = change.after is Role.staff and change.station_after
    key = "roles.granted_station" if at_station else "roles.granted"
    text = t(lang, key, who=who, role=name, station=change.station_after or "")
    if not change.started:
        text += "\n" + t(lang, "roles.not_started_note")
    return text


async def grant_kept(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✖️ under /grant's question: nothing changes."""
    pressed = await _admin_press(update, context, view.GrantNo)
    if pressed is not None:
        query, user, button = pressed
        await _kept(user, int(button.user), query.message)


async def _kept(user: User, target: int, asked: object) -> None:
    """The ✖️'s work, pressed or typed: who stays what they are, said under `asked`."""
    async with session_scope() as session:
        kept = await session.get(User, target)
    if isinstance(asked, Message):
        lang = user.language
        who = view.who_text(lang, target, kept.name if kept is not None else "")
        role = view.role_name(lang, kept.role if kept is not None else Role.farmer)
        await asked.reply_text(t(lang, "roles.grant_kept", who=who, role=role))


async def _grant_said(
    update: Update, context: ContextTypes.DEFAULT_TYPE, data: str
) -> tuple[User, view.GrantYes] | None:
    """/grant's question answered in words: the admin and the ✅'s data, checked as a press's."""
    user = await register_visitor(update, context)
    if not await require(update, user, Role.admin):
        return None
    button = view.GrantYes.parse(data)
    if button is None or not button.user.isdigit() or button.role not in _ROLE_VALUES:
        return None
    return user, button


async def _grant_typed(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    said = await _grant_said(update, context, data)
    if said is not None:
        await _grant(update, context, *said, update.effective_message)


async def _kept_typed(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    said = await _grant_said(update, context, data)
    if said is not None:
        await _kept(said[0], int(said[1].user), update.effective_message)


async def grant_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, data: object
) -> None:
    """/grant's question asked again in `user`'s language after "English please" (handlers/
    pending.py): who, the role and the station, as checked now."""
    message = update.effective_message
    said = await _grant_said(update, context, data) if isinstance(data, str) else None
    if said is None or not isinstance(message, Message):
        return
    button = said[1]
    async with session_scope() as session:
        station = await station_code(session, button.station or None)
    role = Role(button.role)
    await _ask_grant(update, context, message, user.language, int(button.user), role, station)


# /grant's question answered in words: 对 / 确认 / yes as its ✅, 不 / no as its ✖️.
GRANT = pending.Question(pending.key("grant_asked"), _grant_typed, _kept_typed)


async def revoke_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/revoke replying to a forwarded message, or /revoke ID: asks ✅/✖️ first (who, station)."""
    message, user = await incoming(update, context)
    if not await require(update, user, Role.admin):
        return
    lang = user.language
    target, _, problem = _target(message, list(context.args or []), user.telegram_id)
    if target is None:
        await message.reply_text(t(lang, problem or "roles.usage_revoke"))
        if problem:
            await message.reply_text(t(lang, "roles.usage_revoke"))
        return
    try:
        async with session_scope() as session:
            plan = await plan_revoke(session, target)
    except RoleError as exc:
        await message.reply_text(_error(lang, exc))
        return
    # Sandbox walk: it acted at once, and SG01 was left with no staff unsaid.
    await message.reply_text(
        view.revoke_ask_text(lang, plan), reply_markup=view.revoke_keyboard(lang, target)
    )


async def revoke_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✅ under /revoke's question: back to farmer, checked again (it may have changed)."""
    pressed = await _admin_press(update, context, view.RevokeYes)
    if pressed is None:
        return
    query, user, button = pressed
    lang, target = user.language, int(button.user)
    reply = query.message.reply_text if isinstance(query.message, Message) else None
    try:
        async with session_scope() as session:
            change = await revoke(session, target, actor_id=user.telegram_id, via="chat")
            await _tell_target(session, update, change, user.telegram_id)
    except RoleError as exc:
        if reply is not None:
            await reply(_error(lang, exc))
        return
    if reply is not None:
        role = view.role_name(lang, change.before)
        await reply(t(lang, "roles.revoked", who=_who(lang, change), role=role))
    # The menu goes now; the powers went with the commit (roles are read per update).
    await sync_menus(context.application, change.telegram_id)


async def revoke_kept(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✖️ under /revoke's question: nothing changes."""
    pressed = await _admin_press(update, context, view.RevokeNo)
    if pressed is None:
        return
    query, user, button = pressed
    target = int(button.user)
    async with session_scope() as session:
        kept = await session.get(User, target)
    if kept is not None and isinstance(query.message, Message):
        lang = user.language
        who = view.who_text(lang, target, kept.name)
        role = view.role_name(lang, kept.role)
        await query.message.reply_text(t(lang, "roles.revoke_kept", who=who, role=role))


async def invite_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/invite STATION (admins): a one-time link that makes whoever opens it staff there."""
    message, user = await incoming(update, context)
    if not await require(update, user, Role.admin):
        return
    lang = user.language
    args = list(context.args or [])
    if len(args) != 1 or not context.bot.username:
        await message.reply_text(t(lang, "roles.usage_invite"))
        return
    await _invite(message, user, args[0], context)


async def _invite(
    message: Message, user: User, station: str, context: ContextTypes.DEFAULT_TYPE
) -> None:
    """The invitation link for the station; one not found: those meant, as buttons."""
    lang = user.language
    try:
        async with session_scope() as session:
            made = await invites.create_invite(
                session, station, actor_id=user.telegram_id, via="chat"
            )
    except RoleError as exc:
        close = exc.params.get("close")
        markup = view.close_keyboard(lang, None, None, close) if close else None
        await message.reply_text(_error(lang, exc), reply_markup=markup)
        return
    expires = made.expires_at.astimezone(settings_of(context).tz)
    await message.reply_text(
        t(
            lang,
            "roles.invite_made",
            station=made.station,
            name=made.station_name,
            until=expires.strftime("%Y-%m-%d %H:%M"),
        )
    )
    # The link alone, so it can be forwarded as it is.
    await message.reply_text(invites.link(context.bot.username or "", made.payload))


async def invite_at_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A station offered for one not found (/invite 伦河 → HL02): its invitation link."""
    query, user = await press(update, context)
    if not await require(update, user, Role.admin):
        return  # the guard answers the press with why
    button = view.InviteAt.parse(query.data)
    await query.answer()
    if button is None or not isinstance(query.message, Message) or not context.bot.username:
        return
    await remove_buttons(query)
    await _invite(query.message, user, button.station, context)


# ---------------------------------------------------------------- /audit


async def _audit_page(
    lang: str, offset: int, user_id: int | None, context: ContextTypes.DEFAULT_TYPE
) -> tuple[str, InlineKeyboardMarkup | None]:
    async with session_scope() as session:
        lines = await entries(session, user_id=user_id, limit=view.AUDIT_PAGE + 1, offset=offset)
    more = len(lines) > view.AUDIT_PAGE
    lines = lines[: view.AUDIT_PAGE]
    text = view.audit_text(lang, lines, offset, settings_of(context).tz)
    keyboard = view.audit_keyboard(lang, offset + view.AUDIT_PAGE if more else None, user_id)
    return text, keyboard


async def audit_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/audit [USER_ID] (admins): the latest changes (by one user), newest first, paged."""
    message, user = await incoming(update, context)
    if not await require(update, user, Role.admin):
        return
    args = list(context.args or [])
    if args and not args[0].isdigit():
        await message.reply_text(t(user.language, "audit.usage"))
        return
    user_id = int(args[0]) if args else None
    text, keyboard = await _audit_page(user.language, 0, user_id, context)
    await message.reply_text(text, reply_markup=keyboard)


async def audit_older(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "older" button under /audit: the next page, as a new message."""
    query, user = await press(update, context)
    if not await require(update, user, Role.admin):
        return
    pressed = view.AuditPage.parse(query.data or "")
    await query.answer()
    if pressed is None:  # the pattern let only valid data through
        return
    text, keyboard = await _audit_page(user.language, pressed.offset, pressed.user_id, context)
    if query.message is not None:
        await context.bot.send_message(query.message.chat.id, text, reply_markup=keyboard)


# ---------------------------------------------------------------- /start


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> str:
    """/start's part for roles: redeem an invitation, release waiting pushes, set the menu.

    Returns what to say about the invitation ("" when there was none).
    """
    args = list(context.args or [])
    code = invites.code_of(args[0]) if args else None
    said = ""
    async with session_scope() as session:
        if code is not None:
            result = await invites.redeem(session, user.telegram_id, code)
            granted = result.outcome is invites.Redeemed.granted
            said = t(
                user.language,
                "invite.welcome" if granted else f"invite.{result.outcome.value}",
                station=result.station or "",
                name=result.station_name or "",
            )
            if result.outcome is not invites.Redeemed.granted:
                log.info("invitation refused for %d: %s", user.telegram_id, result.outcome)
        # Anything kept for them while they had not opened the bot goes now.
        released = await waiting.release_waiting(session, user.telegram_id)
    if released:
        log.info("%d pushes kept for %d released on /start", released, user.telegram_id)
    await sync_menus(context.application, user.telegram_id)
    return said


async def start_text(user: User) -> str:
    """The role part of /start's greeting ("" for farmers)."""
    async with session_scope() as session:
        station = await station_code(session, user.station_id)
    return view.start_addition(user, station)


async def help_text(user: User) -> str:
    """/help for `user`, its price examples from the county's own prices (cached until the
    next import, bot/markets/county_data.py)."""
    async with session_scope() as session:
        examples = await help_examples(session)
    return view.help_text(user, examples)
