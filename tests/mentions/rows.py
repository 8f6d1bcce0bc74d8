"""Mention rows as ``places --out`` writes them (FEED_SCHEMA.md), written as .jsonl, .csv or GeoParquet for tests."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

COLUMNS = ("article_id", "title", "url", "date", "source", "name", "mention", "start", "end", "place_id",
           "geonames_id", "feature_type", "country_code", "lat", "lon", "sentence", "confidence", "metonymy")

PLACES = {
    "Idlib": ("geonames:169389", 169389, "city", "SY", 35.93062, 36.63393),
    "Saraqib": ("geonames:165266", 165266, "city", "SY", 35.86451, 36.80444),
    "Aleppo": ("geonames:170063", 170063, "city", "SY", 36.20124, 37.16117),
    "Damascus": ("geonames:170654", 170654, "capital", "SY", 33.5102, 36.29128),
    "Turkey": ("geonames:298795", 298795, "country", "TR", 39.0, 35.0),
    "Syria": ("geonames:163843", 163843, "country", "SY", 35.0, 38.0),
}


def row(article: str, name: str, date: str | None = "2020-03-02", **changes: Any) -> dict[str, Any]:
    """One mention row of ``article`` naming the place ``name`` (one of PLACES), with any column changed."""
    place_id, geonames, kind, code, lat, lon = PLACES[name]
    data: dict[str, Any] = {
        "article_id": article, "title": f"Report {article}", "url": f"https://news.example/{article}",
        "date": date, "source": "Example Wire", "name": name, "mention": name, "start": 10, "end": 10 + len(name),
        "place_id": place_id, "geonames_id": geonames, "feature_type": kind, "country_code": code,
        "lat": lat, "lon": lon, "sentence": f"Fighting was reported in {name} ({article}).",
        "confidence": 0.9, "metonymy": False,
    }
    data.update(changes)
    return data


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow([cell(r[c]) for c in COLUMNS])
    return path


def write_parquet(path: Path, rows: list[dict[str, Any]]) -> Path:
    """GeoParquet 1.0 (WKB points, EPSG:4326) through geopandas, as the contract asks."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["geonames_id"] = frame["geonames_id"].astype("Int64")
    geo = gpd.GeoDataFrame(frame, geometry=[Point(r["lon"], r["lat"]) for r in rows], crs="EPSG:4326")
    geo.to_parquet(path)
    return path


def feed() -> list[dict[str, Any]]:
    """A small feed over a week: Idlib most named, Saraqib early, Aleppo late, Turkey as context."""
    return [
        row("a1", "Idlib", "2020-03-01"), row("a1", "Idlib", "2020-03-01", sentence="Idlib again."),
        row("a1", "Saraqib", "2020-03-01"), row("a1", "Turkey", "2020-03-01"),
        row("a2", "Idlib", "2020-03-02"), row("a2", "Saraqib", "2020-03-02"),
        row("a3", "Idlib", "2020-03-04"), row("a3", "Turkey", "2020-03-04"),
        row("a4", "Idlib", "2020-03-07"), row("a4", "Aleppo", "2020-03-07"),
        row("a5", "Aleppo", "2020-03-07"), row("a5", "Damascus", "2020-03-07"),
    ]
