"""The server's method table agrees with the official Bot API description.

The description (`shared/botapi/api.json`, generated from Telegram's documentation)
lives beside the project on the team's machines; without it these tests are skipped.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.config import PROJECT_ROOT
from bot.sandbox.methods import METHODS, SENDING_METHODS, canonical_name

API_JSON = PROJECT_ROOT.parent / "shared" / "botapi" / "api.json"


@pytest.fixture(scope="module")
def official() -> dict[str, Any]:
    """The official description's methods, by name."""
    if not API_JSON.is_file():
        pytest.skip(f"{API_JSON} is not here (it ships in the team's shared folder)")
    methods: dict[str, Any] = json.loads(API_JSON.read_text(encoding="utf-8"))["methods"]
    return methods


def test_every_served_method_exists(official: dict[str, Any]) -> None:
    assert sorted(set(METHODS) - set(official)) == []


@pytest.mark.parametrize("method", sorted(METHODS))
def test_parameters_agree(official: dict[str, Any], method: str) -> None:
    fields = {f["name"]: f for f in official[method].get("fields", [])}
    for param in METHODS[method]:
        assert param.name in fields, f"{method}.{param.name} is not in the Bot API"
        field = fields[param.name]
        assert set(param.types) == set(field["types"]), f"{method}.{param.name} types"
        assert param.required == field["required"], (
            f"{method}.{param.name}: required is {field['required']} in the Bot API"
        )
    # Every required parameter of the API is in the table (else it would go unchecked).
    missing = [
        name
        for name, f in fields.items()
        if f["required"] and name not in {p.name for p in METHODS[method]}
    ]
    assert missing == []


def test_the_methods_farmhub_uses_are_served() -> None:
    uses = {
        "getMe",
        "getUpdates",
        "setWebhook",
        "deleteWebhook",
        "getWebhookInfo",
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "deleteMessage",
        "answerCallbackQuery",
        "sendPhoto",
        "sendDocument",
        "sendLocation",
        "sendChatAction",
        "getFile",
        "setMyCommands",
        "getMyCommands",
    }
    assert uses <= set(METHODS)
    assert SENDING_METHODS <= set(METHODS)
    assert canonical_name("SENDMESSAGE") == "sendMessage"
    assert canonical_name("sendTelepathy") is None
