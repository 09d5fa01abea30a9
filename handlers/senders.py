"""Who sent this update, as read once before any feature (group -1), for filters to ask.

PTB's filters are synchronous and see only the update, not the sender as stored: a
filter that must claim a message from station staff only (明天有哪些预约 is their station's
bookings, a farmer's booking) asks `StaffSender`, which reads what group -1 noted for
this update (handlers/__init__.py). Bounded: only the latest updates are kept.
"""

from __future__ import annotations

from collections import OrderedDict

from telegram import Update
from telegram.ext import filters

from bot.models.users import Role, User
from bot.users import may

# Updates are handled a few at a time; a thousand noted is far more than are in flight.
KEPT = 1024
_STAFF: OrderedDict[int, bool] = OrderedDict()
# Admins' updates: their requests in words (把李站长的权限撤了) are theirs, not farmers' questions.
_ADMIN: OrderedDict[int, bool] = OrderedDict()


def note(update: object, user: User | None) -> None:
    """Note whether the update's sender is staff of a station (or an admin with one), an admin."""
    if not isinstance(update, Update) or user is None:
        return
    _STAFF[update.update_id] = user.station_id is not None and may(
        user, Role.staff, user.station_id
    )
    _ADMIN[update.update_id] = user.role is Role.admin
    while len(_STAFF) > KEPT:
        _STAFF.popitem(last=False)
    while len(_ADMIN) > KEPT:
        _ADMIN.popitem(last=False)


class StaffSender(filters.UpdateFilter):
    """Updates from station staff (as noted for this update before any feature ran)."""

    def filter(self, update: Update) -> bool:
        """True when the sender was noted as staff of a station."""
        return _STAFF.get(update.update_id, False)


class AdminSender(filters.UpdateFilter):
    """Updates from admins (as noted for this update before any feature ran)."""

    def filter(self, update: Update) -> bool:
        """True when the sender was noted as an admin."""
        return _ADMIN.get(update.update_id, False)
