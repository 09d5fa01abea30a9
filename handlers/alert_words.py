"""A farmer's alerts changed, paused or resumed in words, and the buttons that ask which.

洋芋的提醒改成一块八, 潍坊大蒜的提醒改成2块8, "change my garlic alert to 2.8": the
threshold (or time, or percentage) of the alert named; 暂停大蒜提醒, 大蒜提醒先别发了,
"pause my garlic alert": paused until 恢复大蒜提醒 / "resume my garlic alert". The alerts
named are the farmer's of the products said, at the place said (潍坊大蒜: those watching
潍坊). One is changed at once; several are asked about, a button each (and "all" for a
pause or resume); none is said so, with the farmer's alerts. 退订大蒜 asks the same way
(handlers/alert_unsubscribe.py). Button data is untrusted: ids are checked as the
presser's own by the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.alerts import places as alert_places
from bot.alerts import service
from bot.alerts.model import AlertError, AlertView
from bot.alerts.parsing import direction_named, read_value, value_unit
from bot.alerts.text import SURE, AlertGroup, ChangeTo, describe, error, in_unit, unit_word
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.prices import all_markets, local_today
from bot.models.alerts import AlertKind, AlertStatus
from bot.models.users import User
from handlers.alert_jobs import ensure_digest_job
from handlers.common import press, register_visitor, remove_buttons, settings_of
from handlers.render import alerts as view
from handlers.routing import intent_of
from knowledge.text.alert_words import CHANGE, PAUSE, new_value
from knowledge.text.lexicon import product_label


@dataclass(frozen=True)
class Named:
    """The farmer's alerts, those their words name, and how to say what was named."""

    views: list[AlertView]
    named: list[AlertView]
    what: str  # 潍坊大蒜, garlic


async def named_alerts(text: str, user: User) -> Named:
    """The alerts `text` names: of its products (any, when none), at its place (if one)."""
    intent = intent_of(text)
    async with session_scope() as session:
        views = await service.list_alerts(session, user.telegram_id)
        place = None
        if views:
            # Without home: a place said is what counts here, never home's markets.
            place = await alert_places.read_place(session, text, await all_markets(session))
    label = place.label if place is not None and alert_places.names_a_place(place) else None
    named = service.named(views, intent.products, label)
    return Named(views, named, view.named_what(user.language, intent.products, label))


async def say_none(message: Message, lang: str, found: Named) -> None:
    """No alert of what was named: said so, with the farmer's alerts (or that there are none)."""
    if not found.views:
        await message.reply_text(t(lang, "alerts.list_empty"))
        return
    await message.reply_text(
        t(lang, "alerts.words.none", what=found.what) + "\n" + view.list_text(lang, found.views),
        reply_markup=view.list_keyboard(lang, found.views),
    )


async def alert_words(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """大蒜提醒改成3块, 暂停大蒜提醒, 恢复大蒜提醒 (and their English)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = await register_visitor(update, context)
    intent = intent_of(message.text)
    found = await named_alerts(message.text, user)
    if not found.named:
        await say_none(message, user.language, found)
        return
    action = intent.extras.get("alert", CHANGE)
    value = new_value(intent.text) if action == CHANGE else ""
    # 大蒜跌的那个提醒: the falling one of the garlic alerts (the words before the value).
    naming = intent.text.rsplit(value, 1)[0] if value else intent.text
    direction = direction_named(naming)
    if direction is not None and len(found.named) > 1:
        chosen = [a for a in found.named if a.kind is direction]
        if chosen:
            found = replace(found, named=chosen)
    if action == CHANGE:
        await _change(message, context, user, found, value)
    else:
        await _pause_or_resume(message, context, user, found, action == PAUSE)


async def _change(
    message: Message, context: ContextTypes.DEFAULT_TYPE, user: User, found: Named, value: str
) -> None:
    lang = user.language
    named = found.named
    if not value:
        # 大蒜提醒改一下: to what? The ✏️ of each alert asks.
        if len(named) == 1:
            text = t(
                lang,
                "alerts.words.ask_value",
                desc=describe(lang, named[0]),
                product=product_label(lang, named[0].product),
            )
        else:
            text = t(lang, "alerts.words.ask_which_value", n=len(named), what=found.what)
        await message.reply_text(text, reply_markup=view.which_keyboard(lang, named, "ask"))
        return
    # The value fits an alert of its kind only: 一块八 a price alert, 6点 a daily one.
    fits: list[tuple[AlertView, str]] = []
    problems: list[str] = []
    for alert in named:
        try:
            threshold, at = read_value(alert.kind, value, strict=True, unit=alert.unit)
        except AlertError as exc:
            problems.append(error(lang, exc))
            continue
        unit = value_unit(value, alert.unit)
        fits.append((alert, view.value_code(alert.kind, threshold, at, unit)))
    if not fits:
        await message.reply_text(
            t(lang, "alerts.words.no_fit", value=value, what=found.what, problem=problems[0])
        )
        return
    if len(fits) > 1:
        await message.reply_text(
            t(lang, "alerts.words.which_change", n=len(fits), what=found.what, value=value),
            reply_markup=view.which_keyboard(
                lang, [a for a, _ in fits], "change", {a.id: code for a, code in fits}
            ),
        )
        return
    alert, code = fits[0]
    text, keyboard = await change_checked(context, user, alert, code)
    await message.reply_text(text, reply_markup=keyboard)


async def change_checked(
    context: ContextTypes.DEFAULT_TYPE, user: User, alert: AlertView, code: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The one rule for a new value, however it came (said in words, a which-one button,
    ✏️ then typed): past the line already (涨到 2.80 以上 at 3.02), it would alert at
    once, so the farmer is asked first; else it is set. What to say, and its buttons."""
    warning = await _would_fire(context, user, alert, code)
    if warning is not None:
        return warning, view.change_anyway_keyboard(user.language, alert.id, code)
    return await _set(context, user, alert.id, code), view.manage_keyboard(user.language)


async def _would_fire(
    context: ContextTypes.DEFAULT_TYPE, user: User, alert: AlertView, code: str
) -> str | None:
    """What to say when the new line is already crossed by today's price, else None."""
    value = view.read_code(code)
    if value is None or value[1] is None or alert.kind not in (AlertKind.above, AlertKind.below):
        return None
    threshold = value[1]
    async with session_scope() as session:
        markets = await all_markets(session)
        price = await service.crossed_at(
            session,
            user.telegram_id,
            alert.id,
            threshold,
            markets,
            local_today(settings_of(context).tz),
        )
    if price is None:
        return None
    lang = user.language
    unit = view.code_unit(code) or "斤"
    return t(
        lang,
        f"alerts.words.would_fire_{alert.kind.value}",
        product=product_label(lang, alert.product),
        price=in_unit(price, unit),
        threshold=in_unit(threshold, unit),
        unit=unit_word(lang, unit),
        desc=describe(lang, alert),
    )


async def _set(context: ContextTypes.DEFAULT_TYPE, user: User, sub_id: int, code: str) -> str:
    """Set one alert to `code`'s value; what to say."""
    lang = user.language
    value = view.read_code(code)
    if value is None:
        return t(lang, "alerts.gone")
    kind, threshold, at = value
    try:
        async with session_scope() as session:
            changed = await service.set_value(
                session, user.telegram_id, sub_id, threshold, at, kind, view.code_unit(code) or "斤"
            )
    except AlertError as exc:
        return error(lang, exc)
    if changed is None:
        return t(lang, "alerts.gone")
    ensure_digest_job(context.application, changed)
    return t(lang, "alerts.updated", desc=describe(lang, changed))


async def _pause_or_resume(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    found: Named,
    pause: bool,
) -> None:
    lang = user.language
    # A blocked alert counts as on: pausing it is what the farmer asks.
    targets = [a for a in found.named if (a.status is not AlertStatus.paused) == pause]
    if not targets:
        key = "alerts.words.already_paused" if pause else "alerts.words.already_active"
        lines = [t(lang, key, desc=describe(lang, a)) for a in found.named]
        await message.reply_text("\n".join(lines), reply_markup=view.manage_keyboard(lang))
        return
    if len(targets) > 1:
        key = "alerts.words.which_pause" if pause else "alerts.words.which_resume"
        await message.reply_text(
            t(lang, key, n=len(targets), what=found.what),
            reply_markup=view.which_keyboard(lang, targets, "pause" if pause else "resume"),
        )
        return
    done = await toggle(context, user, [targets[0].id], pause)
    if not done:
        await message.reply_text(t(lang, "alerts.gone"))
        return
    text = t(lang, "alerts.paused" if pause else "alerts.resumed", desc=describe(lang, done[0]))
    if pause:
        product = product_label(lang, done[0].product)
        text += "\n" + t(lang, "alerts.words.paused_hint", product=product)
    await message.reply_text(text, reply_markup=view.manage_keyboard(lang))


async def toggle(
    context: ContextTypes.DEFAULT_TYPE, user: User, ids: Sequence[int], pause: bool
) -> list[AlertView]:
    """Pause or resume the farmer's alerts among `ids`; those it found."""
    done: list[AlertView] = []
    async with session_scope() as session:
        for sub_id in ids:
            found = await service.set_paused(session, user.telegram_id, sub_id, pause)
            if found is not None:
                done.append(found)
    for alert in done if not pause else []:
        ensure_digest_job(context.application, alert)  # resumed: its time is due again
    return done


async def change_to_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """al:t:<id>:<value>: the alert chosen for "大蒜提醒改成2块8" gets that value."""
    query, user = await press(update, context)
    pressed = ChangeTo.parse(query.data)
    if pressed is None:
        await query.answer(t(user.language, "alerts.gone"), show_alert=True)
        return
    keyboard = view.manage_keyboard(user.language)
    async with session_scope() as session:
        alert = await service.get_alert(session, user.telegram_id, pressed.subscription_id)
    if alert is None:
        text = t(user.language, "alerts.gone")
    elif pressed.sure == SURE:
        text = await _set(context, user, alert.id, pressed.code)  # the warning was seen
    else:
        # Chosen among several: the same check as one named (it may alert at once).
        text, keyboard = await change_checked(context, user, alert, pressed.code)
    await query.answer()
    await remove_buttons(query)
    await context.bot.send_message(user.telegram_id, text, reply_markup=keyboard)


async def group_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """al:g:<p|r|d>:<ids>: "all" under the question which alert: each of them."""
    query, user = await press(update, context)
    lang = user.language
    pressed = AlertGroup.parse(query.data)
    action = view.GROUP_ACTIONS.get(pressed.action) if pressed else None
    ids = pressed.subscription_ids if pressed else []
    if action is None or not ids:
        await query.answer(t(lang, "alerts.gone"), show_alert=True)
        return
    await query.answer()
    await remove_buttons(query)
    if action == "delete":
        done: list[AlertView] = []
        async with session_scope() as session:
            for sub_id in ids:
                found = await service.delete_alert(session, user.telegram_id, sub_id)
                if found is not None:
                    done.append(found)
    else:
        done = await toggle(context, user, ids, action == "pause")
    text = view.done_text(lang, action, done) if done else t(lang, "alerts.gone")
    await context.bot.send_message(user.telegram_id, text, reply_markup=view.manage_keyboard(lang))


BUTTONS = (
    (ChangeTo.matches, change_to_pressed),
    (AlertGroup.matches, group_pressed),
)
