"""A "nearest markets" alert names its markets (blind walk: "离您最近的市场", never which)."""

from __future__ import annotations

from datetime import time

from bot.alerts.model import AlertView
from bot.alerts.text import describe, where
from bot.models.alerts import AlertKind, AlertStatus
from knowledge.text.english import name_label


def _view(nearest: tuple[str, ...], located: bool = True, near: str | None = None) -> AlertView:
    return AlertView(
        1, 10001, "土豆", AlertKind.above, 2.0, time(7), None, None, AlertStatus.active,
        located=located, near=near, nearest=nearest,
    )  # fmt: skip


def test_the_nearest_markets_are_named() -> None:
    view = _view(("寿光", "新发地"))
    assert where("zh", view) == "离您最近的市场：寿光、新发地"
    assert describe("zh", view).startswith("土豆（离您最近的市场：寿光、新发地）：")
    english = where("en", view)
    assert (
        english == f"your nearest markets: {name_label('en', '寿光')}, {name_label('en', '新发地')}"
    )


def test_without_a_home_or_a_quote_it_says_what_it_watches() -> None:
    assert where("zh", _view((), located=False)) == "全国各地市场"
    assert where("zh", _view(())) == "离您最近的市场"  # no market quotes it yet
    assert where("zh", _view(("寿光",), near="潍坊")) == "潍坊附近的市场"
