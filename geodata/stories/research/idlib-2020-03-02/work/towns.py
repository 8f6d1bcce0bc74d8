import sys
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from geom import AREAS, SY
from shapely.geometry import Point
from shapely.ops import unary_union, nearest_points
import pyproj
geod = pyproj.Geod(ellps="WGS84")
inner = SY.buffer(-0.01)
fronts = unary_union([g.exterior.intersection(inner) for g in AREAS.values()] + [SY.exterior.intersection(SY.buffer(0))*0 if False else Point(0,0).buffer(0)])
fronts = unary_union([g.exterior.intersection(inner) for g in AREAS.values()])
pts = {}
for l in open(str(__import__("pathlib").Path(__file__).resolve().parent / "gn_sy.tsv")):
    p = l.rstrip("\n").split("\t"); pts[p[1]] = (float(p[2]), float(p[3]), p[0])
def holder(lat, lon):
    for n, g in AREAS.items():
        if g.contains(Point(lon, lat)): return n
    return "government"
def dist(lat, lon):
    q = nearest_points(Point(lon, lat), fronts)[1]
    return geod.inv(lon, lat, q.x, q.y)[2] / 1000
if __name__ == "__main__":
  for n in sys.argv[1:] or list(pts):
    la, lo, gid = pts[n]
    print(f"{n:28s} {gid:>9s} {la:.5f} {lo:.5f} {holder(la,lo):18s} {dist(la,lo):6.1f} km")
