"""Roles and onboarding: grant, revoke, invitations, per-role menus (issue 14)."""
