"""Long lists split into messages Telegram accepts."""

from __future__ import annotations

from handlers.render import MESSAGE_LIMIT, paginate, utf16_len


def test_short_list_is_one_message_without_mark() -> None:
    assert paginate(["a", "b"], header="H") == ["H\n\na\n\nb"]


def test_long_list_splits_on_blocks_with_marks() -> None:
    blocks = [f"{i}. " + "张" * 120 for i in range(100)]
    pages = paginate(blocks, header="今天的收货")
    assert len(pages) > 1
    assert all(utf16_len(p) <= MESSAGE_LIMIT for p in pages)
    assert all(p.startswith("今天的收货\n\n") for p in pages)
    assert pages[0].endswith(f"(1/{len(pages)})") and pages[-1].endswith(
        f"({len(pages)}/{len(pages)})"
    )
    # Every block appears exactly once, whole and in order.
    joined = "\n\n".join(p.split("\n\n", 1)[1].rsplit("\n(", 1)[0] for p in pages)
    assert joined.split("\n\n") == blocks


def test_emoji_count_twice_and_a_giant_block_is_cut() -> None:
    pages = paginate(["😀" * 3000, "x"])
    assert all(utf16_len(p) <= MESSAGE_LIMIT for p in pages)
    assert pages[0].startswith("😀") and "…" in pages[0]
    assert pages[-1].startswith("x")
