"""Writes the benchmark images peers.py augment uses (skimage's astronaut, resized exactly as peers.photo does:
cv2.resize INTER_AREA, then gray for 28x28) as raw interleaved uint8 files for AugmentBenchmark:
    /tmp/fovea-augment-224x224x3.raw   /tmp/fovea-augment-28x28x1.raw
Run: /tmp/fovea-peers/bin/python Benchmarks/Augment/dump_images.py
"""
import cv2, skimage.data

im = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)
for size, gray in ((224, False), (28, True)):
    out = cv2.resize(im, (size, size), interpolation=cv2.INTER_AREA)
    if gray: out = cv2.cvtColor(out, cv2.COLOR_BGR2GRAY)
    path = f"/tmp/fovea-augment-{size}x{size}x{1 if gray else 3}.raw"
    out.tofile(path); print(path, out.shape)
