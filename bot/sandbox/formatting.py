"""Message formatting as Telegram parses it: HTML, MarkdownV2 and legacy Markdown.

`parse(text, parse_mode)` returns the plain text and its entities (offsets in
UTF-16 code units, as the Bot API counts them), or raises `EntityError` with the
wording Telegram uses after "Bad Request: can't parse entities: ". The server
uses it so that a malformed reply fails in tests exactly as it would in
production, and so that transcripts hold what the farmer would actually see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Entity = dict[str, Any]


class EntityError(ValueError):
    """The text does not parse under its parse_mode; the message is Telegram's detail."""


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


# Tag name → entity type; span, a, pre, code, blockquote and tg-emoji need attributes.
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "a": "text_link",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ATTR_RE = re.compile(r"""\s*([a-zA-Z_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_ENTITY_RE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);")


@dataclass
class _Open:
    tag: str
    start: int  # offset in the output, in UTF-16 units
    attrs: dict[str, str] = field(default_factory=dict)


def _parse_attrs(raw: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR_RE.finditer(raw):
        name, v1, v2, v3 = match.groups()
        attrs[name.lower()] = v1 if v1 is not None else v2 if v2 is not None else v3 or ""
    return attrs


def parse_html(text: str) -> tuple[str, list[Entity]]:
    """Telegram's HTML subset → (plain text, entities)."""
    out: list[str] = []
    length = 0  # of the output so far, in UTF-16 units
    stack: list[_Open] = []
    entities: list[Entity] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "&":
            match = _ENTITY_RE.match(text, i)
            decoded = None
            if match:
                name = match.group(1)
                if name.startswith("#x"):
                    decoded = chr(int(name[2:], 16))
                elif name.startswith("#"):
                    decoded = chr(int(name[1:]))
                else:
                    decoded = _NAMED_ENTITIES.get(name)
            # An unknown entity stays literal text, as Telegram leaves it.
            piece = decoded if decoded is not None and match else "&"
            out.append(piece)
            length += utf16_len(piece)
            i = match.end() if decoded is not None and match else i + 1
            continue
        if char != "<":
            out.append(char)
            length += utf16_len(char)
            i += 1
            continue
        end = text.find(">", i)
        if end == -1:
            raise EntityError(f"Unclosed start tag at byte offset {_byte_offset(text, i)}")
        inner = text[i + 1 : end]
        if inner.startswith("/"):
            name = inner[1:].strip().lower()
            if not stack:
                raise EntityError(f"Unexpected end tag at byte offset {_byte_offset(text, i)}")
            top = stack.pop()
            if name != top.tag:
                raise EntityError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, i)}, "
                    f'expected "</{top.tag}>", found "</{name}>"'
                )
            entity = _close(top, length)
            if entity is not None:
                entities.append(entity)
        else:
            name, _, raw_attrs = inner.partition(" ")
            name = name.strip().lower()
            if name not in _SIMPLE_TAGS:
                raise EntityError(
                    f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, i)}'
                )
            attrs = _parse_attrs(raw_attrs)
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise EntityError('Tag "span" must have class "tg-spoiler"')
            stack.append(_Open(name, length, attrs))
        i = end + 1
    if stack:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    return "".join(out), _merge_pre_code(entities)


def _close(tag: _Open, end: int) -> Entity | None:
    if end == tag.start:
        return None
    entity: Entity = {"type": _SIMPLE_TAGS[tag.tag], "offset": tag.start, "length": end - tag.start}
    if tag.tag == "a":
        href = tag.attrs.get("href")
        if not href:
            return None
        entity["url"] = href
    elif tag.tag == "blockquote" and "expandable" in tag.attrs:
        entity["type"] = "expandable_blockquote"
    elif tag.tag == "tg-emoji":
        entity["custom_emoji_id"] = tag.attrs.get("emoji-id", "")
    elif tag.tag == "code" and tag.attrs.get("class", "").startswith("language-"):
        entity["language"] = tag.attrs["class"].removeprefix("language-")
    return entity


def _merge_pre_code(entities: list[Entity]) -> list[Entity]:
    """<pre><code class="language-x"> is one pre entity with a language, as Telegram makes it."""
    pres = {(e["offset"], e["length"]): e for e in entities if e["type"] == "pre"}
    merged = []
    for entity in entities:
        pre = pres.get((entity["offset"], entity["length"]))
        if entity["type"] == "code" and pre is not None:
            if "language" in entity:
                pre["language"] = entity["language"]
            continue
        merged.append(entity)
    return merged


_MD2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MD2_MARKERS = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}


def parse_markdown_v2(text: str) -> tuple[str, list[Entity]]:
    """MarkdownV2 → (plain text, entities); reserved characters must be escaped."""
    out: list[str] = []
    length = 0
    entities: list[Entity] = []
    stack: list[tuple[str, int, int]] = []  # (marker, output start, source index)
    i = 0

    def emit(piece: str) -> None:
        nonlocal length
        out.append(piece)
        length += utf16_len(piece)

    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 < len(text) and 0 < ord(text[i + 1]) < 127:
                emit(text[i + 1])
                i += 2
                continue
            raise EntityError(
                "Character '\\' is reserved and must be escaped with the preceding '\\'"
            )
        if char == "`":
            fence = "```" if text.startswith("```", i) else "`"
            close = _find_unescaped(text, fence, i + len(fence))
            if close == -1:
                raise EntityError(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}"
                )
            body = text[i + len(fence) : close]
            language = None
            if fence == "```" and "\n" in body:
                first, rest = body.split("\n", 1)
                if first and " " not in first:
                    language, body = first, rest
            body = re.sub(r"\\([`\\])", r"\1", body)
            start = length
            emit(body)
            if length > start:
                entity: Entity = {
                    "type": "pre" if fence == "```" else "code",
                    "offset": start,
                    "length": length - start,
                }
                if language:
                    entity["language"] = language
                entities.append(entity)
            i = close + len(fence)
            continue
        if char == "[":
            stack.append(("[", length, i))
            i += 1
            continue
        if char == "]" and stack and stack[-1][0] == "[":
            start = stack.pop()[1]
            if not text.startswith("(", i + 1):
                raise EntityError(
                    "Character ']' is reserved and must be escaped with the preceding '\\'"
                )
            close = _find_unescaped(text, ")", i + 2)
            if close == -1:
                raise EntityError(
                    f"Can't find end of a url at byte offset {_byte_offset(text, i + 1)}"
                )
            url = re.sub(r"\\([)\\])", r"\1", text[i + 2 : close])
            if length > start:
                entities.append(
                    {"type": "text_link", "offset": start, "length": length - start, "url": url}
                )
            i = close + 1
            continue
        marker = text[i : i + 2] if text[i : i + 2] in ("__", "||") else char
        if marker in _MD2_MARKERS:
            if stack and stack[-1][0] == marker:
                start = stack.pop()[1]
                if length > start:
                    entities.append(
                        {"type": _MD2_MARKERS[marker], "offset": start, "length": length - start}
                    )
            else:
                stack.append((marker, length, i))
            i += len(marker)
            continue
        if char == ">" and (i == 0 or text[i - 1] == "\n"):
            # A blockquote line: the marker itself is not shown.
            i += 1
            continue
        if char in _MD2_RESERVED:
            raise EntityError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        emit(char)
        i += 1
    if stack:
        raise EntityError(
            "Can't find end of the entity starting at byte offset "
            f"{_byte_offset(text, stack[-1][2])}"
        )
    return "".join(out), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _find_unescaped(text: str, needle: str, start: int) -> int:
    i = start
    while True:
        i = text.find(needle, i)
        if i == -1:
            return -1
        backslashes = len(text[:i]) - len(text[:i].rstrip("\\"))
        if backslashes % 2 == 0:
            return i
        i += 1


_LEGACY = {"*": "bold", "_": "italic"}


def parse_markdown(text: str) -> tuple[str, list[Entity]]:
    """Legacy Markdown (*bold*, _italic_, `code`, ```pre```, [text](url)) → text, entities."""
    out: list[str] = []
    length = 0
    entities: list[Entity] = []
    i = 0
    while i < len(text):
        char = text[i]
        fence = "```" if text.startswith("```", i) else char
        if char in _LEGACY or char == "`":
            close = text.find(fence, i + len(fence))
            if close == -1:
                raise EntityError(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}"
                )
            body = text[i + len(fence) : close]
            start = length
            out.append(body)
            length += utf16_len(body)
            kind = {"*": "bold", "_": "italic", "`": "code", "```": "pre"}[fence]
            if body:
                entities.append({"type": kind, "offset": start, "length": length - start})
            i = close + len(fence)
            continue
        if char == "[":
            match = re.compile(r"\[([^\]]*)\]\(([^)]*)\)").match(text, i)
            if match:
                label = match.group(1)
                start = length
                out.append(label)
                length += utf16_len(label)
                if label:
                    entities.append(
                        {
                            "type": "text_link",
                            "offset": start,
                            "length": length - start,
                            "url": match.group(2),
                        }
                    )
                i = match.end()
                continue
        out.append(char)
        length += utf16_len(char)
        i += 1
    return "".join(out), entities


def parse(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Parse `text` under `parse_mode` (None or "" means plain) and trim it as Telegram does."""
    mode = (parse_mode or "").lower()
    entities: list[Entity]
    if mode == "":
        plain, entities = text, []
    elif mode == "html":
        plain, entities = parse_html(text)
    elif mode == "markdownv2":
        plain, entities = parse_markdown_v2(text)
    elif mode == "markdown":
        plain, entities = parse_markdown(text)
    else:
        raise EntityError(f"unsupported parse_mode {parse_mode!r}")
    return trim(plain, entities)


def trim(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Strip surrounding whitespace, moving and clipping the entities to match."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    limit = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] - shift + entity["length"], limit)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


_COMMAND_RE = re.compile(r"(?<![\w/])/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"(?<!\w)@[a-zA-Z0-9_]{5,32}")
_URL_RE = re.compile(r"https?://[^\s<>\"]+")
_HASHTAG_RE = re.compile(r"(?<!\w)#\w+")


def detect_entities(text: str) -> list[Entity]:
    """Entities a Telegram client adds to what a person types: commands, mentions, links."""
    found: list[Entity] = []
    for kind, pattern in (
        ("bot_command", _COMMAND_RE),
        ("mention", _MENTION_RE),
        ("url", _URL_RE),
        ("hashtag", _HASHTAG_RE),
    ):
        for match in pattern.finditer(text):
            found.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group()),
                }
            )
    return sorted(found, key=lambda e: e["offset"])
