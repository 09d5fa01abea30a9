"""The HTTP transport of FarmHub's Bot API requests: httpx's, with a cheaper pool walk.

httpcore's connection pool checks every pooled connection on every request and
every response (`AsyncConnectionPool._assign_requests_to_connections`): an idle
one is asked whether the server closed it (`get_extra_info("is_readable")`).
anyio answers by building a dict of all its socket attributes, with a
`getpeername` system call, only to take the raw socket out of it; with 8
connections that was FarmHub's largest cost over the echo bot on a greeting
(docs/benchmarks.md, "More per process"). `SocketCachingBackend` wraps
httpcore's own backend and keeps each stream's raw socket, so the check is the
same `poll` on the same socket without the rest. Nothing else changes: the
same pool, limits, timeouts and error mapping (httpx's `AsyncHTTPTransport`).
"""

# httpcore's interface takes `timeout` arguments; these methods implement it.
# ruff: noqa: ASYNC109

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx
from httpcore._backends.auto import AutoBackend
from httpcore._utils import is_socket_readable

SocketOption = Any  # httpcore's SOCKET_OPTION, a tuple of setsockopt arguments


class _Stream(httpcore.AsyncNetworkStream):
    """httpcore's stream, its raw socket looked up once instead of on every check."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """As the wrapped stream."""
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """As the wrapped stream."""
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        """As the wrapped stream."""
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """As the wrapped stream (TLS runs over the same raw socket)."""
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        """As the wrapped stream; "is_readable" polls the kept socket directly."""
        if info == "is_readable" and self._socket is not None:
            return is_socket_readable(self._socket)
        return self._inner.get_extra_info(info)


class SocketCachingBackend(httpcore.AsyncNetworkBackend):
    """httpcore's default backend, its streams wrapped in `_Stream`."""

    def __init__(self) -> None:
        self._inner = AutoBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """A TCP connection, as httpcore's backend makes it."""
        return _Stream(
            await self._inner.connect_tcp(
                host,
                port,
                timeout=timeout,
                local_address=local_address,
                socket_options=socket_options,
            )
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """A Unix socket connection, as httpcore's backend makes it."""
        return _Stream(
            await self._inner.connect_unix_socket(
                path, timeout=timeout, socket_options=socket_options
            )
        )

    async def sleep(self, seconds: float) -> None:
        """As httpcore's backend."""
        await self._inner.sleep(seconds)


def transport(pool: int) -> httpx.AsyncHTTPTransport:
    """httpx's transport as PTB's HTTPXRequest would make it (HTTP/1.1, `pool` connections).

    A pool closed at shutdown opens new connections when used again, so one
    transport serves an Application restarted (PTB reuses its client arguments).
    Proxies from the environment are httpx's own transports, as before.
    """
    limits = httpx.Limits(max_connections=pool)
    made = httpx.AsyncHTTPTransport(limits=limits, http1=True, http2=False)
    # The same pool httpx builds (httpx 0.28, `AsyncHTTPTransport.__init__`), on our backend.
    built = made._pool
    assert isinstance(built, httpcore.AsyncConnectionPool)  # no proxy given
    made._pool = httpcore.AsyncConnectionPool(
        ssl_context=built._ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True,
        http2=False,
        network_backend=SocketCachingBackend(),
    )
    return made
