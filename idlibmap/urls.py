"""Web addresses users give: source links in story files and online tile URL templates.

urllib refuses some addresses with errors of its own (an unclosed ``[`` is "Invalid IPv6 URL", a
host that changes under NFKC normalisation another ValueError, a port past 65535 a third) and
accepts others no browser could use. These checks turn every fault into a ``ValueError`` whose
message says what is wrong, worded to follow the address ("… is not a valid address: …"), for
the caller to wrap in its own error type with the file, line or option at fault.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

# A DNS label, ASCII after IDNA encoding; underscores occur in real host names (CDNs), so they pass.
_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)", re.ASCII)
_MAX_HOST = 253
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}

TILE_PLACEHOLDERS = ("{z}", "{x}", "{y}", "{-y}", "{s}", "{r}")  # what Leaflet fills in by itself
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_SAMPLE = {"{z}": "0", "{x}": "0", "{y}": "0", "{-y}": "0", "{s}": "a", "{r}": ""}


def check_http_url(text: str) -> str:
    """``text`` unchanged if it is an absolute http(s) address with a valid host; else ValueError(why)."""
    split_http_url(text)
    return text


def split_http_url(text: str) -> SplitResult:
    """The parts of an absolute http(s) address, checked as :func:`check_http_url` describes."""
    if not text:
        raise ValueError("is empty")
    if not text.lower().startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    # Control and format characters (NUL, an escape, a bidi override). Spaces pass (browsers encode them), and
    # so do tabs and line breaks, which URL parsers strip.
    odd = next((ch for ch in text if unicodedata.category(ch) in _INVISIBLE and ch not in "\t\n\r"), None)
    if odd is not None:
        raise ValueError(f"holds the control character U+{ord(odd):04X}; percent-encode it" if ord(odd) < 128
                         else f"holds the invisible character U+{ord(odd):04X}, which no address may hold")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  # parsing the port is what raises for ':http' or ':99999'
    except ValueError as err:
        raise ValueError(f"is not a valid address ({err})") from err
    if not parts.hostname:
        raise ValueError("names no host after the //")
    check_host(parts.hostname)
    return parts


def check_host(host: str) -> str:
    """An IP address or a domain name (international names in any script); else ValueError(why)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return host
    try:
        ascii_name = host.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError as err:
        raise ValueError(f"has a host, '{host}', that is not a valid domain name ({err})") from err
    labels = ascii_name.split(".")
    if len(ascii_name) > _MAX_HOST or not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError(f"has a host, '{host}', that is not a valid domain name")
    return host


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host.rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_tile_template(text: str) -> str:
    """``text`` unchanged if it is a Leaflet tile URL template the page can use; else ValueError(why).

    The template is an https address holding ``{z}``, ``{x}`` and ``{y}`` (or ``{-y}``), and at
    most the placeholders ``{s}`` (subdomain) and ``{r}`` (retina suffix) besides; plain http is
    accepted only for a server on this machine. A user name or password in it is refused: the
    page would show it to every reader.
    """
    unknown = [p for p in _PLACEHOLDER.findall(text) if p not in TILE_PLACEHOLDERS]
    if unknown:
        raise ValueError(f"holds {unknown[0]}; a tile template may hold only the placeholders "
                         f"{', '.join(TILE_PLACEHOLDERS)}")
    missing = [p for p in ("{z}", "{x}", "{y}") if p not in text and not (p == "{y}" and "{-y}" in text)]
    if missing:
        raise ValueError(f"lacks {missing[0]}: a tile template holds {{z}}, {{x}} and {{y}}, "
                         "e.g. https://tiles.example.org/{z}/{x}/{y}.png")
    sample = _PLACEHOLDER.sub(lambda match: _SAMPLE[match.group(0)], text)
    if "{" in sample or "}" in sample:
        raise ValueError("holds a '{' or '}' that opens or closes no placeholder")
    parts = split_http_url(sample)
    if parts.username is not None or parts.password is not None:
        raise ValueError("holds a user name or password, which the page would show to every reader")
    assert parts.hostname is not None  # split_http_url refuses an address with no host
    if parts.scheme.lower() != "https" and not is_loopback(parts.hostname):
        raise ValueError("uses plain http; tiles must come over https (http only from this machine: localhost)")
    return text
