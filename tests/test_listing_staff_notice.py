"""What a new sale listing says (blind test: "有买家会和您联系" though nobody at the station
used FarmHub, and the station's staff were told nothing)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.core.i18n import t
from bot.markets.supply import OfferView
from bot.models.markets import OfferStatus
from bot.models.stations import StationKind
from bot.stations.catalogue import StationInfo
from bot.stations.routing import OfferRoute, RouteKind
from handlers.render import listings as view

TODAY = date(2026, 6, 10)
OFFER = OfferView(
    id=7, farmer_id=10001, farmer_name="张大爷", farmer_username=None, product="大葱",
    quantity=3000, quantity_unit="斤", ready_date=None, price=1.2, price_unit="斤",
    station_id=1, status=OfferStatus.open, created_at=datetime(2026, 6, 10, 2),
)  # fmt: skip
STATION = StationInfo(
    id=1, external_id="SG04", name="洛城供销社收购站", kind=StationKind.other, lat=36.8,
    lon=118.8, address="", phone="0536-5000104", open_from=time(8), open_to=time(18),
    cold_storage=False, products=frozenset({"大葱"}),
)  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_station_nobody_runs_promises_no_buyer(lang: str) -> None:
    usual = OfferRoute(RouteKind.usual, 1, usual=STATION)
    nearest = OfferRoute(RouteKind.nearest, 1, buyer=STATION, km=9)
    staffed = t(lang, "supply.then_buyer")
    unstaffed = t(lang, "supply.then_unstaffed", phone="0536-5000104")
    for said in (
        view.routed_text(lang, OFFER, usual, False),
        view.routed_text(lang, OFFER, nearest, False),
        view.chosen_text(lang, OFFER, STATION, False),
    ):
        assert said.endswith(unstaffed) and staffed not in said
    for said in (
        view.routed_text(lang, OFFER, usual),
        view.routed_text(lang, OFFER, nearest, True),
        view.chosen_text(lang, OFFER, STATION, True),
    ):
        assert said.endswith(staffed) and unstaffed not in said


@pytest.mark.parametrize(
    ("lang", "head"), [("zh", "📦 新的卖货登记 #7"), ("en", "📦 New sale listing #7")]
)
def test_the_staffs_notice_names_the_listing(lang: str, head: str) -> None:
    said = view.opened_notice(lang, OFFER, TODAY)
    assert said.startswith(head) and "张大爷" in said and "/offers" in said
    assert "1.2" in said  # the price, as /offers shows it
