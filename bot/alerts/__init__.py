"""Price alerts: subscriptions, schedules, firing, their text and CLI."""
