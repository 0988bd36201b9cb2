"""Writes the image the filter peers use (peers.py `photo(None, 1024, gray=True)`: scikit-image's astronaut,
BGR, resized to 1024x1024 with INTER_CUBIC, converted to gray by OpenCV) as raw 8-bit samples, so
FiltersBenchmark measures the same pixels.

    /tmp/fovea-peers/bin/python Benchmarks/Filters/dump_astronaut.py /tmp/fovea-astronaut-1024.gray
"""
import sys
import cv2
import skimage.data

im = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)
im = cv2.resize(im, (1024, 1024), interpolation=cv2.INTER_CUBIC)
g = cv2.cvtColor(im, cv2.COLOR_BGR2GRAY)
open(sys.argv[1] if len(sys.argv) > 1 else "/tmp/fovea-astronaut-1024.gray", "wb").write(g.tobytes())
