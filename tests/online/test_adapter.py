"""A hostile or broken Nominatim (a fake on 127.0.0.1) costs a build a few seconds and a warning, never more.

Each case ends in the gazetteer's answer and a warning naming what the server did; nothing it sent
is pinned in the lock file. The policy's timeout is 0.3 s, so every test finishes in seconds.
"""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import time

import pytest
from geopy.exc import GeocoderTimedOut

from idlibmap.online.adapter import GuardedAdapter

from ..conftest import build_map
from ..fake_nominatim import FakeNominatim, FakeNominatimServer
from .support import FAST, GEONAMES_SARAQIB, NOMINATIM_SARAQIB, ONE_PLACE, STORY, fell_back, positions


def test_a_redirect_is_followed_within_the_host_but_never_to_another(write_story, tmp_path, options, fake,
                                                                     gazetteer):
    with FakeNominatimServer(FakeNominatim()) as elsewhere:
        other = elsewhere.url.replace("127.0.0.1", "localhost")  # the same machine, but another host name
        fake.script.update(saraqeb=["redirect"], kafranbel=["redirect"], binnish=["redirect"])
        fake.redirects.update(saraqeb=f"{fake.url}/search?q=Saraqeb&format=json&addressdetails=1",
                              kafranbel=f"{other}/search?q=Kafranbel&format=json&addressdetails=1",
                              binnish=f"ftp://{fake.url.removeprefix('http://')}/search")
        story = write_story(STORY + '\n[[places]]\nname = "Binnish"\n')
        result = build_map(story, tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert elsewhere.requests == []  # its answer would have been pinned as Nominatim's
    assert fake.queries() == ["Saraqeb", "Saraqeb", "Kafranbel", "Binnish"]  # a refusal is not retried
    assert positions(tmp_path / "m.html")["Saraqeb"] == NOMINATIM_SARAQIB
    host = other.removeprefix("http://")
    assert any(w.startswith(f"'Kafranbel': Nominatim redirected the request to another host ({host}), which is "
                            "not followed; used the offline gazetteer instead") for w in result.warnings), \
        result.warnings
    assert any(w.startswith("'Binnish': Nominatim redirected the request to a non-HTTP address (ftp:), which is "
                            "not followed") for w in result.warnings), result.warnings
    assert list(json.loads(options.lock_path.read_text(encoding="utf-8"))["places"]) == ["Saraqeb"]


@pytest.mark.parametrize("fault", ["trickle-head", "trickle-body"])
def test_a_server_trickling_its_answer_is_cut_off_at_the_deadline(write_story, tmp_path, options, fake, gazetteer,
                                                                  fault):
    fake.default = fault  # one byte every 0.1 s: each read is quick, the answer never complete
    started = time.monotonic()
    result = build_map(write_story(ONE_PLACE), tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    elapsed = time.monotonic() - started
    assert fell_back(result.warnings, "Nominatim timed out after 3 tries"), result.warnings
    assert len(fake.requests) == FAST.tries
    assert elapsed < FAST.tries * FAST.timeout + 3, elapsed  # a trickle lasts 30 s when nothing cuts it off
    assert positions(tmp_path / "m.html")["Saraqeb"] == GEONAMES_SARAQIB


def test_an_endless_answer_is_cut_off_at_the_size_cap(write_story, tmp_path, options, fake, gazetteer):
    fake.default = "endless"
    result = build_map(write_story(ONE_PLACE), tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert fell_back(result.warnings, "Nominatim sent an answer larger than 2 MB"), result.warnings
    assert len(fake.requests) == 1  # a size is not a passing fault: no retry
    assert fake.sent < 16 * 2**20  # the client hung up after 2 MB (plus what the socket buffers held)


@pytest.mark.parametrize("fault, reason", [
    ("bad-charset", "Nominatim sent an answer in an unknown character set 'x-no-such-charset'"),
    ("deep", "Nominatim sent JSON that cannot be read (nested too deeply)"),
    ("huge-number", "Nominatim sent JSON that cannot be read (a number has more than 4,300 digits)"),
])
def test_an_answer_that_cannot_be_read_is_a_clean_failure(write_story, tmp_path, options, fake, gazetteer,
                                                          fault, reason):
    fake.default = fault
    result = build_map(write_story(ONE_PLACE), tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert fell_back(result.warnings, reason), result.warnings
    assert len(fake.requests) == 1 and not options.lock_path.exists()
    assert positions(tmp_path / "m.html")["Saraqeb"] == GEONAMES_SARAQIB


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """(server, client) TLS contexts for 127.0.0.1, from a throwaway self-signed certificate."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    return server, ssl.create_default_context(cafile=str(cert))


def test_over_https_an_answer_arrives_and_the_deadline_still_holds(tls):
    server, client = tls
    with FakeNominatimServer(FakeNominatim(), tls=server) as fake:
        adapter = GuardedAdapter(proxies={}, ssl_context=client)
        assert adapter.get_json(f"{fake.url}/search?q=Saraqeb", timeout=2, headers={})[0]["osm_id"] == 5001
        fake.default = "trickle-body"
        started = time.monotonic()
        with pytest.raises(GeocoderTimedOut):
            adapter.get_json(f"{fake.url}/search?q=Saraqeb", timeout=0.3, headers={})
        assert time.monotonic() - started < 1.5
