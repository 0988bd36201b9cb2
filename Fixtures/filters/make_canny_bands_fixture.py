"""Canny references on an image tall enough for several row bands (CannyTests' thread-count test), produced ONCE
with OpenCV (cv2) and committed. Run from the repository root with the peers' venv:

    /tmp/fovea-peers/bin/python Fixtures/filters/make_canny_bands_fixture.py

Input: scikit-image's astronaut, gray, resized to 131 wide x 97 high (area interpolation), so 6 bands of 16 rows
fit and edges cross every band boundary. Outputs: cv2.Canny at thresholds 20/60 and 50/150 (L1), as .npy.
"""
import os
import cv2
import numpy as np
import skimage.data

OUT = os.path.dirname(os.path.abspath(__file__))
print("OpenCV", cv2.__version__)
gray = cv2.cvtColor(cv2.resize(skimage.data.astronaut(), (131, 97), interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2GRAY)
np.save(os.path.join(OUT, "input_gray_u8_131x97.npy"), np.ascontiguousarray(gray))
np.save(os.path.join(OUT, "canny_20_60_l1_u8_131x97.npy"), cv2.Canny(gray, 20, 60))
np.save(os.path.join(OUT, "canny_50_150_l1_u8_131x97.npy"), cv2.Canny(gray, 50, 150))
