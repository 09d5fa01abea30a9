"""Pickup bookings at service stations: the service and its text."""
