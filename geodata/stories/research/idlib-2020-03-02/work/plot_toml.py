"""Draw control-2020-03-02.toml (reads the TOML itself, so it checks lat/lon order) to check.png."""
import tomllib, sys
import matplotlib; matplotlib.use("Agg")
import matplotlib.pyplot as plt
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from geom import SY
d = tomllib.load(open(str(__import__("pathlib").Path(__file__).resolve().parents[1] / "control-2020-03-02.toml"), "rb"))
col = {f["id"]: f["colour"] for f in d["factions"]}
fig, axs = plt.subplots(1, 2, figsize=(18, 9))
for ax, ext in ((axs[0], (36.0, 37.25, 35.35, 36.62)), (axs[1], (35.6, 42.5, 32.3, 37.4))):
    x, y = SY.exterior.xy; ax.fill(x, y, color=col["government"], alpha=0.35); ax.plot(x, y, "k-", lw=0.5)
    for a in d["areas"]:
        la = [p[0] for p in a["outline"]] + [a["outline"][0][0]]; lo = [p[1] for p in a["outline"]] + [a["outline"][0][1]]
        ax.fill(lo, la, color=col[a["faction"]], alpha=0.8); ax.plot(lo, la, "k-", lw=0.3)
    for l in d["lost"]:
        la = [p[0] for p in l["outline"]] + [l["outline"][0][0]]; lo = [p[1] for p in l["outline"]] + [l["outline"][0][1]]
        ax.fill(lo, la, facecolor="none", edgecolor="#b00", hatch="///", lw=0.4)
    for fp in d["front_places"]:
        if "lat" in fp:
            h = fp["holder"].split()[0]
            ax.plot(fp["lon"], fp["lat"], "o", ms=3.5, mec="k", mew=0.5, color=col.get(h, "white"))
            if ax is axs[0]: ax.text(fp["lon"] + 0.005, fp["lat"], fp["name"].split(" (")[0], fontsize=5)
    for t in d["towns"]:
        ax.plot(t["lon"], t["lat"], "s", ms=3, mec="k", mew=0.5, color=col[t["faction"]])
        ax.text(t["lon"] + 0.01, t["lat"] - 0.01, t["name"], fontsize=5, color="navy")
    for p in d["posts"]:
        if "lat" in p: ax.plot(p["lon"], p["lat"], "^", ms=5, color=col["turkey-forces"])
    for c in d["contested"]:
        ax.plot(c["lon"], c["lat"], "x", ms=6, color="k")
    ax.set_xlim(ext[0], ext[1]); ax.set_ylim(ext[2], ext[3]); ax.set_aspect(1.23)
plt.tight_layout(); plt.savefig(str(__import__("pathlib").Path(__file__).resolve().parent / "check.png"), dpi=140)
