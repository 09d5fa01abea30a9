"""The outbox and its sender: every push that is not a direct reply goes through here."""
