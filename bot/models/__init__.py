"""Every table's model, imported here so Alembic and tests see the whole schema."""

from bot.db import Base
from bot.models.users import Role, User

__all__ = ["Base", "Role", "User"]
