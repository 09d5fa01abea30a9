"""Telegram's formatting rules as the sandbox server applies them."""

from __future__ import annotations

import pytest

from bot.sandbox.formatting import EntityError, detect_entities, parse, utf16_len


def test_html_entities_and_offsets() -> None:
    text, entities = parse('<b>粮价</b> <a href="https://x.cn/p">详情</a> <code>3.5</code>', "HTML")
    assert text == "粮价 详情 3.5"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "text_link", "offset": 3, "length": 2, "url": "https://x.cn/p"},
        {"type": "code", "offset": 6, "length": 3},
    ]


def test_html_pre_with_language_and_spoiler_and_blockquote() -> None:
    text, entities = parse(
        '<pre><code class="language-python">x</code></pre><tg-spoiler>秘</tg-spoiler>'
        "<blockquote expandable>引</blockquote>",
        "HTML",
    )
    assert text == "x秘引"
    assert entities == [
        {"type": "pre", "offset": 0, "length": 1, "language": "python"},
        {"type": "spoiler", "offset": 1, "length": 1},
        {"type": "expandable_blockquote", "offset": 2, "length": 1},
    ]


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("价<p>x</p>", 'Unsupported start tag "p" at byte offset 3'),
        ("a < b", "Unclosed start tag at byte offset 2"),
        ("a <> b", 'Unsupported start tag "" at byte offset 2'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler"'),
    ],
)
def test_html_errors(html: str, error: str) -> None:
    with pytest.raises(EntityError) as caught:
        parse(html, "HTML")
    assert str(caught.value) == error


def test_unknown_html_entities_stay_literal_and_text_is_trimmed() -> None:
    assert parse("  a &nbsp; &amp; &#20215; \n", "HTML") == ("a &nbsp; & 价", [])


def test_markdown_v2() -> None:
    text, entities = parse(r"*粮价* _每斤_ 2\.5 元 [详情](https://x.cn/p\)) `c\`d`", "MarkdownV2")
    assert text == "粮价 每斤 2.5 元 详情 c`d"
    assert [e["type"] for e in entities] == ["bold", "italic", "text_link", "code"]
    assert entities[2]["url"] == "https://x.cn/p)"
    with pytest.raises(EntityError, match="Character '!' is reserved"):
        parse("好!", "MarkdownV2")
    with pytest.raises(EntityError, match="Can't find end of the entity"):
        parse("*粗", "MarkdownV2")


def test_legacy_markdown_and_unknown_mode() -> None:
    assert parse("*粗* 1.5", "Markdown") == ("粗 1.5", [{"type": "bold", "offset": 0, "length": 1}])
    with pytest.raises(EntityError, match="unsupported parse_mode"):
        parse("x", "BBCode")


def test_what_clients_mark_in_typed_text() -> None:
    text = "/price@farmhub_bot 番茄 #价格 @li_zhanzhang https://x.cn"
    kinds = [
        (e["type"], text[e["offset"] : e["offset"] + e["length"]]) for e in detect_entities(text)
    ]
    assert kinds == [
        ("bot_command", "/price@farmhub_bot"),
        ("hashtag", "#价格"),
        ("mention", "@li_zhanzhang"),
        ("url", "https://x.cn"),
    ]
    assert utf16_len("🍅a") == 3
