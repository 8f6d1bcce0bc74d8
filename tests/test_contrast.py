"""Every label colour of idlibmap.styles reads at a contrast of 4.5:1 or more (WCAG AA) where it is drawn."""

from __future__ import annotations

import pytest

from idlibmap import styles


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Label colours and the grounds they are drawn on: labels carry a white halo and sit on land; sea names
# have no halo and sit on the sea.
HALOED = {f"text {key}": colour for key, colour in styles.TEXT.items()} | {
    f"bearings {key}": styles.BEARINGS[key] for key in ("town", "capital", "province-name", "water-name",
                                                          "country-name")}


@pytest.mark.parametrize("name", sorted(HALOED))
def test_a_label_reads_on_its_halo_and_on_the_land(name):
    colour = HALOED[name]
    assert contrast(colour, "#ffffff") >= 4.5
    assert contrast(colour, styles.BASEMAP["land"]) >= 4.5


def test_sea_names_read_on_the_sea():
    assert contrast(styles.BEARINGS["sea-name"], styles.BASEMAP["sea"]) >= 4.5


def test_the_measure_is_wcag_s():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
