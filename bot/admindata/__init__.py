"""Admins keep the data current from the chat: uploads (preview, apply, undo), review, export.

Telegram-free: `kinds` (what a file is, from its header), `changes` (the rows an
apply changed, reverted exactly by /undo), `uploads` (receive, preview, apply,
undo). Handlers: handlers/admin_data.py.
"""
