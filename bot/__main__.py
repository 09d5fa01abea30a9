"""`python -m bot` is the same as the `farmhub` command."""

from bot.cli import main

raise SystemExit(main())
