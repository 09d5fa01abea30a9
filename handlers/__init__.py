"""Every handler is registered here, in one explicit order.

PTB tries the handlers of a group in the order they were added and runs only
the first that matches. Everything lives in group 0, so the order below is the
priority: commands, then each feature, and the catch-alls last, so they only see
what nobody else claimed (and an update is answered exactly once).
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.core.callbacks import any_of
from handlers import (
    admin_data,
    admin_entries,
    admin_review,
    admin_words,
    alert_subscribe,
    alert_unsubscribe,
    alert_words,
    alerts,
    ask,
    ask_forward,
    ask_join,
    common,
    demand,
    errors,
    fallback,
    groups,
    herds,
    just_answered,
    just_asked,
    just_priced,
    just_subscribed,
    listings,
    multiask,
    offer_matching,
    pending,
    price_follow,
    prices,
    question_conversations,
    question_dismiss,
    render,
    roles,
    senders,
    staff_offers,
    staff_questions,
    staff_words,
    start,
    stations,
    supply,
    throttle,
    voice,
)
from handlers.admin_words import AdminErrand
from handlers.bookings import amounts as booking_amounts
from handlers.bookings import cancel_all, pickups, slots, weighing
from handlers.bookings import cancelling as booking_cancelling
from handlers.bookings import codes as booking_codes
from handlers.bookings import confirm as booking_confirm
from handlers.bookings import flow as booking_flow
from handlers.bookings import mine as my_bookings
from handlers.bookings.codes import BookingCode, FarmerBookingCode
from handlers.broadcasts import closing as broadcast_closing
from handlers.broadcasts import compose as broadcast_compose
from handlers.broadcasts import manage as broadcasts
from handlers.county_examples import use_county_examples
from handlers.language import LanguageWords
from handlers.leave import WaitingStepFirst
from handlers.render import admin_data as admin_data_view
from handlers.render import admin_entries as admin_entries_view
from handlers.render import admin_review as admin_review_view
from handlers.render import answer_language as answer_language_view
from handlers.render import bookings as bookings_view
from handlers.render import broadcasts as broadcasts_view
from handlers.render import county as county_view
from handlers.render import demand as demand_view
from handlers.render import knowledge as ask_view
from handlers.render import listings as listings_view
from handlers.render import offer_matching as offer_matching_view
from handlers.render import prices as prices_view
from handlers.render import roles as roles_view
from handlers.render import stations as stations_view
from handlers.render import supply as supply_view
from handlers.routing import AnswerTo, IntentFilter, MenuButton
from handlers.senders import AdminSender, StaffSender
from handlers.staff_words import CountyErrand, StaffErrand
from knowledge.text.intent import Kind

# Our conversations start from a button and then wait for typed text, so they
# must not be per-message; PTB warns about exactly that combination.
warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)


def _cancel_words() -> filters.Regex:
    """Every word or button that cancels a conversation, as a whole message (any case)."""
    words = bookings_view.cancel_words() | set(alerts.CANCEL_WORDS)
    pattern = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return filters.Regex(re.compile(rf"^\s*(?:{pattern})\s*$", re.IGNORECASE))


async def _before_features(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    # One handler: a group runs only the first handler that takes the update.
    await common.remember_visitor(update, context)
    # Examples in any answer (比如「西红柿多少钱一斤」) name the county's own products.
    await use_county_examples()
    # Filters that claim staff's words only ask what was read here (handlers/senders.py).
    senders.note(update, getattr(context, "visitor", None))
    await stations.notice_place_changes(update, context)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every handler of FarmHub to the Application."""
    # 0. Before anything (group -3): in a group only what is addressed to the bot
    #    (its commands, @mentions, replies to it) goes on, the mention taken off;
    #    people talking among themselves are left alone and not even registered.
    app.add_handler(TypeHandler(Update, groups.gate), group=-3)
    #    Then (group -2) per-user flood control (issue 16): someone sending dozens
    #    of messages a second is told once to slow down and the rest is dropped,
    #    before anything is read or written for them.
    app.add_handler(throttle.handler(), group=-2)
    #    Before any feature (group -1): the sender is registered once per update,
    #    so handlers read it from the context instead of writing it again each, and
    #    the place catalogue the filters read is rebuilt if stations or villages changed.
    app.add_handler(TypeHandler(Update, _before_features), group=-1)
    #    After every feature (group 1): a 确定要取消…吗？ not answered by the next message is
    #    over (a 好的 said later to something else never cancels: handlers/pending.py).
    app.add_handler(TypeHandler(Update, pending.forget_stale), group=1)
    #    Then (group 2) a farmer switched to English by writing it hears how to keep it.
    app.add_handler(TypeHandler(Update, common.tell_language_followed), group=2)
    #    (group 3: one handler runs per group) A voice or photo joins the question not yet
    #    forwarded only right after it.
    app.add_handler(TypeHandler(Update, just_asked.forget_stale), group=3)
    #    A location answers a price card's "send me your location" only right after it.
    app.add_handler(TypeHandler(Update, just_priced.forget_stale), group=4)
    #    Words about the price just shown (那公斤呢) only until a message gets something else.
    app.add_handler(TypeHandler(Update, just_priced.forget_shown), group=5)
    #    还是不行 / 没用 speak of the knowledge answer only right after it (handlers/not_helped.py).
    app.add_handler(TypeHandler(Update, just_answered.forget_stale), group=6)
    #    A time said alone (每天早上8点, make it 7pm) sets the daily alert just made only right
    #    after it (handlers/just_subscribed.py).
    app.add_handler(TypeHandler(Update, just_subscribed.forget_stale), group=7)

    # 1. Conversations in progress come first, before /start and /help too (a
    #    command, a menu button or a question about something else leaves the
    #    conversation and is answered by its feature: handlers/leave.py). A staff
    #    member typing an answer, or a farmer describing a problem for the
    #    station, must not have their text taken for a new question. A command or a menu
    #    button goes first to the conversation waiting for the user's next message, which
    #    leaves (said) and hands it on: no step stays open behind what the user does now.
    app.add_handler(WaitingStepFirst(app))
    # A staff member's typed (spoken, photographed) answer to a forwarded question, and a
    # farmer describing a problem for the station then adding to it: any text they wait for
    # is theirs (handlers/question_conversations.py).
    app.add_handler(question_conversations.staff_reply())
    app.add_handler(question_conversations.farmer_describes())
    # ✅ #1 已对接 on /offers asks first; what is typed then is the buyer (handlers/offer_matching).
    app.add_handler(offer_matching.conversation())
    # Broadcasts (issue 14): /broadcast, 📢 发通知 or "通知所有农户：…" starts the
    # staff's composer (a farmer is refused at the entry). Like the two above, any
    # text it waits for is the notice: it comes before bookings, whose entry reads a
    # pickup said in one sentence (后天来收玉米 is a notice here, not a booking), and
    # before the knowledge questions, so a staff member's notice is never taken for a
    # question to forward to their own station. Its entry points claim nothing else.
    app.add_handler(broadcast_compose.conversation())
    # Station staff's words of their own station come before the farmers' features (sandbox
    # walk: 明天有哪些预约 started a booking): 今天下午不收货了 closes a round as its 🚫 button
    # does (its reason is the conversation's next text), 明天有哪些预约 lists that day's
    # pickups, 我们站几点开门, 明天下午重新开放, 撤回第二条, 通知送到了吗. A farmer's same words
    # are not claimed: they go on to the features below.
    app.add_handler(slots.conversation())
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & StaffSender() & StaffErrand(), staff_words.staff_errand
        )
    )
    # The county admin's 今天有啥事 and 明天谁来送货 (no station of their own): the county's day,
    # the stations to choose from. Only those two asks: the admin's other words go on below.
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & AdminSender() & CountyErrand(), staff_words.county_errand
        )
    )
    # A booking code typed by staff (E9LEXL, E9LEXL 已收 780斤): that booking's card with its
    # /pickups buttons, or its weighing recorded (blind test: it got the knowledge base's
    # fallback, and 已收 780斤 "您是要卖货吗？"). Only staff's texts with one code in them.
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & StaffSender() & BookingCode(), booking_codes.code_typed
        )
    )
    # A farmer's own code typed (GSS7G6): that booking, or "not found" when it is not theirs.
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & FarmerBookingCode(), booking_codes.farmer_code_typed
        )
    )
    # An admin's request in words (把李站长的权限撤了, 昨天寿光大蒜的价打错了): the command to
    # send, not the knowledge base's "no answer yet" (sandbox walk). Farmers' words go on.
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & AdminSender() & AdminErrand(), admin_words.admin_errand
        )
    )
    # Bookings and stations (issue 6), persistent across restarts: a booking in
    # progress holds the farmer's next message (help, not a lost conversation,
    # for anything unexpected); a staff member's weighing prompt holds the
    # weight; the station search (registered last, below) waits for a location or a
    # village name. Their entry points ("预约收货", "服务站在哪", any shared location,
    # their buttons) claim nothing another feature wants.
    # Several asks in one message (鸡咳嗽 还有蒜价多少, sandbox walk): each answerable one
    # answered alone, before any conversation's entry could take the whole message for its
    # own start (an alert for the place 「俺家鸡」); conversations are said how to start.
    # While a conversation below waits for its step's answer, the message is its own: it
    # leaves the conversation with its line (draft kept) and comes back here to be answered.
    # A time said alone right after a daily alert was made (订阅白菜价格, then 每天早上8点 /
    # 改成晚上7点 / "make it 7pm"): that alert's time, as ✏️ 修改 sets it. After the steps
    # waiting above (one waiting for a time keeps it); before the booking conversation, whose
    # entry reads 改成晚上7点 as moving a booking (then "no booking to move"), and before
    # everything that would take the words for a question: joined to a forwarded one, or
    # searched (handlers/just_subscribed.py). Only the update right after the alert was made.
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.TEXT & just_subscribed.TimeSaid(app.user_data),
            just_subscribed.time_said,
        )
    )
    app.add_handler(multiask.MultiAskHandler(app))
    app.add_handler(booking_flow.conversation())
    app.add_handler(weighing.conversation())
    # Price alerts (issue 7): the new value after ✏️ on a subscription; a subscription in
    # words or the 🔔 menu button, then (no product named) the product typed next.
    app.add_handler(alerts.conversation())
    app.add_handler(alert_subscribe.pick_conversation())
    # Review (issue 15): an admin's corrected text after ✏️ on a waiting entry.
    app.add_handler(admin_review.conversation())
    # Admins' /kb (issue 15): find, delete at once; add and edit ask for the text.
    app.add_handler(admin_entries.conversation())
    # The station search last of the conversations: its entry takes a village's name said
    # out of the blue (王家庄), which every conversation above may be waiting for as its
    # answer (三元朱村 after an alert's "您说的是哪里？").
    app.add_handler(stations.conversation())

    # A typed 是 / 不 to a ✅ / ❌ question (确定要取消预约…吗？, 撤回这条登记？, a sale listing's
    # summary, 退订's stop-all; staff's 提前收货？ and 撤回这条通知？, admins' /grant and /kb add
    # previews; no conversation waiting for it): its button (handlers/pending).
    for question, answered in (
        (my_bookings.CANCEL_ASKED, booking_cancelling.cancel_answered),
        (booking_amounts.CONFIRM.key, booking_amounts.CONFIRM.handler),
        (cancel_all.CANCEL_DAY_ASKED, cancel_all.cancel_all_answered),
        (listings.WITHDRAW_ASKED, listings.withdraw_answered),
        (supply.OFFER_ASKED, supply.offer_answered),
        (alert_unsubscribe.STOP_ALL_ASKED, alert_unsubscribe.stop_all_answered),
        *(
            (asked.key, asked.handler)
            for asked in (
                weighing.EARLY,
                weighing.FAR,
                broadcasts.WITHDRAW,
                roles.GRANT,
                admin_data.APPLY,
            )
        ),
    ):
        app.add_handler(
            MessageHandler(
                filters.UpdateType.MESSAGE & AnswerTo(app.user_data, question),
                pending.typed(answered),
            )
        )
    # 要卖 / 是的 typed to 「您有20只羊。是想卖吗？」: its 📦 要卖 (or 不卖: left unlisted).
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & herds.SellAnswer(app.user_data), herds.herd_answered
        )
    )
    # An amount typed after ✏️ 改数量 on a booking (我的预约): its new amount, to confirm.
    amount_reply = filters.UpdateType.MESSAGE & booking_amounts.AmountReply(app.user_data)
    app.add_handler(MessageHandler(amount_reply, booking_amounts.amount_answered))
    # An amount typed after ✏️ 改数量 on a listing already open: its new amount.
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & listings.ChangeReply(app.user_data),
            listings.change_answered,
        )
    )
    # 两头 typed when asked how much 牛肉 to sell: the herd, its weight asked next.
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & herds.HeadsReply(app.user_data), herds.heads_answered
        )
    )
    # 土豆 typed when asked how much 西红柿 to sell: the product meant, not a price question.
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & supply.ProductReply(app.user_data), supply.product_reply
        )
    )

    # 2. Commands everyone has; /cancel outside any conversation has nothing to cancel.
    app.add_handler(CommandHandler("start", start.start))
    app.add_handler(CommandHandler("help", start.help_command))
    app.add_handler(CommandHandler("language", start.language_command))
    app.add_handler(CommandHandler("cancel", start.nothing_to_cancel))
    # ... and so has 取消 / 算了 / "cancel" typed (or a stale ✖️ button) outside one.
    app.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & _cancel_words(), start.nothing_to_cancel)
    )
    app.add_handler(CallbackQueryHandler(start.language_chosen, pattern=render.Language.matches))
    # "English please", "change language", 说中文 typed: switched at once (undo one tap away);
    # a pending question open (确定要取消…吗？, a sale listing's amount or ✅, /grant's, /kb
    # add's preview...) is asked again in it and stays open (handlers/pending.py). Every
    # question's re-ask is here; one without (a herd's 是想卖吗？, ✏️'s new amount) stays
    # open as asked.
    app.add_handler(
        pending.language_handler(
            app.user_data,
            {
                my_bookings.CANCEL_ASKED: my_bookings.ask_again,
                cancel_all.CANCEL_DAY_ASKED: cancel_all.ask_again,
                listings.WITHDRAW_ASKED: listings.withdraw_again,
                supply.OFFER_ASKED: supply.ask_again,
                supply.AMOUNT_ASKED: supply.ask_again,
                alert_unsubscribe.STOP_ALL_ASKED: alert_unsubscribe.stop_all_again,
                weighing.EARLY.key: weighing.early_again,
                broadcasts.WITHDRAW.key: staff_words.withdraw_again,
                roles.GRANT.key: roles.grant_again,
                admin_data.APPLY.key: admin_entries.preview_again,
            },
            start.language_said,
        )
    )
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & LanguageWords(),
            start.language_said,
        )
    )
    # Station groups (issue 14): staff link their group; the bot removed from it unlinks it.
    app.add_handler(CommandHandler("linkgroup", groups.link_command))
    app.add_handler(ChatMemberHandler(groups.membership, ChatMemberHandler.MY_CHAT_MEMBER))

    # Roles (issue 14): the admins' /grant, /revoke, /invite and /audit (with its "older"
    # button); the guard refuses everyone else politely, and logs it.
    app.add_handler(CommandHandler("grant", roles.grant_command))
    # /grant and /revoke ask ✅/✖️ first (who, the role, the station).
    app.add_handler(CallbackQueryHandler(roles.grant_pressed, pattern=roles_view.GrantYes.matches))
    app.add_handler(CallbackQueryHandler(roles.grant_kept, pattern=roles_view.GrantNo.matches))
    # A station offered for one /grant did not find: the grant's question with it.
    app.add_handler(
        CallbackQueryHandler(roles.grant_at_pressed, pattern=roles_view.GrantAt.matches)
    )
    app.add_handler(CommandHandler("revoke", roles.revoke_command))
    app.add_handler(
        CallbackQueryHandler(roles.revoke_pressed, pattern=roles_view.RevokeYes.matches)
    )
    app.add_handler(CallbackQueryHandler(roles.revoke_kept, pattern=roles_view.RevokeNo.matches))
    app.add_handler(CommandHandler("invite", roles.invite_command))
    app.add_handler(
        CallbackQueryHandler(roles.invite_at_pressed, pattern=roles_view.InviteAt.matches)
    )
    app.add_handler(CommandHandler("audit", roles.audit_command))
    app.add_handler(CallbackQueryHandler(roles.audit_older, pattern=roles_view.AuditPage.matches))

    # 3. Features, in priority order: each claims its own intents and buttons.
    # Bookings (issue 6): 我的预约, the staff's /pickups, and the buttons under
    # bookings and search results.
    # Staff's menu (render.STAFF_MENU_KEYS; 📢 发通知 is broadcasts/compose.py's): the commands.
    for key, command in (
        ("menu.staff_pickups", pickups.pickups_command),
        ("menu.staff_questions", staff_questions.list_questions),
    ):
        app.add_handler(MessageHandler(MenuButton(key), command))
    app.add_handler(MessageHandler(IntentFilter(Kind.my_bookings), my_bookings.my_bookings))
    app.add_handler(CommandHandler("pickups", pickups.pickups_command))
    # Buttons handled outside the conversations.
    for button, callback in (
        (bookings_view.Confirm, booking_confirm.confirm_outside),
        (bookings_view.Cancel, my_bookings.ask_cancel),
        (bookings_view.CancelYes, my_bookings.cancel_confirmed),
        (bookings_view.KeepBooking, my_bookings.keep_booking),
        (bookings_view.BookingAmount, booking_amounts.change_pressed),
        (bookings_view.AmountFor, booking_amounts.which_pressed),
        (bookings_view.AmountTo, booking_amounts.yes_pressed),
        (bookings_view.KeepAmount, booking_amounts.keep_pressed),
        (bookings_view.CancelDay, cancel_all.cancel_all_pressed),
        (bookings_view.Estimate, weighing.collected_at_estimate),
        (bookings_view.CollectEarly, weighing.collect_early),
        (bookings_view.CollectFar, weighing.collect_far),
        (bookings_view.NoShow, pickups.no_show),
        (county_view.PickupsAt, pickups.pickups_at_pressed),
        (bookings_view.CloseYes, slots.close_confirmed),
        (bookings_view.KeepOpen, slots.keep_open),
        (bookings_view.ReopenSlot, slots.reopen_pressed),
    ):
        app.add_handler(CallbackQueryHandler(callback, pattern=button.matches))
    app.add_handler(CallbackQueryHandler(stations.pin_button, pattern=stations_view.Pin.matches))
    # Price alerts (issue 7): 退订, changes in words, "我的提醒" and /alerts with their buttons; the
    # admins' /deliveries. (Subscriptions in words are the conversation above.)
    app.add_handler(
        MessageHandler(IntentFilter(Kind.unsubscribe), alert_unsubscribe.unsubscribe_text)
    )
    # 大蒜提醒改成3块, 暂停大蒜提醒, 恢复大蒜提醒: one alert named in words.
    app.add_handler(MessageHandler(IntentFilter(Kind.alert_edit), alert_words.alert_words))
    app.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & alerts.LIST_WORDS, alerts.alerts_command)
    )
    app.add_handler(CommandHandler("alerts", alerts.alerts_command))
    app.add_handler(CommandHandler("deliveries", alerts.deliveries_command))
    for pattern, callback in (*alerts.BUTTONS, *alert_unsubscribe.BUTTONS, *alert_words.BUTTONS):
        app.add_handler(CallbackQueryHandler(callback, pattern=pattern))
    # Broadcasts (issue 14): /broadcasts with its ❌ and 📊 (checked against the
    # presser's station), the farmers' /notices and 🔕 under every notice, and
    # composer buttons pressed after the draft is gone.
    app.add_handler(CommandHandler("broadcasts", broadcasts.list_command))
    app.add_handler(CommandHandler("notices", broadcasts.notices_command))
    for pattern, callback in (
        (broadcasts_view.CancelBroadcast.matches, broadcasts.cancel_pressed),
        (broadcasts_view.ReportOf.matches, broadcasts.report_pressed),
        (broadcasts.STOP_PATTERN, broadcasts.stop_pressed),
        (broadcasts_view.StartNotices.matches, broadcasts.start_pressed),
        (
            any_of(*broadcasts_view.DRAFT_BUTTONS, broadcasts_view.Drop),
            broadcast_closing.draft_expired,
        ),
        # "📢 发送，并关闭这一轮" outside its draft: refused but to the round's staff.
        (broadcasts_view.SendClosing.matches, broadcast_closing.closing_elsewhere),
    ):
        app.add_handler(CallbackQueryHandler(callback, pattern=pattern))
    # Markets (issue 5): supply offers before demand before prices, as the
    # intents are classified; a bare amount ("两千斤") answers a waiting draft.
    # 我的卖货登记 / 我的大葱不卖了 (the farmer's own listings) come first: a
    # withdrawal names a product and "sell", and is no new offer.
    app.add_handler(MessageHandler(IntentFilter(Kind.my_offers), listings.my_offers))
    app.add_handler(MessageHandler(IntentFilter(Kind.supply), supply.supply_offer))
    app.add_handler(MessageHandler(supply.QuantityReply(), supply.quantity_reply))
    app.add_handler(MessageHandler(IntentFilter(Kind.demand), demand.demand_question))
    # 那公斤呢, 跟上个礼拜比涨了没, 新发地呢 right after a price card: the same products, as
    # asked (before the price intent, which would ask which product; and the questions).
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & price_follow.FollowUp(app.user_data),
            price_follow.follow_up,
        )
    )
    app.add_handler(MessageHandler(IntentFilter(Kind.price), prices.price_question))
    app.add_handler(CommandHandler("offers", staff_offers.offers_command))
    # The markets' buttons: prices, buyers, the farmer's listings, and staff's 已对接.
    for market_pattern, market_callback in (
        (listings_view.SellHerd.matches, herds.sell_herd),
        (prices_view.PriceOf.matches, prices.product_chosen),
        (prices_view.Chart.matches, prices.chart_requested),
        (demand_view.BuyersOf.matches, demand.product_chosen),
        (any_of(supply_view.OfferProduct, supply_view.OfferCancel), supply.offer_button),
        (any_of(supply_view.OfferConfirm, listings_view.OfferTo), supply.offer_confirm),
        (listings_view.MyOffers.matches, listings.my_offers_pressed),
        (listings_view.WithdrawOffer.matches, listings.ask_withdraw),
        (listings_view.WithdrawYes.matches, listings.withdraw_confirmed),
        (listings_view.KeepOffer.matches, listings.keep_offer),
        (listings_view.ChangeAmount.matches, listings.change_pressed),
        # ✅ 确认对接 / ✖️ after the question's conversation ended; ↩️ 撤销对接 that day.
        (offer_matching.CHOICES, offer_matching.confirm_pressed),
        (offer_matching_view.UndoMatch.matches, offer_matching.undo_pressed),
    ):
        app.add_handler(CallbackQueryHandler(market_callback, pattern=market_pattern))

    # Admins' data (issue 15): a file sent in a private chat is an upload (an
    # admin's is previewed; farmers and staff are told it is not for them), its
    # buttons apply / cancel / name its kind, and /undo reverts the last apply.
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE
            & filters.ChatType.PRIVATE
            & filters.Document.ALL
            & ~filters.ANIMATION,  # a GIF is a document too, never an upload
            admin_data.document,
        )
    )
    app.add_handler(CommandHandler("undo", admin_data.undo_command))
    app.add_handler(CommandHandler("export", admin_data.export_command))
    app.add_handler(CommandHandler("price", admin_entries.price_command))
    app.add_handler(
        CallbackQueryHandler(
            admin_entries.price_market_pressed, pattern=admin_data_view.PriceMarket.matches
        )
    )
    app.add_handler(
        CallbackQueryHandler(
            admin_entries.delete_pressed, pattern=admin_entries_view.DeleteEntry.matches
        )
    )
    app.add_handler(
        CallbackQueryHandler(
            admin_entries.keep_pressed, pattern=admin_entries_view.KeepEntry.matches
        )
    )
    app.add_handler(
        CallbackQueryHandler(
            admin_entries.found_page_pressed, pattern=admin_entries_view.FoundPage.matches
        )
    )
    app.add_handler(CommandHandler("review", admin_review.review_command))
    app.add_handler(
        CallbackQueryHandler(
            admin_review.decided,
            pattern=any_of(admin_review_view.ReviewApprove, admin_review_view.ReviewReject),
        )
    )
    app.add_handler(
        CallbackQueryHandler(admin_review.merged, pattern=admin_review_view.ReviewMerge.matches)
    )
    for upload_button, upload_callback in (
        (admin_data_view.ApplyUpload, admin_data.apply_pressed),
        (admin_data_view.CancelUpload, admin_data.cancel_pressed),
        (admin_data_view.UploadKind, admin_data.kind_chosen),
    ):
        app.add_handler(CallbackQueryHandler(upload_callback, pattern=upload_button.matches))

    # 4. Knowledge questions: whatever text no feature claimed is a question for
    #    the knowledge base; photos and voices go to the station; staff answer with
    #    /questions or the button under each.
    app.add_handler(CommandHandler("questions", staff_questions.list_questions))
    app.add_handler(CallbackQueryHandler(ask.show_entry, pattern=ask_view.ShowEntry.matches))
    app.add_handler(CallbackQueryHandler(ask.show_chinese, pattern=ask_view.ShowChinese.matches))
    app.add_handler(CallbackQueryHandler(ask_forward.forward, pattern=ask_view.Forward.matches))
    app.add_handler(CallbackQueryHandler(ask_forward.keep, pattern=ask_view.Keep.matches))
    app.add_handler(
        CallbackQueryHandler(ask_forward.new_question, pattern=ask_view.NewQuestion.matches)
    )
    # A message after a forward that may be more of it or a new question: the farmer says.
    app.add_handler(
        CallbackQueryHandler(ask_join.join_pressed, pattern=ask_view.JoinAddition.matches)
    )
    app.add_handler(
        CallbackQueryHandler(ask_join.separate_pressed, pattern=ask_view.SeparateAddition.matches)
    )
    app.add_handler(CallbackQueryHandler(staff_questions.save_entry, pattern=ask_view.Save.matches))
    # An answer in the other language than its farmer reads: ✅ 照样发 / ✏️ 重写 (asked first).
    app.add_handler(
        CallbackQueryHandler(
            staff_questions.held_pressed,
            pattern=any_of(answer_language_view.SendHeld, answer_language_view.RewriteHeld),
        )
    )
    # 🗑 不用回复 asks ✅/✖️ first; ✅ closes it and tells the farmer (handlers/question_dismiss.py).
    app.add_handler(
        CallbackQueryHandler(question_dismiss.dismiss, pattern=ask_view.Dismiss.matches)
    )
    app.add_handler(
        CallbackQueryHandler(question_dismiss.dismiss_yes, pattern=ask_view.DismissYes.matches)
    )
    app.add_handler(
        CallbackQueryHandler(question_dismiss.dismiss_no, pattern=ask_view.DismissNo.matches)
    )
    app.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, ask.question)
    )
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.PHOTO, ask.photo))
    # A farmer's voice message or video note is a question for their station (issue 14);
    # in a group it is not (the group is where people talk; a question goes privately).
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & voice.SPOKEN,
            voice.spoken_question,
        )
    )
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.GROUPS & voice.SPOKEN,
            groups.spoken_in_group,
        )
    )

    # 5. Catch-alls: text nobody understood, media, stale or forged buttons.
    #    Edited messages are ignored on purpose: answering an edit confuses users.
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, fallback.any_text))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & ~filters.TEXT, fallback.non_text))
    app.add_handler(CallbackQueryHandler(fallback.stale_button))

    # 6. Errors: logged with the update, and the user is told politely.
    app.add_error_handler(errors.on_error)
