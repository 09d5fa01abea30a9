"""Rendering of `/kb edit ID` (the entry being changed, what to change, its phrasings)
and of `/kb add`'s optional steps (tags, category: each skippable)."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.callbacks import Button
from bot.core.i18n import t
from handlers.render import fit
from knowledge.kb.entries import CATEGORIES, Entry

# What an admin may change, in the order of the buttons (two a row).
FIELDS = ("question", "answer", "alts", "tags", "category", "question_en", "answer_en")
# Fields typed as text (the others are chosen with buttons).
TYPED = ("question", "answer", "tags", "question_en", "answer_en", "alt_add")
PHRASING_LABEL = 28


@dataclass(frozen=True)
class EditField(Button):
    """Admin editing an entry: change this field (or preview, cancel, back to the menu)."""

    PREFIX = "ke:f"
    field: str


@dataclass(frozen=True)
class EditCategory(Button):
    """Admin editing an entry: this is its category."""

    PREFIX = "ke:c"
    category: str


@dataclass(frozen=True)
class DropPhrasing(Button):
    """Admin editing an entry: remove its alternative phrasing number `index`."""

    PREFIX = "ke:x"
    index: int


@dataclass(frozen=True)
class AddStep(Button):
    """Admin adding an entry: this category, or SKIP (no tags; the guessed category)."""

    PREFIX = "ka:s"
    choice: str


@dataclass(frozen=True)
class UnsavedDraft(Button):
    """Admin re-opening an entry with unsaved changes: SAVE, DISCARD or GO_ON with them."""

    PREFIX = "ke:u"
    choice: str
    entry_id: str


SKIP = "skip"
SAVE, DISCARD, GO_ON = "save", "drop", "edit"


def _button(text: str, button: Button) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=button.encode())


def category_name(lang: str, category: str) -> str:
    """A category as the admin reads it."""
    return t(lang, f"kbedit.category.{category}") if category in CATEGORIES else category


def editor_text(lang: str, entry: Entry, changed: bool) -> str:
    """The entry as it stands in the draft, and how to go on."""
    hint = "kbedit.hint_changed" if changed else "kbedit.hint"
    return fit(f"{_entry_text(lang, entry)}\n\n{t(lang, hint)}")


def _entry_text(lang: str, entry: Entry) -> str:
    none = t(lang, "kbedit.none")
    return t(
        lang,
        "kbedit.editor",
        id=entry.id,
        question=entry.question,
        answer=entry.answer,
        alts="｜".join(entry.alt_questions) or none,
        count=len(entry.alt_questions),
        tags="、".join(entry.tags) or none,
        category=category_name(lang, entry.category),
        question_en=entry.question_en or none,
        answer_en=entry.answer_en or none,
    )


def unsaved_text(lang: str, entry: Entry) -> str:
    """Re-opening an entry with changes left unsaved: the draft as it stands, and the choice."""
    return fit(f"{t(lang, 'kbedit.unsaved')}\n\n{_entry_text(lang, entry)}")


def unsaved_keyboard(lang: str, entry_id: str) -> InlineKeyboardMarkup:
    """✅ save, 🗑 discard, ✏️ go on editing the kept draft."""
    return InlineKeyboardMarkup(
        [
            [
                _button(t(lang, f"kbedit.unsaved_{choice}"), UnsavedDraft(choice, entry_id))
                for choice in (SAVE, DISCARD, GO_ON)
            ]
        ]
    )


def editor_keyboard(lang: str) -> InlineKeyboardMarkup:
    """One button a field, then preview and cancel."""
    buttons = [_button(t(lang, f"kbedit.field.{f}"), EditField(f)) for f in FIELDS]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(
        [
            _button(t(lang, "kbedit.preview"), EditField("preview")),
            _button(t(lang, "kbedit.cancel"), EditField("cancel")),
        ]
    )
    return InlineKeyboardMarkup(rows)


def prompt_text(lang: str, field: str, entry: Entry) -> str:
    """What to type for a field, with what it holds now."""
    now = {
        "question": entry.question,
        "answer": entry.answer,
        "tags": "、".join(entry.tags),
        "question_en": entry.question_en or "",
        "answer_en": entry.answer_en or "",
        "alt_add": "",
    }[field]
    return fit(t(lang, f"kbedit.ask.{field}", now=now or t(lang, "kbedit.none")))


def back_keyboard(lang: str) -> InlineKeyboardMarkup:
    """Back to the editor without typing."""
    return InlineKeyboardMarkup([[_button(t(lang, "kbedit.back"), EditField("menu"))]])


def phrasings_text(lang: str, entry: Entry) -> str:
    """The entry's alternative phrasings, numbered."""
    if not entry.alt_questions:
        return t(lang, "kbedit.alts_none", question=entry.question)
    lines = "\n".join(f"{i}. {alt}" for i, alt in enumerate(entry.alt_questions, 1))
    return fit(t(lang, "kbedit.alts", question=entry.question, lines=lines))


def phrasings_keyboard(lang: str, entry: Entry) -> InlineKeyboardMarkup:
    """✖ under each phrasing, ➕ to add one, back."""
    rows = []
    for index, alt in enumerate(entry.alt_questions):
        label = alt if len(alt) <= PHRASING_LABEL else alt[: PHRASING_LABEL - 1] + "…"
        rows.append([_button(f"✖ {index + 1}. {label}", DropPhrasing(index))])
    rows.append(
        [
            _button(t(lang, "kbedit.alt_add"), EditField("alt_add")),
            _button(t(lang, "kbedit.back"), EditField("menu")),
        ]
    )
    return InlineKeyboardMarkup(rows)


def details_text(lang: str, entry: Entry) -> str:
    """An entry's tags and category, as the admin checks them before confirming."""
    tags = "、".join(entry.tags) or t(lang, "kbedit.none")
    return t(lang, "kbadmin.details", tags=tags, category=category_name(lang, entry.category))


def skip_keyboard(lang: str) -> InlineKeyboardMarkup:
    """⏭ under an optional step of /kb add."""
    return InlineKeyboardMarkup([[_button(t(lang, "kbadmin.skip"), AddStep(SKIP))]])


def add_categories_keyboard(lang: str, guess: str | None) -> InlineKeyboardMarkup:
    """Every category (the guessed one ticked), two a row, then ⏭ (keep the guess); with no
    guess, none ticked and no ⏭: one is picked."""
    buttons = [
        _button(("✓ " if c == guess else "") + category_name(lang, c), AddStep(c))
        for c in CATEGORIES
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if guess is not None:
        rows.append([_button(t(lang, "kbadmin.skip"), AddStep(SKIP))])
    return InlineKeyboardMarkup(rows)


def categories_keyboard(lang: str, current: str) -> InlineKeyboardMarkup:
    """Every category (the current one ticked), two a row."""
    buttons = [
        _button(("✓ " if c == current else "") + category_name(lang, c), EditCategory(c))
        for c in CATEGORIES
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(t(lang, "kbedit.back"), EditField("menu"))])
    return InlineKeyboardMarkup(rows)


def category_named(text: str) -> str | None:
    """The category a typed name means (养殖, "Livestock", pests_diseases), or None."""
    said = text.strip().lower()
    if not said:
        return None
    for category in CATEGORIES:
        names = {category, *(category_name(lang, category).lower() for lang in ("zh", "en"))}
        if said in names:
            return category
    return None
