"""Every handler is registered here, in one explicit order.

PTB tries the handlers of a group in the order they were added and runs only
the first that matches. Everything lives in group 0, so the order below is the
priority: commands, then each feature, and the catch-alls last, so they only see
what nobody else claimed (and an update is answered exactly once).
"""

from __future__ import annotations

from typing import Any

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers import errors, fallback, render, start


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every handler of FarmHub to the Application."""
    # 1. Commands everyone has.
    app.add_handler(CommandHandler("start", start.start))
    app.add_handler(CommandHandler("help", start.help_command))
    app.add_handler(CommandHandler("language", start.language_command))
    app.add_handler(
        CallbackQueryHandler(start.language_chosen, pattern=f"^{render.CB_LANGUAGE}")
    )

    # 2. Features (added by their issues here, in priority order).

    # 3. Catch-alls: text nobody understood, media, stale or forged buttons.
    #    Edited messages are ignored on purpose: answering an edit confuses users.
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, fallback.any_text))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & ~filters.TEXT, fallback.non_text))
    app.add_handler(CallbackQueryHandler(fallback.stale_button))

    # 4. Errors: logged with the update, and the user is told politely.
    app.add_error_handler(errors.on_error)
