"""Writes the images peers.py resize uses (skimage's astronaut, resized exactly as peers.photo does: cv2.resize
INTER_AREA to 1024 — upscaling uses INTER_CUBIC — and to 224) as raw interleaved RGB uint8 files for
ResizeBenchmark:  /tmp/fovea-resize-1024x1024x3.raw   /tmp/fovea-resize-224x224x3.raw
Run: /tmp/fovea-peers/bin/python Benchmarks/Resize/dump_images.py
"""
import cv2, skimage.data

im = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)
for size in (1024, 224):
    out = cv2.resize(im, (size, size), interpolation=cv2.INTER_CUBIC if size > im.shape[0] else cv2.INTER_AREA)
    path = f"/tmp/fovea-resize-{size}x{size}x3.raw"
    out.tofile(path); print(path, out.shape)
