"""handlers/language.with_language: the language handlers go first at every step of a
conversation, and a switch asks the step it was said at again (the draft kept)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler

from handlers import language
from handlers.language import with_language


async def _reask(update: Any, context: Any, user: Any, state: object) -> object:
    return ("asked", state, user.language)


def test_every_step_but_the_timeout_gets_the_language_handlers_first() -> None:
    own = MessageHandler(None, _reask)  # type: ignore[arg-type]
    timeout = MessageHandler(None, _reask)  # type: ignore[arg-type]
    states = with_language({"a": [own], "b": [], ConversationHandler.TIMEOUT: [timeout]}, _reask)
    typed, command, pressed, *rest = states["a"]
    assert isinstance(typed, MessageHandler) and isinstance(command, CommandHandler)
    assert command.commands == frozenset({"language"})
    assert isinstance(pressed, CallbackQueryHandler)
    assert rest == [own]  # before the step's own answers (and its way out)
    assert len(states["b"]) == 3
    assert states[ConversationHandler.TIMEOUT] == [timeout]


@pytest.mark.parametrize(
    ("text", "taken"),
    [("English please", True), ("说中文", True), ("中文", True), ("明天下午停电", False)],
)
def test_typed_words_the_step_gives_way_to(text: str, taken: bool) -> None:
    assert language.says_language(text) is taken


async def test_a_switch_asks_the_step_it_was_said_at(monkeypatch: pytest.MonkeyPatch) -> None:
    switched = SimpleNamespace(language="en")
    redrawn: list[str] = []

    async def switch_said(update: Any, context: Any) -> object:
        return switched

    async def redraw_menu(update: Any, user: Any) -> None:
        redrawn.append(user.language)  # the user's own menu (staff get theirs), in the new language

    monkeypatch.setattr(language, "switch_said", switch_said)
    monkeypatch.setattr(language, "redraw_menu", redraw_menu)
    typed = language.at_step("bc_preview", _reask)[0]
    assert await typed.callback(object(), object()) == ("asked", "bc_preview", "en")
    assert redrawn == ["en"]


async def test_no_language_named_leaves_the_step_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    async def switch_said(update: Any, context: Any) -> None:
        return None  # the two languages offered as buttons

    monkeypatch.setattr(language, "switch_said", switch_said)
    typed = language.at_step("bc_preview", _reask)[0]
    assert await typed.callback(object(), object()) is None


async def _ask(update: Any, context: Any, user: Any, draft: Any) -> object:
    return None if draft == "stay" else ("asked", draft, user.language)


@pytest.mark.parametrize(
    ("kept", "state"),
    [
        ({"draft": "stay"}, "step"),  # asked again, the step stays
        ({"draft": 7}, ("asked", 7, "en")),  # the draft handed to the question
        ({}, ConversationHandler.END),  # nothing kept (timed out): nothing waited for
    ],
)
async def test_a_step_asked_again_from_its_draft(kept: dict[str, Any], state: object) -> None:
    reask = language.from_draft("draft", _ask)
    update: Any = object()
    context: Any = SimpleNamespace(user_data=kept)
    user: Any = SimpleNamespace(language="en")
    assert await reask(update, context, user, "step") == state


def _conversations() -> list[Any]:
    from handlers import admin_review, alerts, stations
    from handlers.bookings import slots, weighing

    return [
        alerts.conversation(),  # an alert's new price (✏️)
        admin_review.conversation(),  # /review's ✏️
        stations.conversation(),  # the place of a station search
        slots.conversation(),  # why a round closes
        weighing.conversation(),  # a pickup's weight
    ]


@pytest.mark.parametrize("index", range(5))
def test_these_steps_give_way_to_a_language_switch_first(index: int) -> None:
    conversation = _conversations()[index]
    for state, handlers in conversation.states.items():
        if state == ConversationHandler.TIMEOUT:
            continue
        typed, command = handlers[0], handlers[1]
        assert isinstance(typed, MessageHandler), (conversation.name, state)
        assert typed.callback.__qualname__.startswith("at_step."), (conversation.name, state)
        assert isinstance(command, CommandHandler) and command.commands == {"language"}
