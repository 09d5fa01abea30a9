"""Pickup bookings at the edge: the booking conversation, 我的预约, staff /pickups, reminders."""
