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


def test_mention_circles_are_area_true_up_to_the_largest_radius():
    from idlibmap.styles import MENTION_MAX_RADIUS, MENTION_UNIT_RADIUS, mention_radius

    assert mention_radius(0, 10) == 0
    assert mention_radius(4, 4) == 2 * MENTION_UNIT_RADIUS  # a small feed: circles stay small
    assert mention_radius(5000, 5000) == MENTION_MAX_RADIUS  # a large one: the most named at the largest size
    assert mention_radius(1250, 5000) == MENTION_MAX_RADIUS / 2  # a quarter of the articles: half the radius


def test_mention_legend_counts_are_round_and_country_classes_ascend():
    from idlibmap.styles import mention_country_breaks, mention_country_color, mention_reference_counts

    assert mention_reference_counts(523) == [500, 100, 20] and mention_reference_counts(3) == [3, 1]
    breaks = mention_country_breaks(100)
    assert breaks[0] == 1 and list(breaks) == sorted(set(breaks))
    assert mention_country_color(1, breaks) != mention_country_color(100, breaks)
