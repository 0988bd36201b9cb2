"""Writes the codec benchmark's input files: exactly the images and encodings `peers.py codecs` times.

  /tmp/fovea-peers/bin/python Benchmarks/Codecs/make_images.py [DIR]   (default /tmp/fovea-bench-codecs)

rgb-1024.png/.jpg and gray-1024.png/.jpg: scikit-image's astronaut resized to 1024x1024 (peers.py's photo()),
PNG by OpenCV at compression 6, JPEG by OpenCV at quality 90, as in peers.py. Not committed.
"""
import os, sys
import cv2
here = os.path.dirname(os.path.abspath(__file__))
# The shared peer script beside the repository (../shared/bench/peers.py), or PEERS_PY's folder, as Benchmarks/run.sh.
peers_py = os.environ.get("PEERS_PY", os.path.join(here, "..", "..", "..", "shared", "bench", "peers.py"))
sys.path.insert(0, os.path.dirname(os.path.abspath(peers_py)))
import peers  # noqa: E402  (after the path is set)

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/fovea-bench-codecs"
os.makedirs(out, exist_ok=True)
for name in ("rgb", "gray"):
    im = peers.photo(None, 1024, name == "gray")
    cv2.imwrite(f"{out}/{name}-1024.png", im, [cv2.IMWRITE_PNG_COMPRESSION, 6])
    cv2.imwrite(f"{out}/{name}-1024.jpg", im, [cv2.IMWRITE_JPEG_QUALITY, 90])
print(out)
