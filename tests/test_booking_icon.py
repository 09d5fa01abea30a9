"""A booking's produce icon (bot/bookings/text.py product_icon): cattle are no 🥬."""

from __future__ import annotations

import pytest

from bot.bookings.text import product_icon


@pytest.mark.parametrize(
    ("product", "icon"),
    [
        ("牛肉", "🐄"),
        ("黄牛", "🐄"),
        ("猪肉", "🐖"),
        ("羊肉", "🐑"),
        ("鸡肉", "🐓"),
        ("鸡蛋", "📦"),
        ("蜂蜜", "📦"),
        ("西红柿", "🥬"),
        ("玉米", "🥬"),
        # Crops named after an animal stay crops.
        ("鸭梨", "🥬"),
        ("蚕豆", "🥬"),
    ],
)
def test_an_animal_product_gets_its_animal(product: str, icon: str) -> None:
    assert product_icon(product) == icon
