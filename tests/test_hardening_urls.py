"""Web addresses users give: every address urllib refuses, or no browser could use, is a ValueError saying why."""

from __future__ import annotations

import re
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idlibmap.cli import main
from idlibmap.urls import check_http_url, check_tile_template, is_loopback

from .conftest import DEFAULT_STORY

REFUSED = {
    "http://[oops/": "Invalid IPv6 URL",
    "https://[::1/x": "Invalid IPv6 URL",
    "http://a\uff03b/": "NFKC",
    "https://ex\u2100ample.org/": "NFKC",
    "https://example.org:99999/": "not a valid address",
    "https://example.org:http/": "not a valid address",
    "https://exa mple.org/": "not a valid domain name",
    "https://example.org/a\u2028b": "U+2028",
    "https://example.org/\x1b[31m": "U+001B",
    "https://example.org/\u200b": "U+200B",
    "https://-example.org/": "not a valid domain name",
    "https://example..org/": "not a valid domain name",
    "https://ex%41mple.org/": "not a valid domain name",
    "https://" + "a" * 64 + ".org/": "not a valid domain name",
    "https:///path": "names no host",
    "https:example.org": "must start with http:// or https://",
    "ftp://example.org/": "must start with http:// or https://",
    "javascript:alert(1)": "must start with http:// or https://",
    "//example.org/": "must start with http:// or https://",
    "": "is empty",
}


@pytest.mark.parametrize(("url", "fragment"), REFUSED.items())
def test_unusable_addresses_are_refused_with_a_reason(url, fragment):
    with pytest.raises(ValueError, match=re.escape(fragment)):
        check_http_url(url)


@pytest.mark.parametrize("url", ["https://example.org", "http://example.org/a?b=c#d", "https://EXAMPLE.org:8443/",
                                 "https://пример.рф/новости", "http://192.0.2.1/", "http://[2001:db8::1]:80/x",
                                 "https://under_score.example.com/", "https://example.org./", "HTTPS://example.org/",
                                 "https://example.org/a b <i>"])
def test_real_addresses_pass_unchanged(url):
    assert check_http_url(url) == url


def test_every_source_address_of_the_default_story_passes():
    story = tomllib.loads(DEFAULT_STORY.read_text(encoding="utf-8"))
    urls = [source["url"] for source in story["story"]["sources"] if "url" in source]
    assert len(urls) > 10
    for url in urls:
        assert check_http_url(url) == url


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=40), st.text(max_size=30).map(lambda t: "https://" + t),
                 st.text(max_size=30).map(lambda t: "http://[" + t)))
def test_any_text_is_an_address_or_a_value_error(text):
    for check in (check_http_url, check_tile_template):
        try:
            assert check(text) == text
        except ValueError as err:
            assert str(err) and "\n" not in str(err).replace(text, "")


@pytest.mark.parametrize(("host", "loopback"), [("localhost", True), ("127.0.0.1", True), ("127.8.9.10", True),
                                                 ("::1", True), ("localhost.", True), ("example.org", False),
                                                 ("10.0.0.1", False), ("localhost.example.org", False)])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


@pytest.mark.parametrize("url", ["http://[oops/", "http://a\uff03b/", "https://example.org:99999/"])
def test_a_story_source_address_urllib_refuses_is_one_line_naming_file_and_line(write_story, capsys, tmp_path, url):
    head = ('[story]\ntitle = "t"\nas_of = 2020-03-02\ndefault_source = "a"\n\n'
            f'[[story.sources]]\nid = "a"\nname = "a"\nurl = "{url}"\n')
    story = write_story('[[points]]\nlayer = "P"\nkind = "strike"\nname = "n"\nat = [35, 36]\n', head=head)
    code = main(["build", "--story", str(story), "--out", str(tmp_path / "m.html")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert f"{story}:9:" in err and "url" in err
