"""Shared styles: flow widths and the plain-data style table the page draws from."""

from __future__ import annotations

import json

from idlibmap import styles


def test_flow_width_is_area_true_between_the_bounds():
    largest = 1_000_000
    assert styles.flow_width(largest, largest) == styles.FLOW_MAX_WIDTH
    assert styles.flow_width(0, largest) == styles.FLOW_MIN_WIDTH
    quarter = styles.flow_width(largest // 4, largest)
    assert quarter == styles.FLOW_MIN_WIDTH + 0.5 * (styles.FLOW_MAX_WIDTH - styles.FLOW_MIN_WIDTH)
    assert styles.flow_width(13_000, largest) < styles.flow_width(948_000, largest)


def test_style_table_is_plain_json_with_every_kind():
    table = json.loads(json.dumps(styles.style_table()))
    assert set(table["points"]) == set(styles.POINT_KINDS)
    assert set(table["lines"]) == set(styles.LINE_STYLES)
    assert table["points"]["observation-post"]["shape"] == "square"
