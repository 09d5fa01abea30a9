"""The composer's audience steps (station, nearby, product, chosen station) and its preview."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.broadcasts import service
from bot.broadcasts import text as words
from bot.broadcasts.audience import AudienceError, recipients
from bot.core.clock import local_now
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.broadcasts import AudienceKind
from bot.models.users import Role, User
from handlers.broadcasts import closing
from handlers.broadcasts.draft import (
    END,
    WAIT_AUDIENCE,
    WAIT_PREVIEW,
    WAIT_PRODUCT,
    audience_of,
    draft_of,
    error,
    say,
    staff_only,
)
from handlers.common import incoming, press, settings_of
from handlers.guards import require
from handlers.render import broadcasts as view

ADMIN_KINDS = (AudienceKind.all, AudienceKind.stations)


async def audience_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """An audience button: the station's, near it, a product's, or (admins) more."""
    query, _ = await press(update, context)
    user = await staff_only(update, context)
    choice = view.Choose.parse(query.data)
    draft = draft_of(context)
    if user is None or choice is None:
        return END
    if draft is None:
        await query.answer(t(user.language, "broadcasts.expired"), show_alert=True)
        return END
    lang = user.language
    kind = view.kind_of(choice.kind)
    if choice.kind == "pick" or kind in ADMIN_KINDS:
        if not await require(update, user, Role.admin):
            return WAIT_AUDIENCE
    await query.answer()
    if choice.kind == "pick":
        async with session_scope() as session:
            stations = await service.active_stations(session)
        await say(
            update,
            t(lang, "broadcasts.ask_station"),
            reply_markup=view.stations_keyboard(lang, stations),
        )
        return WAIT_AUDIENCE
    if kind is AudienceKind.product:
        draft.update(kind=kind.value)
        await say(update, t(lang, "broadcasts.ask_product"), reply_markup=view.drop_keyboard(lang))
        return WAIT_PRODUCT
    if kind in (AudienceKind.station, AudienceKind.radius):
        if user.station_id is None or (kind is AudienceKind.radius and choice.km not in view.RADII):
            return WAIT_AUDIENCE  # not offered to this sender: forged
        draft.update(
            kind=kind.value,
            audience_station=user.station_id,
            station_id=user.station_id,
            radius_km=float(choice.km) if kind is AudienceKind.radius else None,
        )
    elif kind in ADMIN_KINDS:
        draft.update(kind=kind.value, audience_station=None, station_id=None, radius_km=None)
    else:
        return WAIT_AUDIENCE
    return await show_preview(update, context, user, draft)


async def station_picked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """Admins: the chosen station's farmers."""
    query, user = await press(update, context)
    picked = view.PickStation.parse(query.data)
    draft = draft_of(context)
    if picked is None or not await require(update, user, Role.admin):
        return WAIT_AUDIENCE
    if draft is None:
        await query.answer(t(user.language, "broadcasts.expired"), show_alert=True)
        return END
    await query.answer()
    draft.update(
        kind=AudienceKind.station.value,
        audience_station=picked.station_id,
        station_id=picked.station_id,
        radius_km=None,
    )
    return await show_preview(update, context, user, draft)


async def product_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The product whose farmers get the notice (staff: their station's farmers of it)."""
    message, _ = await incoming(update, context)
    user = await staff_only(update, context)
    draft = draft_of(context)
    if user is None or draft is None:
        return END
    # Staff speak for their station; an admin's product notice is the county's.
    station = None if user.role is Role.admin else user.station_id
    draft.update(
        kind=AudienceKind.product.value,
        product=(message.text or "").strip(),
        audience_station=station,
        station_id=station,
        radius_km=None,
    )
    return await show_preview(update, context, user, draft)


async def show_preview(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, draft: dict[str, Any]
) -> str | int:
    """The preview: how many farmers, the notice as they will read it, and the send buttons."""
    lang = user.language
    audience = audience_of(draft)
    async with session_scope() as session:
        try:
            service.audience_allowed(audience, user.station_id, user.role is Role.admin)
            audience = await service.canonical(session, audience)
            draft["product"] = audience.product
            people = await recipients(session, audience)
            readers, n = [person.language for person in people], len(people)
            groups = len(await service.groups_of(session, audience))
        except (service.BroadcastError, AudienceError) as exc:
            await say(update, error(lang, exc))
            return WAIT_PRODUCT if audience.kind is AudienceKind.product else WAIT_AUDIENCE
        name = await service.station_name(session, draft.get("station_id"))
        label = words.audience_label(
            lang, words.draft_stub(draft), await service.station_name(session, audience.station_id)
        )
    if n == 0 and groups == 0:
        await say(
            update,
            t(lang, "broadcasts.nobody"),
            reply_markup=view.audience_keyboard(
                lang, has_station=user.station_id is not None, admin=user.role is Role.admin
            ),
        )
        return WAIT_AUDIENCE
    draft["planned"] = n
    # As the farmers read it (📢 …通知 in their language), and said when they read another.
    notice, warning = words.for_readers(lang, name, draft["text"], readers)
    text = view.preview(lang, n, label, notice, photo=bool(draft.get("photo")), groups=groups)
    text += warning
    # A round of the station called off (明天上午停电): what it holds, and closing it too.
    now = local_now(settings_of(context).tz)
    rounds = await closing.named_rounds(user, draft, now)
    if rounds:
        text += "\n\n" + view.rounds_warning(lang, rounds, now.date())
        text += closing.preview_note(lang, rounds, {p.chat_id for p in people}, draft)
    keyboard = view.preview_keyboard(lang, rounds)
    chat = update.effective_chat
    assert chat is not None
    if draft.get("photo") and len(text) <= 1024:
        await chat.send_photo(draft["photo"], caption=text, reply_markup=keyboard)
    else:
        await chat.send_message(text, reply_markup=keyboard)
    return WAIT_PREVIEW
