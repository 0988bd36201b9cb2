"""References for `fovea filter ... --output-type f32` on 8-bit input: OpenCV on a float copy of the input.

`--output-type f32` means float all the way: cv2.GaussianBlur(img.astype(np.float32)), not the 8-bit blur
converted afterwards. Run from the repository root:

    python Fixtures/filters/make_float_output_fixtures.py
"""
import cv2
import numpy as np

source = np.load("Fixtures/filters/input_gray_u8.npy")
blurred = cv2.GaussianBlur(source.astype(np.float32), (7, 7), 1.0, borderType=cv2.BORDER_REFLECT_101)
np.save("Fixtures/filters/gaussian_7x7_s1_u8_to_f32.npy", blurred.astype(np.float32))
print("gaussian_7x7_s1_u8_to_f32.npy", blurred.shape, float(np.abs(blurred - np.round(blurred)).max()))
