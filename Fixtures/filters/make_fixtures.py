"""Reference outputs for Tests/FoveaFiltersTests, produced ONCE with OpenCV (cv2) and committed.

Run from the repository root with the peers' venv (see /work/shared/bench/README.md):

    /tmp/fovea-peers/bin/python Fixtures/filters/make_fixtures.py

Every array is written as NumPy's .npy (version 1.0, little-endian, C order: rows, columns[, channels]).
Inputs are small crops (37 wide x 29 high, odd sizes so every border is exercised) of scikit-image's
astronaut photo; the float input adds seeded noise so its values are not integers.
Border modes OpenCV does not accept in filter2D (BORDER_WRAP) and constant borders with a non-zero
value are produced by padding with cv2.copyMakeBorder (which defines the border) and keeping the
valid part of the filtered result.
The tests hard-code the same kernels as K3, K4 and K52 below.
"""
import os
import cv2
import numpy as np
import skimage.data

OUT = os.path.dirname(os.path.abspath(__file__))
print("OpenCV", cv2.__version__)

def save(name, a):
    a = np.ascontiguousarray(a)
    assert a.dtype in (np.uint8, np.int16, np.uint16, np.float32), (name, a.dtype)
    np.save(os.path.join(OUT, name + ".npy"), a)

rgb_full = cv2.resize(skimage.data.astronaut(), (96, 96), interpolation=cv2.INTER_AREA)
rgb = rgb_full[20:49, 30:67].copy()                    # 29 rows x 37 columns x 3, RGB order
gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)           # 29 x 37 uint8
rng = np.random.default_rng(20261125)
grayf = (gray.astype(np.float32) / 255 + rng.normal(0, 0.02, gray.shape)).astype(np.float32)
gray16 = (gray.astype(np.uint16) * 257 + rng.integers(0, 200, gray.shape)).astype(np.uint16)
save("input_gray_u8", gray); save("input_rgb_u8", rgb); save("input_gray_f32", grayf); save("input_gray_u16", gray16)

K3 = np.array([[1, 2, 0], [-1, 0.5, 3], [0, -2, 1]], np.float32) / 4
K4 = ((np.arange(16, dtype=np.float32).reshape(4, 4) - 7.5) / 10).astype(np.float32)
K52 = np.array([[1, 0, 2, 0, -1], [0, 3, 0, -2, 1]], np.float32) / 5   # 2 rows x 5 columns, anchor x=1 y=0

BORDERS = {"constant": cv2.BORDER_CONSTANT, "replicate": cv2.BORDER_REPLICATE, "reflect": cv2.BORDER_REFLECT,
           "reflect101": cv2.BORDER_REFLECT_101}

def padded_filter2d(img, ddepth, k, border, value, anchor=(-1, -1)):
    """filter2D with a border OpenCV's filter2D lacks: pad, filter, keep the centre."""
    kh, kw = k.shape
    ax = kw // 2 if anchor[0] < 0 else anchor[0]
    ay = kh // 2 if anchor[1] < 0 else anchor[1]
    p = cv2.copyMakeBorder(img, ay, kh - 1 - ay, ax, kw - 1 - ax, border, value=value)
    r = cv2.filter2D(p, ddepth, k, anchor=(ax, ay), borderType=cv2.BORDER_REFLECT_101)
    return r[ay:ay + img.shape[0], ax:ax + img.shape[1]]

# filter2D (correlation)
for bname, b in BORDERS.items():
    save(f"filter2d_k3_{bname}_u8_to_u8", cv2.filter2D(gray, -1, K3, borderType=b))
    save(f"filter2d_k3_{bname}_f32_to_f32", cv2.filter2D(grayf, -1, K3, borderType=b))
save("filter2d_k3_wrap_u8_to_u8", padded_filter2d(gray, -1, K3, cv2.BORDER_WRAP, 0))
save("filter2d_k3_wrap_f32_to_f32", padded_filter2d(grayf, -1, K3, cv2.BORDER_WRAP, 0))
save("filter2d_k3_constant7_u8_to_u8", padded_filter2d(gray, -1, K3, cv2.BORDER_CONSTANT, 7))
save("filter2d_k3_constant0.25_f32_to_f32", padded_filter2d(grayf, -1, K3, cv2.BORDER_CONSTANT, 0.25))
save("filter2d_k3_reflect101_u8_to_f32", cv2.filter2D(gray, cv2.CV_32F, K3))
save("filter2d_k3x8_reflect101_u8_to_s16", cv2.filter2D(gray, cv2.CV_16S, K3 * 8))
save("filter2d_k4_reflect101_f32_to_f32", cv2.filter2D(grayf, -1, K4))
save("filter2d_k52_anchor1_0_reflect101_f32_to_f32", cv2.filter2D(grayf, -1, K52, anchor=(1, 0)))
save("filter2d_k52_anchor1_0_replicate_u8_to_f32", cv2.filter2D(gray, cv2.CV_32F, K52, anchor=(1, 0), borderType=cv2.BORDER_REPLICATE))
save("filter2d_k3_reflect101_rgb_u8_to_u8", cv2.filter2D(rgb, -1, K3))
save("filter2d_k4_reflect101_rgb_u8_to_f32", cv2.filter2D(rgb, cv2.CV_32F, K4))
save("filter2d_k3_reflect101_u16_to_u16", cv2.filter2D(gray16, -1, K3))

# Gaussian blur
for bname, b in BORDERS.items():
    save(f"gaussian_7x7_s1_{bname}_u8", cv2.GaussianBlur(gray, (7, 7), 1.0, borderType=b))
    save(f"gaussian_7x7_s1_{bname}_f32", cv2.GaussianBlur(grayf, (7, 7), 1.0, borderType=b))
for name, img in (("u8", gray), ("f32", grayf)):   # GaussianBlur rejects BORDER_WRAP for float: pad, blur, crop
    p = cv2.copyMakeBorder(img, 3, 3, 3, 3, cv2.BORDER_WRAP)
    save(f"gaussian_7x7_s1_wrap_{name}", cv2.GaussianBlur(p, (7, 7), 1.0)[3:-3, 3:-3])
save("gaussian_auto_s1.5_u8", cv2.GaussianBlur(gray, (0, 0), 1.5))      # ksize 11 for uint8
save("gaussian_auto_s1.5_f32", cv2.GaussianBlur(grayf, (0, 0), 1.5))    # ksize 13 for float
save("gaussian_5x5_s0_u8", cv2.GaussianBlur(gray, (5, 5), 0))
save("gaussian_7x7_s0_f32", cv2.GaussianBlur(grayf, (7, 7), 0))
save("gaussian_9x9_s0_f32", cv2.GaussianBlur(grayf, (9, 9), 0))
save("gaussian_auto_sx1_sy2_u8", cv2.GaussianBlur(gray, (0, 0), 1.0, sigmaY=2.0))
save("gaussian_3x9_sx0.8_sy2_f32", cv2.GaussianBlur(grayf, (3, 9), 0.8, sigmaY=2.0))
save("gaussian_5x5_s1.2_rgb_u8", cv2.GaussianBlur(rgb, (5, 5), 1.2))
save("gaussian_7x7_s1_u16", cv2.GaussianBlur(gray16, (7, 7), 1.0))

# Box / mean
save("box_5x5_u8", cv2.blur(gray, (5, 5)))
save("box_4x3_u8", cv2.blur(gray, (4, 3)))           # 4 wide, 3 high, anchor (2, 1)
save("box_3x3_f32", cv2.blur(grayf, (3, 3)))
save("boxsum_3x3_f32", cv2.boxFilter(grayf, -1, (3, 3), normalize=False))

# Sobel / Scharr / Laplacian
for dx, dy, k in [(1, 0, 1), (0, 1, 1), (1, 0, 3), (0, 1, 3), (1, 0, 5), (0, 1, 5), (1, 0, 7), (0, 1, 7),
                  (2, 0, 3), (1, 1, 3), (0, 2, 5), (1, 0, -1), (0, 1, -1)]:
    save(f"sobel_dx{dx}_dy{dy}_k{k}_u8_to_f32", cv2.Sobel(gray, cv2.CV_32F, dx, dy, ksize=k))
save("sobel_dx1_dy0_k3_u8_to_s16", cv2.Sobel(gray, cv2.CV_16S, 1, 0))
save("sobel_dx0_dy1_k3_u8_to_s16", cv2.Sobel(gray, cv2.CV_16S, 0, 1))
save("sobel_dx1_dy0_k3_f32_to_f32", cv2.Sobel(grayf, cv2.CV_32F, 1, 0))
save("sobel_dx1_dy0_k3_replicate_u8_to_f32", cv2.Sobel(gray, cv2.CV_32F, 1, 0, borderType=cv2.BORDER_REPLICATE))
save("sobel_dx1_dy0_k3_rgb_u8_to_f32", cv2.Sobel(rgb, cv2.CV_32F, 1, 0))
save("scharr_dx1_dy0_u8_to_f32", cv2.Scharr(gray, cv2.CV_32F, 1, 0))
save("scharr_dx0_dy1_u8_to_f32", cv2.Scharr(gray, cv2.CV_32F, 0, 1))
save("laplacian_k1_u8_to_f32", cv2.Laplacian(gray, cv2.CV_32F, ksize=1))
save("laplacian_k3_u8_to_f32", cv2.Laplacian(gray, cv2.CV_32F, ksize=3))
save("laplacian_k1_u8_to_s16", cv2.Laplacian(gray, cv2.CV_16S, ksize=1))
save("laplacian_k3_f32_to_f32", cv2.Laplacian(grayf, cv2.CV_32F, ksize=3))
save("laplacian_k5_u8_to_f32", cv2.Laplacian(gray, cv2.CV_32F, ksize=5))

# Gradient magnitude and direction (degrees) of the 3x3 Sobel derivatives
gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0); gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1)
save("magnitude_sobel3_u8_to_f32", cv2.magnitude(gx, gy))
save("phase_degrees_sobel3_u8_to_f32", cv2.phase(gx, gy, angleInDegrees=True))

# Canny (cv2.Canny itself does not blur)
save("canny_50_150_l1_u8", cv2.Canny(gray, 50, 150))
save("canny_50_150_l2_u8", cv2.Canny(gray, 50, 150, L2gradient=True))
save("canny_20_60_l1_u8", cv2.Canny(gray, 20, 60))
save("canny_50_150_l1_rgb_u8", cv2.Canny(rgb, 50, 150))

# Median (OpenCV replicates the border)
save("median_3_u8", cv2.medianBlur(gray, 3))
save("median_5_u8", cv2.medianBlur(gray, 5))
save("median_3_rgb_u8", cv2.medianBlur(rgb, 3))
save("median_3_f32", cv2.medianBlur(grayf, 3))
save("median_5_f32", cv2.medianBlur(grayf, 5))
save("median_5_u16", cv2.medianBlur(gray16, 5))
