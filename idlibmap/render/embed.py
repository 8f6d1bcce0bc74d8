"""An HTML snippet that embeds the map in another page: a responsive iframe with a text fallback.

The frame keeps its aspect ratio at any width (4:3 on wide screens, taller on
phones, where a short frame leaves no room to pan), using CSS ``aspect-ratio``
with the padding-box fallback for older browsers. The alt text travels with it
as the frame's accessible description and as visible text for readers whose
page strips iframes (feed readers, e-mail).
"""

from __future__ import annotations

import html
import os
from urllib.parse import quote

WIDE_RATIO = (4, 3)
PHONE_RATIO = (4, 5)
PHONE_MAX_WIDTH = 600  # CSS pixels


def sibling_url(name: str) -> str:
    """A URL for the file ``name`` beside the page: ``./`` and the name with every reserved byte %-encoded.

    A file name is not a URL: ``javascript:alert(1).html`` would be a script address, ``a#b.html`` a
    fragment, ``100%.html`` a broken escape. Encoded (its bytes as on disk, so undecodable ones too)
    after ``./``, it can only name a file in the same folder.
    """
    return "./" + quote(os.fsencode(name), safe="")


def embed_snippet(title: str, page: str, alt_text: str, image: str | None = None) -> str:
    """The snippet for the map page whose file name is ``page``, kept beside the page the snippet goes in.

    ``image``, when given, is the file name of the static PNG offered as a fallback link.
    """
    t, src, alt = html.escape(title), html.escape(sibling_url(page)), html.escape(alt_text)
    wide = WIDE_RATIO[1] / WIDE_RATIO[0] * 100
    tall = PHONE_RATIO[1] / PHONE_RATIO[0] * 100
    links = f'<a href="{src}">Open the interactive map</a>'
    if image:
        links += f' · <a href="{html.escape(sibling_url(image))}">static image (PNG)</a>'
    return f"""<!-- idlibmap embed: paste into a page; keep {src} beside it (or change src to its URL). -->
<figure class="idlibmap-embed" style="margin:1em 0;max-width:100%">
  <style>
    .idlibmap-embed-frame {{ position: relative; width: 100%; height: 0; padding-bottom: {wide:.2f}%; }}
    @supports (aspect-ratio: 1) {{
      .idlibmap-embed-frame {{ height: auto; padding-bottom: 0; aspect-ratio: {WIDE_RATIO[0]} / {WIDE_RATIO[1]}; }}
    }}
    @media (max-width: {PHONE_MAX_WIDTH}px) {{
      .idlibmap-embed-frame {{ padding-bottom: {tall:.2f}%; }}
      @supports (aspect-ratio: 1) {{
        .idlibmap-embed-frame {{ padding-bottom: 0; aspect-ratio: {PHONE_RATIO[0]} / {PHONE_RATIO[1]}; }}
      }}
    }}
    .idlibmap-embed-frame iframe {{ position: absolute; top: 0; left: 0; width: 100%; height: 100%; border: 0; }}
    .idlibmap-embed-alt {{ font-size: 0.85em; color: #444; }}
  </style>
  <div class="idlibmap-embed-frame">
    <iframe src="{src}" title="Map: {t}" loading="lazy" aria-describedby="idlibmap-embed-alt"
            referrerpolicy="no-referrer">
      <p>{alt} {links}</p>
    </iframe>
  </div>
  <figcaption>
    <strong>{t}</strong> · {links}
    <details class="idlibmap-embed-alt">
      <summary>Text description of the map</summary>
      <p id="idlibmap-embed-alt">{alt}</p>
    </details>
  </figcaption>
</figure>
"""
