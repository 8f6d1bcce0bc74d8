"""A geopy adapter for a server the program does not control (urllib underneath, like geopy's own).

Over geopy's ``URLLibAdapter`` it adds what a slow, broken or hostile server needs:

* a deadline for the whole request (connecting, the headers and the body, across redirects), not
  only for each socket read, so a server trickling one byte at a time cannot keep a build waiting;
* a cap on the size of an answer (:data:`MAX_ANSWER_BYTES`), so an endless body is cut off;
* redirects followed only within the same host and to http or https: an answer from anywhere else
  is not the geocoder's answer and must not be pinned as such;
* an answer in an unknown character set, or JSON nested too deeply or holding numbers too long to
  read, is a clean :class:`UnreadableAnswer`, never a ``LookupError`` or ``RecursionError``.

Every failure is one of geopy's exceptions, as geopy's adapters promise.
"""

from __future__ import annotations

import email.message
import functools
import http.client
import io
import socket
import ssl
import time
import urllib.request
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from geopy.adapters import AdapterHTTPError, BaseSyncAdapter
from geopy.exc import GeocoderParseError, GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable, GeopyError

from .json_text import JSONTextError, parse_json

MAX_ANSWER_BYTES = 2 * 1024 * 1024
_CHUNK = 64 * 1024


class RedirectRefused(GeocoderServiceError):  # type: ignore[misc]
    """The server redirected the request somewhere it may not go; the message says where, in words."""


class UnreadableAnswer(GeocoderParseError):  # type: ignore[misc]
    """The server answered, but with something that cannot be read; the message says what, in words."""


class Deadline:
    """The moment a request must be complete by."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (always more than zero); raise TimeoutError once there are none."""
        left = self._end - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no complete answer within {self.seconds:g} s")
        return left

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self._end


class _DeadlineReader(io.RawIOBase):
    """Reads a socket with a timeout that shrinks to what is left of the deadline before every read."""

    def __init__(self, sock: socket.socket, deadline: Deadline):
        super().__init__()
        self._sock = sock
        self._raw = sock.makefile("rb", buffering=0)  # keeps the socket open until this reader is closed
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        self._sock.settimeout(self._deadline.remaining())
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _DeadlineSocket:
    """A connected socket whose responses are read through a :class:`_DeadlineReader`."""

    def __init__(self, sock: socket.socket, deadline: Deadline):
        self._sock = sock
        self._deadline = deadline

    def makefile(self, mode: str = "rb") -> io.BufferedReader:
        """What http.client reads a response from (status line, headers and body)."""
        if mode != "rb":
            raise ValueError(f"only binary reading is supported, not mode {mode!r}")
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _DeadlineHTTPConnection(http.client.HTTPConnection):
    """Connects within what is left of the deadline, then reads every response through it."""

    def __init__(self, *args: Any, deadline: Deadline, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def connect(self) -> None:
        self.timeout = self._deadline.remaining()
        super().connect()  # for HTTPS, the TLS handshake too is bounded by the timeout just set
        self.sock = _DeadlineSocket(self.sock, self._deadline)


class _DeadlineHTTPSConnection(_DeadlineHTTPConnection, http.client.HTTPSConnection):
    """The same over TLS: ``super().connect()`` above is then HTTPSConnection's, which wraps the socket."""


class _DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline):
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_DeadlineHTTPConnection, deadline=self._deadline), req)


class _DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline, context: ssl.SSLContext | None):
        super().__init__(context=context)
        self._deadline = deadline
        self._ssl_context = context

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_DeadlineHTTPSConnection, deadline=self._deadline), req,
                            context=self._ssl_context)


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the host first asked, over http or https; refuses any other."""

    def __init__(self, url: str):
        super().__init__()
        self._host = (urlsplit(url).hostname or "").lower()

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        target = urlsplit(newurl)
        if target.scheme not in ("http", "https"):
            fp.close()
            raise RedirectRefused(f"redirected the request to a non-HTTP address ({_clipped(target.scheme, 20)}:), "
                                  "which is not followed")
        if (target.hostname or "").lower() != self._host:
            fp.close()
            host = target.netloc.rpartition("@")[2]
            raise RedirectRefused(f"redirected the request to another host ({_clipped(host)}), which is not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _clipped(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else f"{text[:limit - 3]}..."


def _read_capped(page: Any, limit: int) -> bytes:
    """The body of ``page``; raise :class:`UnreadableAnswer` as soon as it grows past ``limit`` bytes."""
    too_large = UnreadableAnswer(f"sent an answer larger than {limit / 2**20:g} MB")
    declared = getattr(page, "length", None)  # Content-Length, when the server sent one
    if declared is not None and declared > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    while chunk := page.read(min(_CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise too_large
    return b"".join(chunks)


def _decoded(body: bytes, headers: email.message.Message) -> str:
    """The body as text in the charset its Content-Type names (UTF-8 when it names none)."""
    charset = "utf-8"
    try:
        charset = headers.get_content_charset() or charset
        return body.decode(charset)
    except LookupError as err:  # no such codec, or one that does not decode bytes to text (zlib_codec)
        raise UnreadableAnswer(f"sent an answer in an unknown character set '{_clipped(charset, 40)}'") from err
    except ValueError as err:
        raise UnreadableAnswer("sent an answer that is not JSON") from err


def _failure(err: Exception, deadline: Deadline) -> GeopyError:
    """geopy's exception for a request that got no HTTP answer (or lost it while reading)."""
    reason = err.reason if isinstance(err, URLError) else err
    if isinstance(reason, TimeoutError) or deadline.passed:
        return GeocoderTimedOut(f"no complete answer within {deadline.seconds:g} s")
    if isinstance(reason, OSError):  # refused, reset, no route, no such host
        return GeocoderUnavailable(str(reason))
    return GeocoderServiceError(f"{type(reason).__name__}: {reason}")


class GuardedAdapter(BaseSyncAdapter):  # type: ignore[misc]
    """geopy's urllib adapter with a deadline per request, a size cap and same-host redirects only."""

    def __init__(self, *, proxies: dict[str, str] | None, ssl_context: ssl.SSLContext | None,
                 max_bytes: int = MAX_ANSWER_BYTES):
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        # None: the system's proxy settings, as with geopy's adapters; {}: no proxy at all.
        chosen = urllib.request.getproxies() if proxies is None else proxies
        self.proxies = {scheme: url if "://" in url else f"http://{url}" for scheme, url in chosen.items() if url}
        self.ssl_context = ssl_context
        self.max_bytes = max_bytes

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        text = self.get_text(url, timeout=timeout, headers=headers)
        try:
            return parse_json(text)
        except JSONTextError as err:
            problem = "sent an answer that is not JSON" if err.line else f"sent JSON that cannot be read ({err})"
            raise UnreadableAnswer(problem) from err

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        """The answer's text, all of it within ``timeout`` seconds; geopy's exceptions for every failure."""
        deadline = Deadline(timeout)
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler(self.proxies), _DeadlineHTTPHandler(deadline),
            _DeadlineHTTPSHandler(deadline, self.ssl_context), _SameHostRedirects(url))
        try:
            with opener.open(urllib.request.Request(url, headers=headers), timeout=deadline.remaining()) as page:
                return _decoded(_read_capped(page, self.max_bytes), page.headers)
        except HTTPError as err:
            raise self._http_error(err) from err
        except (OSError, http.client.HTTPException, ValueError) as err:
            raise _failure(err, deadline) from err

    def _http_error(self, err: HTTPError) -> AdapterHTTPError:
        """The HTTP error geopy expects, with the body the server sent (None if it cannot be read in time)."""
        with err:
            try:
                text: str | None = _decoded(_read_capped(err, self.max_bytes), err.headers)
            except (GeopyError, OSError, http.client.HTTPException):
                text = None
        return AdapterHTTPError(str(err.reason), status_code=err.code,
                                headers={name.lower(): value for name, value in err.headers.items()}, text=text)
