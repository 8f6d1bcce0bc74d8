"""Hostile text for the escaping tests: OWASP-style XSS filter-evasion payloads and helpers to check a page.

Each payload, if it ever ran, would set ``document.title`` to ``PWNED`` or ``window.xssFired``. The
helpers are independent of where the text comes from, so the article-to-map path can reuse them:
put the payloads into its text fields, build the page, then call :func:`browser_report` and
:func:`markup_problems`.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

# Written for this project after the families in OWASP's XSS Filter Evasion Cheat Sheet.
PAYLOADS: list[str] = [
    "<script>document.title='PWNED'</script>",
    "<SCRIPT SRC=data:text/javascript,document.title='PWNED'></SCRIPT>",
    "<img src=x onerror=\"document.title='PWNED'\">",
    "<IMG SRC=# onerror=window.xssFired=1>",
    "<IMG SRC=\"javascript:document.title='PWNED'\">",
    "<svg onload=document.title='PWNED'>",
    "<svg><script>window.xssFired=1</script></svg>",
    "<svg/onload=window.xssFired=1>",
    "</script><script>document.title='PWNED'</script>",
    "\"}]</script><script>window.xssFired=1</script>",
    "<!--<script>document.title='PWNED'</script>-->",
    "javascript:document.title='PWNED'",
    "JaVaScRiPt:window.xssFired=1",
    "java\tscript:document.title='PWNED'",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.xssFired=1",
    "&lt;script&gt;document.title='PWNED'&lt;/script&gt;",
    "&#x3C;img src=x onerror=window.xssFired=1&#x3E;",
    "<a href=\"javascript:document.title='PWNED'\">click me</a>",
    "<iframe src=\"javascript:parent.document.title='PWNED'\"></iframe>",
    "<iframe srcdoc=\"<script>parent.document.title='PWNED'</script>\"></iframe>",
    "<body onload=document.title='PWNED'>",
    "<details open ontoggle=window.xssFired=1>",
    "<input autofocus onfocus=document.title='PWNED'>",
    "<video><source onerror=\"window.xssFired=1\"></video>",
    "<object data=\"javascript:document.title='PWNED'\"></object>",
    "<embed src=\"data:text/html,<script>parent.document.title='PWNED'</script>\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.xssFired=1>",
    "'-document.title='PWNED'-'",
    "\";document.title='PWNED';//",
    "\\\";window.xssFired=1;//",
    "\\u003cscript\\u003ewindow.xssFired=1\\u003c/script\\u003e",
    "<style>@import'javascript:document.title=\"PWNED\"';</style>",
    "<div style=\"background:url(javascript:document.title='PWNED')\">x</div>",
    "<marquee onstart=window.xssFired=1>scroll</marquee>",
    "<<SCRIPT>document.title='PWNED';//<</SCRIPT>",
    "<scr<script>ipt>window.xssFired=1</scr</script>ipt>",
    "%3Cscript%3Edocument.title='PWNED'%3C/script%3E",
    "{{constructor.constructor('document.title=\"PWNED\"')()}}",
    "{{ 7*7 }} {% for x in range(2) %}PWNED{% endfor %} {# hidden #}",  # template syntax (Jinja, Angular)
    "${document.title='PWNED'}",
    "<form><button formaction=javascript:window.xssFired=1>go</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:document.title='PWNED'\">",
    "<IMG \"\"\"><SCRIPT>document.title='PWNED'</SCRIPT>\">",
    "<svg><a xlink:href=\"javascript:window.xssFired=1\"><text x=\"20\" y=\"20\">XSS</text></a></svg>",
    "<img src=`x`onerror=window.xssFired=1>",
    "\uff1cscript\uff1ewindow.xssFired=1\uff1c/script\uff1e",  # full-width angle brackets
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "background", "poster"}


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's string escapes are valid TOML ones)."""
    return json.dumps(text, ensure_ascii=False)


def collapse(text: str) -> str:
    """Whitespace as a browser shows it in ``document.title``."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- in the browser

REPORT_SCRIPT = """<script>
setTimeout(function () {
  function text(selector) {
    return Array.prototype.map.call(document.querySelectorAll(selector), function (n) { return n.textContent; });
  }
  var URL_ATTRIBUTES = /^(href|src|action|formaction|data|xlink:href|srcdoc|background|poster|style)$/i;
  var popups = [], tooltips = [], hrefs = [], handlers = [], foreign = [];
  for (var key in window) {
    if (key.indexOf("map_") !== 0 || !window[key] || !window[key].eachLayer) continue;
    window[key].eachLayer(function (layer) {
      if (!layer.feature) return;
      var p = layer.feature.properties;
      if (layer.getTooltip && layer.getTooltip()) {
        var content = layer.getTooltip().getContent();
        tooltips.push(content && content.textContent !== undefined ? content.textContent : String(content));
      }
      if (layer.getPopup && layer.getPopup()) {
        layer.openPopup();
        var card = layer.getPopup().getElement();
        popups.push({section: p.section, name: card.querySelector("h3").textContent, text: card.textContent});
        layer.closePopup();
      }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("*"), function (node) {
    Array.prototype.forEach.call(node.attributes, function (attr) {
      if (/^on/i.test(attr.name)) handlers.push(node.tagName + " " + attr.name);
      if (URL_ATTRIBUTES.test(attr.name) && /^\\s*(javascript|data|vbscript):/i.test(attr.value) &&
          node.tagName !== "SCRIPT")
        hrefs.push(node.tagName + " " + attr.name + "=" + attr.value.slice(0, 60));
    });
  });
  var container = document.querySelector(".leaflet-container");
  Array.prototype.forEach.call(container.querySelectorAll(
      "script, img, iframe, object, embed, video, audio, source, math, marquee, " +
      "details:not(.idlibmap-panel > details), " +
      "input:not(.leaflet-control-layers-selector), button:not(.idlibmap-whole), form, " +
      "base, meta, style, body, a:not([href^='#']):not([href^='http'])"), function (node) {
    foreign.push(node.tagName);
  });
  var report = {
    title: document.title, fired: window.xssFired || null,
    titlePanel: text(".idlibmap-title").join("\\n"), sources: text(".idlibmap-sources").join("\\n"),
    legend: text(".idlibmap-legend").join("\\n"), layerControl: text(".leaflet-control-layers").join("\\n"),
    flowLabels: text(".idlibmap-flow-label"), popups: popups, tooltips: tooltips,
    links: Array.prototype.map.call(document.querySelectorAll(".idlibmap-sources a"), function (a) { return a.href; }),
    badUrls: hrefs, handlers: handlers, foreign: foreign
  };
  var out = document.createElement("pre");
  out.id = "xss-report";
  out.textContent = JSON.stringify(report);
  document.body.appendChild(out);
}, 300);
</script>"""


def browser_report(page: Path, run_chromium) -> tuple[dict, list[str], str]:
    """Open a copy of ``page`` with the report script appended; return the report, console lines and DOM."""
    probe = page.with_name(page.stem + ".probe.html")
    probe.write_text(page.read_text(encoding="utf-8") + REPORT_SCRIPT, encoding="utf-8")
    result = run_chromium(probe, "--dump-dom")
    match = re.search(r'<pre id="xss-report">(.*?)</pre>', result.stdout, re.DOTALL)
    assert match, f"the report script did not run:\n{result.stderr[-3000:]}"
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    return json.loads(html.unescape(match.group(1))), console, result.stdout


# --------------------------------------------------------------------------- in the raw HTML

class _PageScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self.title = ""
        self._inside: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._inside = tag if tag in ("script", "title") else None

    def handle_endtag(self, tag):
        self._inside = None

    def handle_data(self, data):
        if self._inside == "script":
            self.scripts.append(data)
        elif self._inside == "title":
            self.title += data


def scan(page: str) -> _PageScanner:
    scanner = _PageScanner()
    scanner.feed(page)
    scanner.close()
    return scanner


def markup_problems(page: str, benign_page: str) -> list[str]:
    """Ways in which ``page`` (built from payloads) differs in markup from ``benign_page`` (plain text).

    Text must never become markup: both pages must hold the same elements; no event-handler
    attribute or javascript:/vbscript: URL may appear; no script body may hold a closing tag or an
    HTML comment opener that would end or confuse the script element.
    """
    hostile, benign = scan(page), scan(benign_page)
    problems = []
    if hostile.tags != benign.tags:
        problems.append(f"element counts differ: {dict(hostile.tags - benign.tags)} extra, "
                        f"{dict(benign.tags - hostile.tags)} missing")
    for tag, name, value in hostile.attributes:
        if name.startswith("on"):
            problems.append(f"event handler <{tag} {name}>")
        if name in URL_ATTRIBUTES and re.match(r"\s*(javascript|vbscript):", value, re.IGNORECASE):
            problems.append(f"script URL <{tag} {name}={value[:60]!r}>")
    for body in hostile.scripts:
        for bad in ("</script", "<script", "<!--"):
            if bad in body.lower():
                problems.append(f"a script body holds {bad!r}")
    return problems
