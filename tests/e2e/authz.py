"""The authorisation matrix's world and rows: who may press which button, send which command.

Every callback button of the codec (bot/core/callbacks.py `registered`) and every
command the Application registers has a row here; tests/e2e/test_authz_matrix_e2e.py
fails when one has none, so a new button or command cannot ship without deciding who
may use it. A row says, for each kind of person, one of:

- ALLOW: the feature answers (whatever it says, it is not an authorisation refusal);
- REFUSE: an authorisation refusal (the guard's, or the feature's "not yours") and
  nothing changed in the database;
- STALE: a button of a conversation the person is not in: answered, nothing changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from bot.alerts import service as alerts
from bot.alerts import text as alert_buttons
from bot.alerts.model import AlertSpec
from bot.broadcasts import text as broadcast_words
from bot.core.callbacks import Button
from bot.core.db import session_scope
from bot.models import Base
from bot.models.alerts import AlertKind
from bot.models.broadcasts import Broadcast
from bot.models.knowledge import OpenQuestion
from bot.models.markets import Product, SupplyOffer
from bot.models.users import Role
from bot.sandbox.harness import Harness
from handlers.render import Language
from handlers.render import admin_data as ad
from handlers.render import admin_entries as ae
from handlers.render import admin_review as ar
from handlers.render import answer_language as al
from handlers.render import bookings as bk
from handlers.render import broadcasts as bc
from handlers.render import county as cv
from handlers.render import demand as dm
from handlers.render import kb_edit as ke
from handlers.render import knowledge as kb
from handlers.render import listings as ls
from handlers.render import offer_matching as om
from handlers.render import prices as px
from handlers.render import roles as rl
from handlers.render import stations as st
from handlers.render import supply as sp
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.county import direct_booking, today
from tests.markets_util import seed_markets
from tests.stations_util import make_station, make_user

LOCALES = Path(__file__).resolve().parents[2] / "bot" / "core" / "locales" / "zh"
# Catalogue leaves that mean "you may not": the guard's and each feature's own.
REFUSAL_LEAVES = frozenset(
    {"staff_only", "admin_only", "no_station", "not_yours", "not_staff", "forbidden", "not_allowed"}
)


def refusal_texts() -> frozenset[str]:
    """Every authorisation refusal the bot can say in Chinese (the people here speak it)."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in REFUSAL_LEAVES and isinstance(value, str):
                    found.add(value.strip())
                walk(value)

    for path in LOCALES.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return frozenset(found)


class Who(Enum):
    """The people of the matrix."""

    farmer = "farmer"  # owns the booking, the question, the offer, the subscription
    staff = "staff"  # staff of the station that owns them (station A)
    other_staff = "other_staff"  # staff of station B
    admin = "admin"
    demoted = "demoted"  # staff of A until a moment ago, a farmer now
    unknown = "unknown"  # never sent the bot anything


FARMER, STAFF, OTHER_STAFF, ADMIN, DEMOTED = 10001, 20001, 20002, 30001, 20003
IDS = {
    Who.farmer: FARMER,
    Who.staff: STAFF,
    Who.other_staff: OTHER_STAFF,
    Who.admin: ADMIN,
    Who.demoted: DEMOTED,
}
# Unknown people get a fresh id per cell (each first contact registers them).
UNKNOWN_BASE = 40000


class Outcome(Enum):
    """What a cell expects."""

    ALLOW = "allow"
    REFUSE = "refuse"
    STALE = "stale"


A, R, S = Outcome.ALLOW, Outcome.REFUSE, Outcome.STALE


def policy(
    farmer: Outcome,
    staff: Outcome,
    other: Outcome,
    admin: Outcome,
    demoted: Outcome,
    unknown: Outcome,
) -> dict[Who, Outcome]:
    """A row's outcomes, in the order of Who."""
    return dict(zip(Who, (farmer, staff, other, admin, demoted, unknown), strict=True))


EVERYONE = policy(A, A, A, A, A, A)
NOBODY = policy(S, S, S, S, S, S)  # conversation buttons, pressed outside it
STAFF_OF_A = policy(R, A, R, A, R, R)
ANY_STAFF = policy(R, A, A, A, R, R)
ADMINS = policy(R, R, R, A, R, R)
OWNER = policy(A, R, R, R, R, R)  # the farmer's own question, offer, subscription
# A booking is changed by its farmer, its station's staff (a farmer phoning in) or an admin.
BOOKING = policy(A, A, R, A, R, R)
# A question forwarded to station A is answered by A's staff, or an admin (admins may
# answer any station's question: knowledge/kb/questions.py may_handle).
QUESTION_OF_A = policy(R, A, R, A, R, R)
# The day's pickups: staff see their own station's, an admin (who has none) the stations'
# buttons to choose from (handlers/bookings/county.py).
OWN_STATION_LIST = policy(R, A, A, A, R, R)


@dataclass
class World:
    """The ids the rows' buttons refer to."""

    station_a: int = 0
    station_b: int = 0
    slot_a: int = 0
    booking: int = 0
    question: int = 0
    offer: int = 0
    product: int = 0
    subscription: int = 0
    broadcast: int = 0
    upload: int = 0
    day: date = field(default_factory=today)


@dataclass(frozen=True)
class Row:
    """One button or command: how to make it, and who may use it."""

    make: Callable[[World], str]
    who: dict[Who, Outcome]
    # Starts a conversation: the cell ends with /cancel so the next one starts clean.
    enters: bool = False
    # The feature's own refusal, when it is not one of REFUSAL_LEAVES (catalogue keys).
    refusals: tuple[str, ...] = ()


def button(factory: Callable[[World], Button], who: dict[Who, Outcome], **kw: Any) -> Row:
    """A button row: its data is encoded by the codec."""
    return Row(lambda w: factory(w).encode(), who, **kw)


def command(text: str, who: dict[Who, Outcome], **kw: Any) -> Row:
    """A command row (the text, arguments included)."""
    return Row(lambda w: text, who, **kw)


# Someone else's subscription is "gone": its existence is not told to strangers.
GONE = ("alerts.gone",)

# Every registered button, by class name. A new button fails the matrix until it is here.
BUTTONS: dict[str, Row] = {
    # Everyone's: language, prices, stations, knowledge answers, notices.
    "Language": button(lambda w: Language("zh"), EVERYONE),
    "PriceOf": button(lambda w: px.PriceOf(w.product), EVERYONE),
    "Chart": button(lambda w: px.Chart(w.product, "j", "1"), EVERYONE),
    "BuyersOf": button(lambda w: dm.BuyersOf(w.product), EVERYONE),
    "Pin": button(lambda w: st.Pin(w.station_a), EVERYONE),
    "ShowEntry": button(lambda w: kb.ShowEntry("pest-1"), EVERYONE),
    "ShowChinese": button(lambda w: kb.ShowChinese("pest-1"), EVERYONE),
    "NewQuestion": button(lambda w: kb.NewQuestion(w.question, "000000"), OWNER),
    # "Is this more of question #N, or new?": the farmer's own question and message.
    "JoinAddition": button(lambda w: kb.JoinAddition(w.question, w.question), OWNER),
    "SeparateAddition": button(lambda w: kb.SeparateAddition(w.question), OWNER),
    # Staff and admins are whom questions go to: they forward none of their own (blind test).
    "AskAfterAnswer": button(
        lambda w: kb.AskAfterAnswer("pest-1"),
        policy(A, R, R, R, A, A),
        enters=True,
        refusals=("kb.staff_no_forward",),
    ),
    # "Pick my station first" asks where the presser is: anyone's own station search.
    "StationFirst": button(lambda w: kb.StationFirst(), EVERYONE, enters=True),
    "StopNotices": button(lambda w: broadcast_words.StopNotices(), EVERYONE),
    "StartNotices": button(lambda w: bc.StartNotices(), EVERYONE),
    "Subscribe": button(lambda w: alert_buttons.Subscribe(w.product), EVERYONE),
    "SubscribeAt": button(lambda w: alert_buttons.SubscribeAt(w.product, "新发地"), EVERYONE),
    "ListAlerts": button(lambda w: alert_buttons.ListAlerts(), EVERYONE),
    # Bare 退订 answered ❌ (upto 0 keeps them all): anyone may, it touches only their own.
    "StopAll": button(lambda w: alert_buttons.StopAll(0), EVERYONE),
    "BookAt": button(lambda w: bk.BookAt(w.station_a), EVERYONE, enters=True),
    "Restart": button(lambda w: bk.Restart(), EVERYONE, enters=True),
    "KeepBooking": button(lambda w: bk.KeepBooking(), EVERYONE),
    # 明天的都取消's ✅: only the presser's own bookings that day are cancelled.
    "CancelDay": button(lambda w: bk.CancelDay(date(2026, 12, 7).toordinal()), EVERYONE),
    "KeepOpen": button(lambda w: bk.KeepOpen(), EVERYONE),
    "MyOffers": button(lambda w: ls.MyOffers(), EVERYONE),
    "KeepOffer": button(lambda w: ls.KeepOffer(), EVERYONE),
    # 📦 要卖 under 我有20只羊: a draft of the presser's own (its weight asked next).
    "SellHerd": button(lambda w: ls.SellHerd(w.product, 20, "羊"), EVERYONE),
    # The farmer's own things.
    "Move": button(lambda w: bk.Move(w.booking), BOOKING, enters=True),
    "MoveTo": button(lambda w: bk.MoveTo(w.booking), BOOKING, enters=True),
    "Cancel": button(lambda w: bk.Cancel(w.booking), BOOKING),
    "CancelYes": button(lambda w: bk.CancelYes(w.booking), BOOKING),
    # ✏️ 改数量 and its ✅: the farmer's own booking only (staff change the weight on collection).
    "BookingAmount": button(lambda w: bk.BookingAmount(w.booking), OWNER),
    "AmountTo": button(lambda w: bk.AmountTo(w.booking, "j", "1200"), OWNER),
    "AmountFor": button(lambda w: bk.AmountFor(w.booking, "j", "1200"), OWNER),
    "KeepAmount": button(lambda w: bk.KeepAmount(w.booking), OWNER),
    "Forward": button(lambda w: kb.Forward(w.question), OWNER, refusals=("kb.staff_no_forward",)),
    "Keep": button(lambda w: kb.Keep(w.question), OWNER),
    "OfferProduct": button(lambda w: sp.OfferProduct(w.offer, w.product), OWNER),
    "OfferConfirm": button(lambda w: sp.OfferConfirm(w.offer), OWNER),
    "OfferCancel": button(lambda w: sp.OfferCancel(w.offer), OWNER),
    # 我的卖货登记: the farmer's own listings; a station chosen for the draft, withdrawing.
    "OfferTo": button(lambda w: ls.OfferTo(w.offer, w.station_a), OWNER),
    "WithdrawOffer": button(lambda w: ls.WithdrawOffer(w.offer), OWNER),
    "WithdrawYes": button(lambda w: ls.WithdrawYes(w.offer), OWNER),
    # ✏️ under "already listed": a new amount for the presser's own open listing only.
    "ChangeAmount": button(lambda w: ls.ChangeAmount(w.offer, 0, 0, "3000斤"), OWNER),
    "Pause": button(lambda w: alert_buttons.Pause(w.subscription), OWNER, refusals=GONE),
    "Resume": button(lambda w: alert_buttons.Resume(w.subscription), OWNER, refusals=GONE),
    "Change": button(
        lambda w: alert_buttons.Change(w.subscription), OWNER, refusals=GONE, enters=True
    ),
    # A change or "all" in words, answered with a button: the farmer's own alerts only.
    "ChangeTo": button(
        lambda w: alert_buttons.ChangeTo(w.subscription, "a3.5"), OWNER, refusals=GONE
    ),
    "AlertGroup": button(
        lambda w: alert_buttons.AlertGroup("p", str(w.subscription)), OWNER, refusals=GONE
    ),
    "Delete": button(lambda w: alert_buttons.Delete(w.subscription), OWNER, refusals=GONE),
    # Staff of the station that owns the booking, slot, question or broadcast.
    "Collect": button(lambda w: bk.Collect(w.booking), STAFF_OF_A, enters=True),
    "Estimate": button(lambda w: bk.Estimate(w.booking), STAFF_OF_A),
    "CollectEarly": button(lambda w: bk.CollectEarly(w.booking, 4000), STAFF_OF_A),
    "NoShow": button(lambda w: bk.NoShow(w.booking), STAFF_OF_A),
    # A weight far from the booking, confirmed; ✏️ 改重量 on a collected pickup.
    "CollectFar": button(lambda w: bk.CollectFar(w.booking, 40000), STAFF_OF_A),
    "Reweigh": button(lambda w: bk.Reweigh(w.booking), STAFF_OF_A, enters=True),
    # Another station's pickups, under the admin's /pickups: admins only.
    "PickupsAt": button(lambda w: cv.PickupsAt(w.station_a), ADMINS),
    "CloseSlot": button(lambda w: bk.CloseSlot(w.slot_a, w.day), STAFF_OF_A, enters=True),
    "CloseYes": button(lambda w: bk.CloseYes(w.slot_a, w.day, "rain"), STAFF_OF_A),
    "ReopenSlot": button(lambda w: bk.ReopenSlot(w.slot_a, w.day), STAFF_OF_A),
    # The reason said with close words waits in the closing conversation (user_data).
    "CloseSaid": button(lambda w: bk.CloseSaid(w.slot_a, w.day), NOBODY),
    "Reply": button(lambda w: kb.Reply(w.question), QUESTION_OF_A, enters=True),
    "Save": button(lambda w: kb.Save(w.question), QUESTION_OF_A),
    # 🗑 asks first; ✖️ keeps it; ✅ closes it (last: the question stays open until then).
    "Dismiss": button(lambda w: kb.Dismiss(w.question), QUESTION_OF_A),
    "DismissNo": button(lambda w: kb.DismissNo(w.question), QUESTION_OF_A),
    "DismissYes": button(lambda w: kb.DismissYes(w.question), QUESTION_OF_A),
    "CancelBroadcast": button(lambda w: bc.CancelBroadcast(w.broadcast), STAFF_OF_A),
    "ReportOf": button(lambda w: bc.ReportOf(w.broadcast), STAFF_OF_A),
    # ✅ #1 已对接 asks first (nothing changes until ✅); ✅ pressed later still matches it.
    "OfferMatched": button(lambda w: sp.OfferMatched(w.offer), STAFF_OF_A, enters=True),
    "ConfirmMatch": button(lambda w: om.ConfirmMatch(w.offer), STAFF_OF_A),
    # ✖️ only says the listing is still open: nothing changes, for anyone.
    "NotMatched": button(lambda w: om.NotMatched(w.offer), EVERYONE),
    # ↩️ on an open listing: its staff are told it is not matched; anyone else refused.
    "UndoMatch": button(lambda w: om.UndoMatch(w.offer), STAFF_OF_A),
    # 📢 send a notice and close the round it calls off: its draft is the composer's, but the
    # round is station A's, refused to anyone else (its staff are told the draft is gone).
    "SendClosing": button(lambda w: bc.SendClosing(w.slot_a, w.day), STAFF_OF_A),
    # Admins only.
    "AuditPage": button(lambda w: rl.AuditPage(0), ADMINS),
    # /revoke's ✅ and ✖️ (a farmer's id: nothing to revoke, so no cell changes the world).
    "RevokeYes": button(lambda w: rl.RevokeYes("10009"), ADMINS),
    "RevokeNo": button(lambda w: rl.RevokeNo("10009"), ADMINS),
    # /grant's ✅ and ✖️, after /revoke's (which finds 10009 still a farmer): the admin's
    # ✅ makes 10009 staff of station A; refused presses change nothing.
    "GrantYes": button(lambda w: rl.GrantYes("10009", "staff", w.station_a), ADMINS),
    "GrantNo": button(lambda w: rl.GrantNo("10009"), ADMINS),
    # A station offered for one /grant did not find: only asks again (nothing changes).
    "GrantAt": button(lambda w: rl.GrantAt("10009", "staff", "SG01"), ADMINS),
    "InviteAt": button(lambda w: rl.InviteAt("SG01"), ADMINS),
    "ApplyUpload": button(lambda w: ad.ApplyUpload(w.upload), ADMINS),
    "CancelUpload": button(lambda w: ad.CancelUpload(w.upload), ADMINS),
    "UploadKind": button(lambda w: ad.UploadKind(w.upload, "prices"), ADMINS),
    "PriceMarket": button(lambda w: ad.PriceMarket(w.upload, 1), ADMINS),
    "ReviewApprove": button(lambda w: ar.ReviewApprove("d", 1), ADMINS),
    "ReviewReject": button(lambda w: ar.ReviewReject("d", 1), ADMINS),
    "ReviewMerge": button(lambda w: ar.ReviewMerge(1, "store-2"), ADMINS),
    "ReviewEdit": button(lambda w: ar.ReviewEdit("d", 1), ADMINS, enters=True),
    "DeleteEntry": button(lambda w: ae.DeleteEntry("store-2"), ADMINS),
    "KeepEntry": button(lambda w: ae.KeepEntry("store-2"), ADMINS),
    "FoundPage": button(lambda w: ae.FoundPage(1, "store"), ADMINS),
    # Steps of a conversation (booking, station search, broadcast composer, weighing):
    # outside it they are stale for everyone.
    "ProductPick": button(lambda w: bk.ProductPick("西红柿"), NOBODY),
    "UnitPick": button(lambda w: bk.UnitPick("j", "2000"), NOBODY),
    "StationPick": button(lambda w: bk.StationPick(w.station_a), NOBODY),
    "PlacePick": button(lambda w: bk.PlacePick(1), NOBODY),
    "ChangePlace": button(lambda w: bk.ChangePlace(), NOBODY),
    "DayPick": button(lambda w: bk.DayPick(w.day + timedelta(days=1)), NOBODY),
    "SlotPick": button(lambda w: bk.SlotPick(w.slot_a), NOBODY),
    "Confirm": button(lambda w: bk.Confirm("forged"), NOBODY),
    "Back": button(lambda w: bk.Back(), NOBODY),
    "Quit": button(lambda w: bk.Quit(), NOBODY),
    "WeighQuit": button(lambda w: bk.WeighQuit(), NOBODY),
    "PlaceChoice": button(lambda w: st.PlaceChoice(1), NOBODY),
    "Choose": button(lambda w: bc.Choose("station"), NOBODY),
    "PickStation": button(lambda w: bc.PickStation(w.station_a), NOBODY),
    "SendNow": button(lambda w: bc.SendNow(), NOBODY),
    "SendLater": button(lambda w: bc.SendLater(), NOBODY),
    "ConfirmLater": button(lambda w: bc.ConfirmLater(), NOBODY),
    "WriteDates": button(lambda w: bc.WriteDates(), NOBODY),
    "Drop": button(lambda w: bc.Drop(), NOBODY),
    "PhotoAlone": button(lambda w: bc.PhotoAlone(), NOBODY),
    # An answer held for its language (user_data): with none held, only "handled already".
    "SendHeld": button(lambda w: al.SendHeld(w.question), NOBODY),
    "RewriteHeld": button(lambda w: al.RewriteHeld(w.question), NOBODY),
    # /kb edit's steps (the editor's draft lives in the conversation).
    "EditField": button(lambda w: ke.EditField("preview"), NOBODY),
    "EditCategory": button(lambda w: ke.EditCategory("livestock"), NOBODY),
    "DropPhrasing": button(lambda w: ke.DropPhrasing(0), NOBODY),
    "UnsavedDraft": button(lambda w: ke.UnsavedDraft("save", "store-2"), NOBODY),
    # /kb add's tag and category steps (the draft lives in the conversation too).
    "AddStep": button(lambda w: ke.AddStep("livestock"), NOBODY),
}

# Every registered command. Commands with a target carry one, so a refusal is
# tested against a real change it would have made.
COMMANDS: dict[str, Row] = {
    "start": command("/start", EVERYONE),
    "help": command("/help", EVERYONE),
    "language": command("/language", EVERYONE),
    "cancel": command("/cancel", EVERYONE),
    # /kb add's ⏭ typed: a step of that conversation only.
    "skip": command("/skip", NOBODY),
    "book": command("/book", EVERYONE, enters=True),
    "alerts": command("/alerts", EVERYONE),
    "notices": command("/notices", EVERYONE),
    "offers": command("/offers", ANY_STAFF),
    "pickups": command("/pickups", OWN_STATION_LIST),
    "questions": command("/questions", ANY_STAFF),
    "linkgroup": command("/linkgroup", ANY_STAFF),
    "broadcast": command("/broadcast", ANY_STAFF, enters=True),
    "broadcasts": command("/broadcasts", ANY_STAFF),
    "deliveries": command("/deliveries", ADMINS),
    "audit": command("/audit", ADMINS),
    "invite": command("/invite A", ADMINS),
    "review": command("/review", ADMINS),
    "export": command("/export prices", ADMINS),
    "price": command("/price 西红柿 新发地 9.9", ADMINS),
    "kb": command("/kb del store-1", ADMINS),
    "undo": command("/undo", ADMINS),
    "grant": command("/grant 10009 staff A", ADMINS),
    "revoke": command("/revoke 10009", ADMINS),
}


async def build_world(harness: Harness) -> World:
    """Two stations and their staff, the farmer's booking, question, offer, alert; a
    scheduled broadcast of station A; an admin's pending upload."""
    world = World()
    async with session_scope() as session:
        world.station_a, slots = await make_station(session, external_id="A", name="城关服务站")
        world.station_b, _ = await make_station(
            session, external_id="B", name="南关服务站", lat=36.6
        )
        world.slot_a = slots[0]
        await make_user(session, FARMER, "张大爷", station_id=world.station_a)
        await make_user(session, STAFF, "李站长", role=Role.staff, station_id=world.station_a)
        await make_user(session, OTHER_STAFF, "王站长", role=Role.staff, station_id=world.station_b)
        await make_user(session, DEMOTED, "刘站长", role=Role.staff, station_id=world.station_a)
        await make_user(session, ADMIN, "赵主任", role=Role.admin)
        await make_user(session, 10009, "钱师傅")
        await seed_markets(session, world.day, days=5)  # few rows: a snapshot per cell
        await upsert_entries(session, ENTRIES, engine(), by="test")
    async with session_scope() as session:
        product = await session.scalar(select(Product).where(Product.name == "西红柿"))
        assert product is not None
        world.product = product.id
        view, _ = await alerts.subscribe(
            session, FARMER, AlertSpec("西红柿", AlertKind.above, 3.0, None, "新发地")
        )
        world.subscription = view.id
    world.booking = (await direct_booking(FARMER, "A")).id

    for telegram_id, who in (
        (STAFF, "李站长"),
        (OTHER_STAFF, "王站长"),
        (DEMOTED, "刘站长"),
        (ADMIN, "赵主任"),
        (10009, "钱师傅"),
    ):
        harness.user(telegram_id, who)
    farmer = harness.user(FARMER, "张大爷")
    await farmer.send("大棚草莓叶子边缘焦枯是什么原因")
    await farmer.press(_t("kb.ask_station_button"))
    # Answered by A's staff, so its ✍️ and 💾 have something to act on.
    staff = harness.user(STAFF, "李站长")
    await staff.press(staff.last.buttons[0])
    await staff.send("多半是缺钾加上高温，叶面喷磷酸二氢钾。")
    await farmer.send("我有两千斤西红柿要卖")
    await staff.send("/broadcast")
    await staff.send("后天上午收土豆")
    await staff.press("本站农户")
    await staff.press("⏰ 定时发送")
    await staff.send("明天8点")
    await staff.press("✅ 确认")
    admin = harness.user(ADMIN, "赵主任")
    await admin.send_document(
        f"date,product,market,price,unit\n{world.day},西红柿,新发地,3.2,元/斤\n".encode(),
        "prices.csv",
    )
    async with session_scope() as session:
        world.question = _one(await session.scalars(select(OpenQuestion.id)))
        world.offer = _one(await session.scalars(select(SupplyOffer.id)))
        world.broadcast = _one(await session.scalars(select(Broadcast.id)))
    upload = admin.last.callback_data[0]
    world.upload = int(upload.rsplit(":", 1)[1])
    return world


def _one(ids: Any) -> int:
    found = list(ids)
    assert len(found) == 1, found
    return int(found[0])


def _t(key: str) -> str:
    from bot.core.i18n import t

    return t("zh", key)


ENTRIES = [
    Entry(
        "pest-1",
        "西红柿叶子发黄怎么办",
        "下部老叶均匀发黄多为缺氮，追施尿素每亩5公斤。",
        ["番茄黄叶"],
        ["西红柿", "黄叶"],
        "pests_diseases",
    ),
    Entry(
        "store-1",
        "土豆怎么储存不发芽",
        "放阴凉黑暗处，温度2-4℃，湿度85%。",
        ["洋芋发芽了"],
        ["土豆", "储存"],
        "storage",
    ),
    Entry(
        "store-2",
        "土豆储存怎么防冻",
        "窖温不要低于1℃，寒潮时加盖草帘。",
        ["土豆冻了"],
        ["土豆", "防冻"],
        "storage",
    ),
]

# Columns that change on every update by design (the visitor's last sight, the
# command menu shown) and the conversations' own state: not "data" a refusal may touch.
# Bookkeeping written behind by a timer, whichever cell is running when it flushes: when
# people were last seen, how often each product's price was asked (a price button pressed
# in an earlier cell can be counted during a later one).
VOLATILE = {
    "users": {"last_seen_at", "menu", "started_at", "name", "username"},
    "products": {"asked_count"},
}
SKIPPED_TABLES = {"bot_state"}


async def snapshot() -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows (unknown people left out)."""
    result: dict[str, tuple[int, str]] = {}
    async with session_scope() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIPPED_TABLES:
                continue
            skip = VOLATILE.get(table.name, set())
            columns = [c for c in table.columns if c.name not in skip]
            query = select(*columns)
            if table.name == "users":
                query = query.where(table.c.telegram_id < UNKNOWN_BASE)
            rows = sorted(repr(tuple(r)) for r in (await session.execute(query)).all())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
            result[table.name] = (len(rows), digest)
    return result


def changed(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    """The tables whose rows differ."""
    return sorted(name for name in before if before[name] != after.get(name))
