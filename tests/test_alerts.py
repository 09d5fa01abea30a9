"""Price alerts: reading requests, subscriptions, and what new prices and digests queue."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import digests, firing, model, parsing
from bot.alerts import service as alerts
from bot.alerts.importer import import_prices
from bot.alerts.model import AlertError, AlertSpec, Observation
from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.imports import ImportFailed, ImportOptions, read_table
from bot.markets.prices import MarketInfo, Place, latest_prices, local_today, product_named
from bot.models.alerts import AlertKind, AlertStatus, AlertSubscription, OutboxMessage
from bot.models.markets import Market, MarketPrice
from bot.models.users import User
from handlers.render import alerts as alerts_view
from knowledge.text.intent import Kind, classify
from tests.markets_util import seed_markets

TZ = ZoneInfo("Asia/Shanghai")
SEVEN = time(7, 0)
XINFADI = MarketInfo(1, "北京新发地农产品批发市场", "新发地", "北京", "北京", 39.8, 116.4)


# ---------------------------------------------------------------- reading requests


@pytest.mark.parametrize(
    ("text", "kind", "threshold", "at"),
    [
        ("订阅西红柿价格", AlertKind.daily, None, SEVEN),
        ("每天早上6点半告诉我土豆价格", AlertKind.daily, None, time(6, 30)),
        ("每天晚上8点推送白菜价格", AlertKind.daily, None, time(20, 0)),
        ("订阅黄瓜价格 18:15", AlertKind.daily, None, time(18, 15)),
        ("西红柿涨到三块五提醒我", AlertKind.above, 3.5, None),
        ("白菜低于2块提醒我", AlertKind.below, 2.0, None),
        ("土豆跌到一块二一公斤提醒我", AlertKind.below, 0.6, None),
        ("黄瓜价格波动超过10%提醒我", AlertKind.move, 10.0, None),
        ("茄子涨跌超过百分之十五提醒我", AlertKind.move, 15.0, None),
    ],
)
def test_requests_in_farmers_words(
    text: str, kind: AlertKind, threshold: float | None, at: time | None
) -> None:
    assert classify(text).kind is Kind.subscribe
    request = parsing.read_request(text, SEVEN)
    assert request.kind is kind
    assert request.threshold == (pytest.approx(threshold) if threshold else None)
    assert request.at_time == at
    assert len(request.products) == 1


@pytest.mark.parametrize(
    ("text", "kind", "threshold", "at"),
    [
        ("土豆价格有变化就通知我", AlertKind.move, 5.0, None),
        ("西红柿价格变了告诉我", AlertKind.move, 5.0, None),
        ("黄瓜价格波动大就提醒我", AlertKind.move, 5.0, None),
        ("白菜涨跌都提醒我", AlertKind.move, 5.0, None),
        ("西红柿超过3块提醒我", AlertKind.above, 3.0, None),
        ("西红柿高于三块通知我", AlertKind.above, 3.0, None),
        ("土豆跌了到一块提醒我", AlertKind.below, 1.0, None),
        ("每天早上告诉我土豆价格", AlertKind.daily, None, time(7, 0)),
        ("每天7点告诉我土豆价格", AlertKind.daily, None, time(7, 0)),
    ],
)
def test_kinds_from_how_farmers_say_them(
    text: str, kind: AlertKind, threshold: float | None, at: time | None
) -> None:
    assert classify(text).kind is Kind.subscribe
    request = parsing.read_request(text, time(18, 0))
    assert (request.kind, request.at_time) == (kind, at)
    assert request.threshold == (pytest.approx(threshold) if threshold else None)
    # A move alert without a number says it uses the default percentage.
    assert request.percent_said is not (kind is AlertKind.move)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("蒜价跌了提醒我", AlertKind.below),
        ("大蒜降价了通知我", AlertKind.below),
        ("tell me when garlic drops", AlertKind.below),
        ("白菜涨了就提醒我", AlertKind.above),
        ("tell me when garlic goes up", AlertKind.above),
    ],
)
def test_a_fall_or_rise_without_a_price_asks_for_one(text: str, kind: AlertKind) -> None:
    # Not a ±5% move: that would alert on a rise to a farmer who asked about a fall.
    request = parsing.read_request(text, SEVEN)
    assert (request.kind, request.threshold) == (kind, None)
    assert request.products
    # The price typed next goes with it.
    answered = parsing.read_request(f"{text} 3块", SEVEN)
    assert (answered.kind, answered.threshold) == (kind, 3.0)


def test_suggested_prices_and_their_buttons() -> None:
    assert alerts_view.suggested_prices(AlertKind.below, 3.32) == [3.2, 3.0, 2.7]
    assert alerts_view.suggested_prices(AlertKind.above, 1.14) == [1.2, 1.25, 1.37]
    keyboard = alerts_view.price_choices("zh", 7, AlertKind.below, [3.2, 3.0], 5.0)
    labels = [b.text for row in keyboard.inline_keyboard for b in row]
    data = [b.callback_data for row in keyboard.inline_keyboard for b in row]
    assert labels == ["跌到 3.20 元/斤", "跌到 3.00 元/斤", "涨跌超过 5% 都提醒"]
    assert data == ["al:s:7:b3.2", "al:s:7:b3", "al:s:7:m5"]
    english = alerts_view.price_choices("en", 7, AlertKind.above, [1.2], 5.0)
    assert [b.text for row in english.inline_keyboard for b in row] == [
        "above 1.20 yuan/jin",
        "any move over 5%",
    ]
    # A product button for "跌了提醒我" without a product asks the price, not "below 0".
    request = parsing.read_request("跌了提醒我", SEVEN)
    assert alerts_view.request_code(request) == "B"
    assert alerts_view.asked_kind("B") is AlertKind.below


def test_a_request_names_its_market() -> None:
    request = parsing.read_request("新发地西红柿涨到3块提醒我", SEVEN, [XINFADI])
    assert (request.place, request.products) == ("新发地", ("西红柿",))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("西红柿涨到-2块提醒我", "negative"),
        ("西红柿涨到负2块提醒我", "negative"),
        ("西红柿涨到0块提醒我", "negative"),
        ("西红柿涨到两千块提醒我", "too_high"),
        ("西红柿波动超过500%提醒我", "percent"),
        ("每天25点推送西红柿价格", "time"),
    ],
)
def test_nonsense_gets_a_clear_answer(text: str, code: str) -> None:
    with pytest.raises(AlertError) as caught:
        parsing.read_request(text, SEVEN)
    assert caught.value.code == code
    assert str(caught.value)  # a sentence from the catalogue


def test_import_values() -> None:
    assert parsing.parse_value(AlertKind.daily, "06:30") == (None, time(6, 30))
    assert parsing.parse_value(AlertKind.above, "3.5") == (3.5, None)
    assert parsing.parse_value(AlertKind.move, "10%") == (10.0, None)
    for kind, raw in [
        (AlertKind.daily, "6点"),
        (AlertKind.daily, "24:00"),
        (AlertKind.below, "-1"),
        (AlertKind.above, "abc"),
        (AlertKind.move, "0"),
    ]:
        with pytest.raises(AlertError):
            parsing.parse_value(kind, raw)


def test_missed_digest_times_within_the_catch_up_window() -> None:
    now = datetime(2026, 11, 28, 9, 30, tzinfo=TZ)
    times = [time(6, 0), time(7, 0), time(9, 30), time(9, 31), time(18, 0)]
    assert digests.missed_times(times, now) == [time(7, 0), time(9, 30)]


# ---------------------------------------------------------------- subscriptions


async def farmers(*ids: int, home: tuple[float, float] | None = None) -> None:
    async with session_scope() as session:
        for telegram_id in ids:
            session.add(
                User(
                    telegram_id=telegram_id,
                    name=f"农户{telegram_id}",
                    language="zh",
                    started_at=utcnow(),
                    home_lat=home[0] if home else None,
                    home_lon=home[1] if home else None,
                )
            )


@pytest.fixture
async def market_data(db: str) -> date:
    today = local_today(TZ)
    async with session_scope() as session:
        await seed_markets(session, today)
    return today


async def test_subscribe_add_update_unchanged(market_data: date) -> None:
    await farmers(10001)
    async with session_scope() as session:
        view, state = await alerts.subscribe(
            session, 10001, AlertSpec("番茄", AlertKind.above, 3.0, place="新发地")
        )
        assert state == "added"
        assert (view.product, view.market, view.threshold) == ("西红柿", "新发地", 3.0)
        _, state = await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.above, 3.0, place="新发地")
        )
        assert state == "unchanged"
        view, state = await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.above, 3.2, place="新发地")
        )
        assert (state, view.threshold) == ("updated", 3.2)
        region, _ = await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.daily, at_time=SEVEN, place="上海")
        )
        assert (region.region, region.market) == ("上海", None)
        assert len(await alerts.list_alerts(session, 10001)) == 2


@pytest.mark.parametrize(
    ("spec", "code", "column"),
    [
        (AlertSpec("火龙果干", AlertKind.daily, at_time=SEVEN), "unknown_product", "product"),
        (
            AlertSpec("西红柿", AlertKind.daily, at_time=SEVEN, place="火星"),
            "unknown_market",
            "market",
        ),
        (AlertSpec("西红柿", AlertKind.below, -1.0), "negative", "value"),
        (AlertSpec("西红柿", AlertKind.move, 0.5), "percent", "value"),
    ],
)
async def test_subscribe_refuses_nonsense(
    market_data: date, spec: AlertSpec, code: str, column: str
) -> None:
    await farmers(10001)
    async with session_scope() as session:
        with pytest.raises(AlertError) as caught:
            await alerts.subscribe(session, 10001, spec)
    assert (caught.value.code, caught.value.column) == (code, column)


async def test_limit_per_farmer_and_unknown_users(market_data: date) -> None:
    await farmers(10001)
    async with session_scope() as session:
        names = [
            "土豆",
            "西红柿",
            "玉米",
            "红薯",
            "辣椒",
            "大白菜",
            "圆白菜",
            "黄瓜",
            "茄子",
            "胡萝卜",
            "白萝卜",
        ]
        for name in names[: model.MAX_PER_FARMER]:
            await alerts.subscribe(session, 10001, AlertSpec(name, AlertKind.daily, at_time=SEVEN))
        with pytest.raises(AlertError) as caught:
            await alerts.subscribe(session, 10001, AlertSpec(names[-1], AlertKind.move, 10.0))
        assert caught.value.code == "limit"
        with pytest.raises(AlertError) as caught:
            await alerts.subscribe(session, 555, AlertSpec("土豆", AlertKind.move, 10.0))
        assert caught.value.code == "not_started"


async def test_pause_change_delete_only_your_own(market_data: date) -> None:
    await farmers(10001, 10002)
    async with session_scope() as session:
        view, _ = await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.daily, at_time=SEVEN)
        )
        # Someone else's id, and an id that does not exist, find nothing.
        assert await alerts.set_paused(session, 10002, view.id, True) is None
        assert await alerts.delete_alert(session, 10001, view.id + 99) is None
        paused = await alerts.set_paused(session, 10001, view.id, True)
        assert paused is not None and paused.status is AlertStatus.paused
        changed = await alerts.change_value(session, 10001, view.id, "早上6点半")
        assert changed is not None and changed.at_time == time(6, 30)
        assert changed.status is AlertStatus.active
        with pytest.raises(AlertError):
            await alerts.change_value(session, 10001, view.id, "随便")
        assert await alerts.delete_alert(session, 10001, view.id) is not None
        assert await alerts.list_alerts(session, 10001) == []


async def test_unsubscribe_everything_cancels_queued_alerts(market_data: date) -> None:
    await farmers(10001)
    async with session_scope() as session:
        for spec in (
            AlertSpec("西红柿", AlertKind.above, 2.0),
            AlertSpec("土豆", AlertKind.daily, at_time=SEVEN),
        ):
            await alerts.subscribe(session, 10001, spec)
        assert (
            await firing.on_new_prices(
                session, await observe(session, "西红柿", "新发地", market_data, 2.5), market_data
            )
            == 1
        )
    async with session_scope() as session:
        assert await alerts.unsubscribe(session, 10001) == 2
    async with session_scope() as session:
        row = await session.scalar(select(OutboxMessage))
    assert row is not None and row.status.value == "failed"
    assert row.error == "cancelled: unsubscribed"


# ---------------------------------------------------------------- new prices


async def observe(
    session: AsyncSession, product: str, market: str, day: date, jin: float
) -> list[Observation]:
    """Store a price (as an import would) and return it as the hook's input."""
    found = await session.scalar(select(Market).where(Market.short_name == market))
    item = await product_named(session, product)
    assert found is not None and item is not None
    stored = await session.scalar(
        select(MarketPrice).where(
            MarketPrice.product_id == item.id,
            MarketPrice.market_id == found.id,
            MarketPrice.day == day,
        )
    )
    if stored is None:
        session.add(
            MarketPrice(
                product_id=item.id, market_id=found.id, day=day, avg=jin, unit="斤", avg_jin=jin
            )
        )
    else:
        stored.avg = stored.avg_jin = jin
    await session.flush()
    return [Observation(item.id, found.id, day, jin)]


async def queued() -> list[OutboxMessage]:
    async with session_scope() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_thresholds_fire_once_per_price_date(market_data: date) -> None:
    today = market_data
    await farmers(10001, 10002, 10003)
    async with session_scope() as session:
        await alerts.subscribe(session, 10001, AlertSpec("西红柿", AlertKind.above, 3.0))
        await alerts.subscribe(
            session, 10002, AlertSpec("西红柿", AlertKind.below, 2.0, place="新发地")
        )
        await alerts.subscribe(
            session, 10003, AlertSpec("西红柿", AlertKind.above, 3.0, place="江桥")
        )
    async with session_scope() as session:
        news = await observe(session, "西红柿", "新发地", today, 3.1)
        assert await firing.on_new_prices(session, news, today) == 1
        # The same prices again (a re-import, an admin's correction): nothing new.
        assert await firing.on_new_prices(session, news, today) == 0
    (push,) = await queued()
    assert push.chat_id == 10001 and push.key.endswith(today.isoformat())
    assert "西红柿涨到了您设的 3.00 元/斤" in push.text and "新发地：3.10 元/斤" in push.text
    assert "al:p:" in (push.markup or "")
    async with session_scope() as session:
        news = await observe(session, "西红柿", "新发地", today, 1.9)
        assert await firing.on_new_prices(session, news, today) == 1  # the 2.0 below alert
    assert [p.chat_id for p in await queued()] == [10001, 10002]


async def test_moves_compare_with_the_previous_price_day(market_data: date) -> None:
    today = market_data
    await farmers(10001)
    async with session_scope() as session:
        await alerts.subscribe(session, 10001, AlertSpec("土豆", AlertKind.move, 10.0))
    async with session_scope() as session:
        # 1.20 yesterday; 1.30 today is +8.3%: quiet.
        assert (
            await firing.on_new_prices(
                session, await observe(session, "土豆", "新发地", today, 1.30), today
            )
            == 0
        )
        assert (
            await firing.on_new_prices(
                session, await observe(session, "土豆", "新发地", today, 1.08), today
            )
            == 1
        )
    (push,) = await queued()
    assert "1.20 → 1.08 元/斤，跌了 10.0%" in push.text


async def test_old_prices_and_backfills_stay_quiet(market_data: date) -> None:
    today = market_data
    await farmers(10001)
    async with session_scope() as session:
        await alerts.subscribe(session, 10001, AlertSpec("西红柿", AlertKind.above, 0.5))
        # Four days old: not news.
        old = await observe(
            session, "西红柿", "哈达", today - timedelta(days=model.FRESH_DAYS + 1), 2.0
        )
        assert await firing.on_new_prices(session, old, today) == 0
        # Yesterday at a market that already has today's price: a backfill.
        back = await observe(session, "西红柿", "新发地", today - timedelta(days=1), 2.0)
        assert await firing.on_new_prices(session, back, today) == 0


async def test_scopes_nearest_region_and_who_is_left_out(market_data: date) -> None:
    today = market_data
    # Two farmers in Shanghai (nearest: 江桥, 新发地, 哈达 in that order), one elsewhere.
    await farmers(10001, 10002, home=(31.2, 121.4))
    await farmers(10003, 10004, 10005)
    async with session_scope() as session:
        await alerts.subscribe(session, 10001, AlertSpec("西红柿", AlertKind.above, 1.0))
        await alerts.subscribe(
            session, 10002, AlertSpec("西红柿", AlertKind.above, 1.0, place="黑龙江")
        )
        await alerts.subscribe(session, 10003, AlertSpec("西红柿", AlertKind.above, 1.0))
        paused, _ = await alerts.subscribe(
            session, 10004, AlertSpec("西红柿", AlertKind.above, 1.0)
        )
        await alerts.set_paused(session, 10004, paused.id, True)
        await alerts.subscribe(session, 10005, AlertSpec("西红柿", AlertKind.above, 1.0))
        user = await session.get(User, 10005)
        assert user is not None
        user.active = False  # blocked the bot
    async with session_scope() as session:
        news = await observe(session, "西红柿", "江桥", today, 2.8)
        assert await firing.on_new_prices(session, news, today) == 2
    assert sorted(p.chat_id for p in await queued()) == [10001, 10003]


async def test_blocked_subscriptions_wake_up_when_the_farmer_is_back(market_data: date) -> None:
    today = market_data
    await farmers(10001)
    async with session_scope() as session:
        await alerts.subscribe(session, 10001, AlertSpec("西红柿", AlertKind.above, 1.0))
        await alerts.recipient_blocked(session, 10001)
        user = await session.get(User, 10001)
        assert user is not None
        user.active = False
    async with session_scope() as session:
        (view,) = await alerts.list_alerts(session, 10001)
        assert view.status is AlertStatus.blocked
        assert (
            await firing.on_new_prices(
                session, await observe(session, "西红柿", "新发地", today, 2.8), today
            )
            == 0
        )
        user = await session.get(User, 10001)
        assert user is not None
        user.active = True  # they talked to the bot again
    async with session_scope() as session:
        assert (
            await firing.on_new_prices(
                session, await observe(session, "西红柿", "江桥", today, 2.9), today
            )
            == 1
        )
        sub = await session.scalar(select(AlertSubscription))
        assert sub is not None and sub.status is AlertStatus.active


async def test_the_price_import_queues_alerts_in_its_own_transaction(
    market_data: date, tmp_path: Path
) -> None:
    today = market_data
    await farmers(10001)
    async with session_scope() as session:
        await alerts.subscribe(session, 10001, AlertSpec("西红柿", AlertKind.above, 2.5))
    good = tmp_path / "p.csv"
    good.write_text(
        f"date,product,market,price,unit\n{today},西红柿,新发地,2.9,元/斤\n", encoding="utf-8"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"date,product,market,price,unit\n{today},西红柿,江桥,6.0,元/公斤\n"
        f"{today},火龙果干,江桥,3,元/斤\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed):
        async with session_scope() as session:
            await import_prices(session, read_table(bad), options=ImportOptions(today=today))
    assert await queued() == []
    async with session_scope() as session:
        await import_prices(session, read_table(good), options=ImportOptions(today=today))
    async with session_scope() as session:
        # The same file again: nothing new.
        await import_prices(session, read_table(good), options=ImportOptions(today=today))
    (push,) = await queued()
    assert push.chat_id == 10001 and "2.90 元/斤" in push.text


# ---------------------------------------------------------------- digests


async def test_digests_once_a_day_for_the_subscribers_of_that_time(market_data: date) -> None:
    today = market_data
    await farmers(10001, 10002, 10003)
    async with session_scope() as session:
        for user, at in ((10001, SEVEN), (10002, SEVEN), (10003, time(18, 0))):
            await alerts.subscribe(
                session, user, AlertSpec("西红柿", AlertKind.daily, at_time=at, place="新发地")
            )
        paused, _ = await alerts.subscribe(
            session, 10002, AlertSpec("土豆", AlertKind.daily, at_time=SEVEN)
        )
        await alerts.set_paused(session, 10002, paused.id, True)
        assert await digests.digest_times(session) == [SEVEN, time(18, 0)]
    async with session_scope() as session:
        assert await digests.enqueue_digests(session, SEVEN, today, TZ) == 2
    async with session_scope() as session:
        assert await digests.enqueue_digests(session, SEVEN, today, TZ) == 0  # ran twice
    pushes = await queued()
    assert [p.chat_id for p in pushes] == [10001, 10002]
    text = pushes[0].text
    assert text.startswith("🌅 今日行情 · 西红柿")
    assert "新发地：2.70 元/斤，比上周涨" in text
    assert pushes[0].key == f"digest:{pushes[0].key.split(':')[1]}:{today.isoformat()}"


async def test_digest_in_english_for_english_speakers(market_data: date) -> None:
    await farmers(10001)
    async with session_scope() as session:
        user = await session.get(User, 10001)
        assert user is not None
        user.language = "en"
        await alerts.subscribe(
            session, 10001, AlertSpec("西红柿", AlertKind.daily, at_time=SEVEN, place="江桥")
        )
    async with session_scope() as session:
        await digests.enqueue_digests(session, SEVEN, market_data, TZ)
    (push,) = await queued()
    assert push.text.startswith("🌅 Today's prices · tomato")
    assert "江桥: 2.70 yuan/jin" in push.text
    assert utcnow() - push.created_at < timedelta(minutes=1)


async def test_nearest_markets_alert_watches_what_the_price_answer_shows(
    market_data: date,
) -> None:
    """Sandbox walk: a Guangzhou price fired a Shandong farmer's "nearest markets" alert."""
    today = market_data
    home = (39.9, 116.4)  # Beijing: 新发地, 哈达, 江桥 quote 西红柿; 江南 is far and new
    await farmers(10001, home=home)
    async with session_scope() as session:
        session.add(
            Market(
                name="广州江南果菜批发市场",
                short_name="江南",
                province="广东",
                city="广州",
                lat=23.16,
                lon=113.27,
            )
        )
        await alerts.subscribe(session, 10001, AlertSpec("西红柿", AlertKind.above, 1.0))
    async with session_scope() as session:
        product = await product_named(session, "西红柿")
        assert product is not None
        answer = await latest_prices(session, product, Place("home", "", *home), today)
        shown = {row.market for row in answer.rows}
        assert "江南" not in shown and len(shown) == 3
        # The first price 江南 ever quotes: beyond the line, but not one of the nearest.
        news = await observe(session, "西红柿", "江南", today, 9.0)
        assert await firing.on_new_prices(session, news, today) == 0
        # One of the markets the price answer shows: it fires.
        news = await observe(session, "西红柿", "新发地", today, 3.5)
        assert await firing.on_new_prices(session, news, today) == 1
    (push,) = await queued()
    assert "新发地" in push.text and "江南" not in push.text
