"""Checking and converting request parameters the way the Bot API does.

Requests arrive form-encoded or as multipart (every value a string, objects as
JSON text) or as a JSON body (typed values). `coerce` turns either into typed
Python values according to the method table, and `check_reply_markup` and
`check_entities` apply Telegram's rules for keyboards and formatting. Every
failure is an `ApiError` carrying Telegram's status code and description.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from bot.sandbox.methods import METHODS, Param
from bot.sandbox.state import INLINE_ACTIONS

JSON = dict[str, Any]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER = 200
MAX_BUTTONS = 100
_INTEGER_RE = re.compile(r"^-?\d+$")
_PRIMITIVES = {"Integer", "String", "Boolean", "Float", "InputFile"}
_TRUE = {"true", "1", "True"}
_FALSE = {"false", "0", "False"}


class ApiError(Exception):
    """A Bot API failure: HTTP status, description, optional response parameters."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def to_dict(self) -> JSON:
        """The JSON body Telegram answers with."""
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """A 400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {detail}")


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


# Telegram names these two in its own words; other missing parameters get a generic text.
_MISSING = {"chat_id": "chat_id is empty", "text": "message text is empty"}


def coerce(method: str, raw: JSON, uploads: dict[str, Upload]) -> JSON:
    """Typed parameters of `method` from a request's raw values; unknown ones are dropped."""
    params: JSON = {}
    for param in METHODS[method]:
        value = raw.get(param.name)
        upload = uploads.get(param.name)
        if "InputFile" in param.types and upload is not None:
            params[param.name] = upload
            continue
        if value is None or value == "":
            if param.required:
                raise bad_request(_MISSING.get(param.name, f'parameter "{param.name}" is required'))
            continue
        params[param.name] = _coerce_value(param, value, uploads)
    return params


def _type_error(param: Param) -> ApiError:
    return bad_request(f'parameter "{param.name}" must be {" or ".join(param.types)}')


def _coerce_value(param: Param, value: Any, uploads: dict[str, Upload]) -> Any:
    types = param.types
    if "InputFile" in types and isinstance(value, str) and value.startswith("attach://"):
        attached = uploads.get(value.removeprefix("attach://"))
        if attached is None:
            raise bad_request(f'file "{value}" of parameter "{param.name}" is not attached')
        return attached
    if "Integer" in types:
        if isinstance(value, bool):
            raise _type_error(param)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _INTEGER_RE.match(value.strip()):
            return int(value.strip())
        if "String" not in types:
            raise _type_error(param)
    if "Float" in types:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        try:
            return float(str(value))
        except ValueError:
            raise _type_error(param) from None
    if "Boolean" in types:
        if isinstance(value, bool):
            return value
        if str(value) in _TRUE:
            return True
        if str(value) in _FALSE:
            return False
        raise _type_error(param)
    if "String" in types:
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)  # Telegram accepts numbers where it expects text
        raise _type_error(param)
    if "InputFile" in types:
        raise bad_request(f'parameter "{param.name}" must be a file uploaded as multipart')
    return _coerce_json(param, value)


def _coerce_json(param: Param, value: Any) -> Any:
    """Object and array parameters: JSON text (form bodies) or JSON values (JSON bodies)."""
    what = {
        "reply_markup": "reply keyboard markup",
        "entities": "entities",
        "caption_entities": "entities",
    }.get(param.name, param.name)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise bad_request(f"can't parse {what} JSON object") from None
    array = [t.removeprefix("Array of ") for t in param.types if t.startswith("Array of ")]
    if array:
        if not isinstance(value, list):
            raise bad_request(f"can't parse {what} JSON object")
        item = array[0]
        for element in value:
            ok = (
                isinstance(element, str)
                if item == "String"
                else (isinstance(element, int) if item == "Integer" else isinstance(element, dict))
            )
            if not ok:
                raise bad_request(f'field "{param.name}" must be an Array of {item}')
        return value
    if not isinstance(value, dict):
        raise bad_request(f"can't parse {what} JSON object")
    return value


def utf8_len(text: str) -> int:
    """Length in bytes, the unit of callback_data's limit."""
    return len(text.encode("utf-8"))


def _rows(markup: JSON, key: str, kind: str) -> list[list[Any]]:
    rows = markup.get(key)
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{key}" of the {kind} should be an Array of Arrays')
    return rows


def check_reply_markup(markup: JSON, *, inline_only: bool = False) -> str:
    """Apply Telegram's keyboard rules; returns the markup kind (inline, keyboard, ...)."""
    if "inline_keyboard" in markup:
        rows = _rows(markup, "inline_keyboard", "InlineKeyboardMarkup")
        buttons = [button for row in rows for button in row]
        if len(buttons) > MAX_BUTTONS:
            raise bad_request("reply markup is too long")
        for button in buttons:
            _check_inline_button(button)
        return "inline"
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = _rows(markup, "keyboard", "ReplyKeyboardMarkup")
        for button in (b for row in rows for b in row):
            text = (
                button
                if isinstance(button, str)
                else (button.get("text") if isinstance(button, dict) else None)
            )
            if not isinstance(text, str) or not text.strip():
                raise bad_request("can't parse keyboard button: Text must be non-empty")
        placeholder = markup.get("input_field_placeholder")
        if placeholder is not None and len(str(placeholder)) > 64:
            raise bad_request("input field placeholder is too long")
        return "keyboard"
    if markup.get("remove_keyboard") is True:
        return "remove"
    if markup.get("force_reply") is True:
        return "force_reply"
    raise bad_request("can't parse reply keyboard markup JSON object")


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text must be a String")
    if not button["text"].strip():
        raise bad_request("BUTTON_TEXT_EMPTY")
    actions = [k for k in INLINE_ACTIONS if k in button]
    if not actions:
        raise bad_request("text buttons are unallowed in the inline keyboard")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= utf8_len(data) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not re.match(r"^(https?|tg)://\S+$", url):
            raise bad_request("BUTTON_URL_INVALID")


def check_entities(entities: list[JSON], text_utf16_len: int) -> list[JSON]:
    """Entities passed explicitly must lie within the text and name a type."""
    for entity in entities:
        offset, length = entity.get("offset"), entity.get("length")
        if (
            not isinstance(entity.get("type"), str)
            or not isinstance(offset, int)
            or (not isinstance(length, int))
        ):
            raise bad_request("can't parse entities: entity must have type, offset and length")
        if offset < 0 or length <= 0 or offset + length > text_utf16_len:
            raise bad_request(
                f"can't parse entities: entity at offset {offset} is outside the text"
            )
    return entities
