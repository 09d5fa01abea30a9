"""Broadcasts: station staff and admins send a notice to a chosen audience of farmers.

- audience.py: who a notice reaches (a station's farmers, those near it, a
  product's, everyone), counted exactly for the preview.
- service.py: compose, schedule, start (expand into one outbox message per
  farmer), cancel, list, report; the farmers' opt-out.
- text.py: the notice as farmers see it, the report, the buttons under a
  notice, and scheduled times as people type them.
- cli.py: `farmhub broadcast send|list|cancel|report`.

Telegram-free: delivery is the outbox's (bot/delivery), so flood limits,
retries, blocked users and exactly-once after a crash come from the sender.
"""
