"""The Telegram edge of the process.

The Application, the runner, rate limiting, persistence and the outbox's HTTP sender.
"""
