"""Message catalogues: both languages say the same things with the same placeholders."""

from __future__ import annotations

from bot.core.i18n import catalogue, normalise_language, placeholders, t


def test_catalogues_have_the_same_keys() -> None:
    assert set(catalogue("zh")) == set(catalogue("en"))


def test_placeholders_agree() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    for key in zh:
        assert placeholders(zh[key]) == placeholders(en[key]), key


def test_menu_labels_are_distinct_and_fit_buttons() -> None:
    for lang in ("zh", "en"):
        labels = [t(lang, f"menu.{k}") for k in ("prices", "demand", "booking", "alerts", "ask")]
        assert len(set(labels)) == len(labels)


def test_language_codes() -> None:
    assert normalise_language("en-US") == "en"
    assert normalise_language("zh-hans") == "zh"
    assert normalise_language(None) == "zh"
    assert normalise_language("ru") == "zh"
