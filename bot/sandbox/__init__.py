"""The offline Telegram: a local Bot API server, a test harness and a terminal chat.

- `server.BotApiServer`: the HTTP server FarmHub talks to through
  FARMHUB_TELEGRAM_BASE_URL, with Telegram's checks, flood limits and faults;
- `harness.Harness`: the server plus the real FarmHub Application, for
  end-to-end tests (see its docstring for the API tests use);
- `client.SandboxUser`: a person in a chat: send, press, share, read;
- `chat.run_sandbox`: `farmhub sandbox`, a chat with FarmHub in the terminal.

Nothing here imports `telegram`: the server speaks JSON, like Telegram does.
"""
