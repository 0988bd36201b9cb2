"""Pillow on the codec benchmark's files, timed like `CodecsBenchmark --cpu-time`: median thread CPU time of 7
runs after 2 warm-ups, same operations and parameters as peers.py codecs (which uses wall time).

  /tmp/fovea-peers/bin/python Benchmarks/Codecs/pillow_cpu.py [DIR]
"""
import io, json, statistics, sys, time
from PIL import Image

d = sys.argv[1] if len(sys.argv) > 1 else "/tmp/fovea-bench-codecs"

def bench(fn, n=7, warm=2):
    for _ in range(warm): fn()
    ts = []
    for _ in range(n):
        t = time.thread_time(); fn(); ts.append(time.thread_time() - t)
    return statistics.median(ts)

for name in ("rgb", "gray"):
    png = open(f"{d}/{name}-1024.png", "rb").read(); jpg = open(f"{d}/{name}-1024.jpg", "rb").read()
    im = Image.open(io.BytesIO(png)); im.load(); mp = im.width * im.height / 1e6
    for op, fn in [("png-decode", lambda: Image.open(io.BytesIO(png)).load()),
                   ("jpeg-decode", lambda: Image.open(io.BytesIO(jpg)).load()),
                   ("png-encode-level6", lambda: im.save(io.BytesIO(), format="PNG", compress_level=6)),
                   ("jpeg-encode-q90", lambda: im.save(io.BytesIO(), format="JPEG", quality=90))]:
        print(json.dumps({"area": "codecs", "tool": "pillow", "op": f"{op}-{name}-1024", "threads": 1,
                          "value": round(mp / bench(fn), 1), "unit": "MP/s (CPU time)"}), flush=True)
