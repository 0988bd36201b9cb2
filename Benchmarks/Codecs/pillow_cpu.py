"""Pillow and OpenCV on the codec benchmark's files, timed like `CodecsBenchmark --cpu-time`: median thread CPU time
of 7 runs after 2 warm-ups, same operations and parameters as CodecsBenchmark. File sizes are printed as "bytes".

  /tmp/fovea-peers/bin/python Benchmarks/Codecs/pillow_cpu.py [DIR] [--only OP-PREFIX]

--only times just the ops whose name starts with the prefix (as CodecsBenchmark's --only), for alternating rounds.
"""
import io, json, statistics, sys, time
import cv2
import numpy as np
from PIL import Image

args = sys.argv[1:]
only = args[args.index("--only") + 1] if "--only" in args else ""
if "--only" in args: del args[args.index("--only"):args.index("--only") + 2]
d = args[0] if args else "/tmp/fovea-bench-codecs"
cv2.setNumThreads(1)

def bench(fn, n=7, warm=2):
    for _ in range(warm): fn()
    ts = []
    for _ in range(n):
        t = time.thread_time(); fn(); ts.append(time.thread_time() - t)
    return statistics.median(ts)

def saved(im, **kwargs):
    buffer = io.BytesIO(); im.save(buffer, **kwargs); return buffer.getvalue()

def emit(tool, op, value, unit):
    print(json.dumps({"area": "codecs", "tool": tool, "op": op, "threads": 1, "value": value, "unit": unit}), flush=True)

for name in ("rgb", "gray"):
    png = open(f"{d}/{name}-1024.png", "rb").read(); jpg = open(f"{d}/{name}-1024.jpg", "rb").read()
    im = Image.open(io.BytesIO(png)); im.load(); mp = im.width * im.height / 1e6
    array = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_UNCHANGED)
    webp = saved(im, format="WEBP", quality=90); tiff = saved(im, format="TIFF", compression="tiff_adobe_deflate")
    bmp = saved(im, format="BMP")
    ops = [("pillow", "png-decode", lambda: Image.open(io.BytesIO(png)).load()),
           ("opencv", "png-decode", lambda: cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_UNCHANGED)),
           ("pillow", "jpeg-decode", lambda: Image.open(io.BytesIO(jpg)).load()),
           ("opencv", "jpeg-decode", lambda: cv2.imdecode(np.frombuffer(jpg, np.uint8), cv2.IMREAD_UNCHANGED)),
           ("pillow", "png-encode-level6", lambda: saved(im, format="PNG", compress_level=6)),
           ("pillow", "png-encode-level1", lambda: saved(im, format="PNG", compress_level=1)),
           ("pillow", "png-encode-level9", lambda: saved(im, format="PNG", compress_level=9)),
           ("opencv", "png-encode-level6", lambda: cv2.imencode(".png", array, [cv2.IMWRITE_PNG_COMPRESSION, 6])),
           ("pillow", "jpeg-encode-q90", lambda: saved(im, format="JPEG", quality=90)),
           ("pillow", "webp-decode-q90", lambda: Image.open(io.BytesIO(webp)).load()),
           ("pillow", "webp-encode-q90", lambda: saved(im, format="WEBP", quality=90)),
           ("pillow", "webp-encode-lossless", lambda: saved(im, format="WEBP", lossless=True)),
           ("pillow", "tiff-decode-deflate", lambda: Image.open(io.BytesIO(tiff)).load()),
           ("pillow", "tiff-encode-deflate", lambda: saved(im, format="TIFF", compression="tiff_adobe_deflate")),
           ("pillow", "bmp-decode", lambda: Image.open(io.BytesIO(bmp)).load()),
           ("pillow", "bmp-encode", lambda: saved(im, format="BMP"))]
    floats = np.asarray(im, dtype=np.float32)
    def npy_bytes():
        buffer = io.BytesIO(); np.save(buffer, floats); return buffer.getvalue()
    ops.append(("numpy", "npy-encode-f32", npy_bytes))
    for tool, op, fn in ops:
        if f"{op}-{name}-1024".startswith(only):
            emit(tool, f"{op}-{name}-1024", round(mp / bench(fn), 1), "MP/s (CPU time)")
    for level in (1, 6, 9) if "png-encode".startswith(only) or only.startswith("png-encode") else ():
        emit("pillow", f"png-encode-level{level}-{name}-1024", len(saved(im, format="PNG", compress_level=level)), "bytes")
