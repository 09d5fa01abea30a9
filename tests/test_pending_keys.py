"""Every open ✅ / ✖️ question has its own key in pending.QUESTIONS (two features never share one)."""

from __future__ import annotations

import pytest

from handlers import admin_data, alert_unsubscribe, listed_again, listings, pending, roles, supply
from handlers.bookings import amounts, cancel_all, mine, weighing
from handlers.broadcasts import manage


def test_each_question_has_its_own_key() -> None:
    keys = [
        mine.CANCEL_ASKED,
        cancel_all.CANCEL_DAY_ASKED,
        listings.WITHDRAW_ASKED,
        supply.OFFER_ASKED,
        supply.AMOUNT_ASKED,
        supply.HERD_ASKED,
        listed_again.CHANGE_ASKED,
        alert_unsubscribe.STOP_ALL_ASKED,
        weighing.EARLY.key,
        weighing.FAR.key,
        amounts.AMOUNT_ASKED,
        amounts.CONFIRM.key,
        manage.WITHDRAW.key,
        roles.GRANT.key,
        admin_data.APPLY.key,
    ]
    assert len(set(keys)) == len(keys)
    assert set(keys) == set(pending.QUESTIONS)


def test_an_unknown_key_is_refused() -> None:
    with pytest.raises(ValueError):
        pending.key("no_such_question")
