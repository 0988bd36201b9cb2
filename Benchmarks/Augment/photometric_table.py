"""Markdown table of AugmentBenchmark photometric next to peers.py photometric (JSON lines, several rounds):
median per row over the rounds, and the median of the per-round Fovea/Albumentations ratios.
    python3 Benchmarks/Augment/photometric_table.py Benchmarks/Augment/photometric-2026-12-01.jsonl
"""
import json, statistics, sys
from collections import defaultdict
vals = defaultdict(list)
for line in open(sys.argv[1]):
    if not line.startswith("{"): continue
    r = json.loads(line)
    vals[(r["tool"], r["op"].replace("-224x224x3", ""), r.get("threads", 1))].append(r["value"])
peer = {"brightness": "brightness-contrast", "contrast": "brightness-contrast", "brightness-contrast": "brightness-contrast",
        "saturation": "hue-saturation", "hue": "hue-saturation", "hue-saturation": "hue-saturation", "colorjitter": "colorjitter",
        "gamma": "gamma", "gaussian-blur": "gaussian-blur", "gauss-noise": "gauss-noise", "jpeg-quality": "jpeg-quality",
        "erasing": "erasing", "random-resized-crop-224": "random-resized-crop-224", "perspective": "perspective",
        "elastic": "elastic"}
pillow = {"brightness-contrast": "brightness-contrast", "saturation": "saturation"}
ops = [k[1] for k in vals if k[0] == "fovea" and k[2] == 1]
print("| op (224×224 RGB u8) | Fovea 1 thread | Albumentations 1 thread | ratio (median of rounds) | Fovea 2 threads | Albumentations 2 threads | Pillow |")
print("|---|---:|---:|---:|---:|---:|---:|")
for op in ops:
    f1 = vals[("fovea", op, 1)]; f2 = vals[("fovea", op, 2)]
    p = peer.get(op)
    a1 = vals.get(("albumentations", p, 1), []) if p else []
    a2 = vals.get(("albumentations", p, 2), []) if p else []
    ratio = statistics.median([x / y for x, y in zip(f1, a1)]) if a1 else None
    pl = vals.get(("pillow", pillow.get(op, ""), 1), [])
    fmt = lambda xs: f"{statistics.median(xs):,.0f}" if xs else "–"
    print(f"| {op}" + (f" (peer: {p})" if p and p != op else "") + f" | {fmt(f1)} | {fmt(a1)} | " + (f"{ratio:.2f}×" if ratio else "–") + f" | {fmt(f2)} | {fmt(a2)} | {fmt(pl)} |")
for op in ["random-resized-crop-224", "perspective", "elastic"]:
    if ("fovea", op, 1) in vals: continue
    print(f"| {op} (not in Fovea yet) | – | {fmt(vals.get(('albumentations', op, 1), []))} | – | – | {fmt(vals.get(('albumentations', op, 2), []))} | – |")
