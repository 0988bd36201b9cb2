"""Expected outputs of FoveaAugment's photometric operations, computed by Pillow, NumPy and OpenCV.

Run once with the peers venv and commit the outputs:
    /tmp/fovea-peers/bin/python Fixtures/augment/photometric/make_photometric.py
Writes, next to this script:
    input_rgb_u8.raw   23x17 RGB uint8 row-major interleaved: seeded noise, with a few grey and primary pixels
    input_gray_u8.raw  23x17 gray uint8
    expected.bin       every expected output concatenated (uint8)
    cases.json         one entry per case: op, parameter, input, byte offset and length

References (what Fovea must match within one level):
    brightness / contrast / saturation  PIL.ImageEnhance.Brightness / Contrast / Color (= torchvision's
                                        adjust_brightness / adjust_contrast / adjust_saturation on PIL images)
    hue        torchvision's float path (F_t.adjust_hue: _rgb2hsv, h = (h + shift) mod 1, _hsv2rgb,
               convert_image_dtype), written out in NumPy below since torch cannot be installed here
    gamma      torchvision's adjust_gamma (gain 1): (v/255)^gamma, then convert_image_dtype to uint8
    grayscale  PIL convert("L") (ITU-R BT.601 luma), replicated into every channel
    sharpness  PIL.ImageEnhance.Sharpness (= torchvision adjust_sharpness)
    posterize / solarize / autocontrast / equalize   PIL.ImageOps (= torchvision's functional ops)
    blur       the exact Gaussian: cv2.GaussianBlur on the image as float32 with the UInt8 kernel size
               (round(6 sigma + 1) | 1, OpenCV's 3-sigma rule for 8-bit images), BORDER_REFLECT_101, rounded.
               (OpenCV's own 8-bit path is fixed point and itself up to 2 levels from this on noise.)
"""
import json, os
import numpy as np
import cv2
from PIL import Image, ImageEnhance, ImageOps

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261201)
W, H = 23, 17
rgb = rng.integers(0, 256, (H, W, 3), dtype=np.uint8)
# Edge cases of the HSV path: greys (s = 0), primaries, black and white, ties between channels.
specials = [(0, 0, 0), (255, 255, 255), (128, 128, 128), (255, 0, 0), (0, 255, 0), (0, 0, 255),
            (200, 200, 10), (10, 200, 200), (200, 10, 200), (1, 2, 3)]
for i, px in enumerate(specials):
    rgb[0, i] = px
gray = rng.integers(0, 256, (H, W), dtype=np.uint8)
inputs = {"rgb": rgb, "gray": gray}


def convert_to_uint8(x):
    """torchvision's convert_image_dtype float -> uint8: multiply by 255.999 and truncate."""
    return (np.clip(x, 0, 1) * (255 + 1.0 - 1e-3)).astype(np.uint8)


def rgb2hsv(img):
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    maxc = img.max(axis=-1); minc = img.min(axis=-1)
    eqc = maxc == minc
    cr = maxc - minc
    ones = np.ones_like(maxc)
    s = cr / np.where(eqc, ones, maxc)
    crd = np.where(eqc, ones, cr)
    rc = (maxc - r) / crd; gc = (maxc - g) / crd; bc = (maxc - b) / crd
    hr = (maxc == r) * (bc - gc)
    hg = ((maxc == g) & (maxc != r)) * (2.0 + rc - bc)
    hb = ((maxc != g) & (maxc != r)) * (4.0 + gc - rc)
    h = np.fmod((hr + hg + hb) / 6.0 + 1.0, 1.0)
    return h, s, maxc


def hsv2rgb(h, s, v):
    i = np.floor(h * 6.0); f = h * 6.0 - i
    i = i.astype(np.int32) % 6
    p = np.clip(v * (1.0 - s), 0, 1); q = np.clip(v * (1.0 - s * f), 0, 1); t = np.clip(v * (1.0 - s * (1.0 - f)), 0, 1)
    table = [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)]
    out = np.zeros(h.shape + (3,), np.float32)
    for k, (a, b, c) in enumerate(table):
        m = i == k
        out[m, 0] = a[m]; out[m, 1] = b[m]; out[m, 2] = c[m]
    return out


def hue(img, shift):
    x = img.astype(np.float32) / 255
    h, s, v = rgb2hsv(x)
    h = np.mod(h + np.float32(shift), 1.0).astype(np.float32)
    return convert_to_uint8(hsv2rgb(h, s, v))


def gamma(img, g):
    return convert_to_uint8((img.astype(np.float32) / 255) ** np.float32(g))


def enhance(cls, img, f):
    return np.asarray(cls(Image.fromarray(img)).enhance(f))


def grayscale(img):
    if img.ndim == 2: return img.copy()
    l = np.asarray(Image.fromarray(img).convert("L"))
    return np.repeat(l[:, :, None], 3, axis=2)


def blur(img, sigma):
    k = int(round(sigma * 3 * 2 + 1)) | 1
    out = cv2.GaussianBlur(img.astype(np.float32), (k, k), sigma, borderType=cv2.BORDER_REFLECT_101)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


cases = []
for name, img in inputs.items():
    ops = [("brightness", f, enhance(ImageEnhance.Brightness, img, f)) for f in (0.0, 0.5, 1.3, 1.9)]
    ops += [("contrast", f, enhance(ImageEnhance.Contrast, img, f)) for f in (0.0, 0.6, 1.5)]
    ops += [("gamma", g, gamma(img, g)) for g in (0.5, 1.0, 2.2)]
    ops += [("grayscale", 0, grayscale(img))]
    ops += [("blur", s, blur(img, s)) for s in (0.5, 1.1, 2.3)]
    ops += [("sharpness", f, enhance(ImageEnhance.Sharpness, img, f)) for f in (0.0, 0.5, 1.6)]
    ops += [("posterize", b, np.asarray(ImageOps.posterize(Image.fromarray(img), b))) for b in (1, 4, 7)]
    ops += [("solarize", t, np.asarray(ImageOps.solarize(Image.fromarray(img), t))) for t in (0, 128, 247, 255)]
    ops += [("autocontrast", 0, np.asarray(ImageOps.autocontrast(Image.fromarray(img // 2 + 40))))]
    ops += [("equalize", 0, np.asarray(ImageOps.equalize(Image.fromarray(img))))]
    if name == "rgb":
        ops += [("saturation", f, enhance(ImageEnhance.Color, img, f)) for f in (0.0, 0.4, 1.7)]
        ops += [("hue", s, hue(img, s)) for s in (-0.5, -0.27, 0.0, 0.1, 0.45)]
    for op, parameter, out in ops:
        cases.append({"op": op, "parameter": parameter, "input": name, "data": out})

blob = bytearray(); index = []
for c in cases:
    data = np.ascontiguousarray(c.pop("data")).tobytes()
    c["offset"] = len(blob); c["length"] = len(data); blob += data
    index.append(c)
with open(os.path.join(here, "expected.bin"), "wb") as f: f.write(bytes(blob))
with open(os.path.join(here, "input_rgb_u8.raw"), "wb") as f: f.write(rgb.tobytes())
with open(os.path.join(here, "input_gray_u8.raw"), "wb") as f: f.write(gray.tobytes())
with open(os.path.join(here, "cases.json"), "w") as f:
    json.dump({"width": W, "height": H, "cases": index}, f, indent=1)
print(len(index), "cases,", len(blob), "bytes")
