"""A farmer's chat command menu follows the language the bot answers them in: English gets
its own chat menu (the default one is Chinese), and once they have one it follows them back
to Chinese; staff and admins keep their role menus."""

from __future__ import annotations

from bot.models.users import Role, User
from bot.roles.service import wanted_menu


def _user(role: Role, language: str, menu: str | None = None, station: int | None = None) -> User:
    return User(telegram_id=1, role=role, language=language, menu=menu, station_id=station)


def test_a_chinese_farmer_keeps_the_default_menu() -> None:
    assert wanted_menu(_user(Role.farmer, "zh")) is None


def test_an_english_farmer_gets_an_english_chat_menu() -> None:
    assert wanted_menu(_user(Role.farmer, "en")) == "farmer:en"


def test_back_to_chinese_the_farmer_menu_follows() -> None:
    assert wanted_menu(_user(Role.farmer, "zh", menu="farmer:en")) == "farmer:zh"


def test_a_revoked_staff_member_gets_the_default_again() -> None:
    assert wanted_menu(_user(Role.farmer, "zh", menu="staff:zh")) is None
    assert wanted_menu(_user(Role.staff, "en", station=1)) == "staff:en"
