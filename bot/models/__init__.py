"""Every table's model, imported here so Alembic and tests see the whole schema."""

from bot.db import Base
from bot.models.knowledge import KbEntry, OpenQuestion, QuestionStatus
from bot.models.users import Role, User

__all__ = ["Base", "KbEntry", "OpenQuestion", "QuestionStatus", "Role", "User"]
