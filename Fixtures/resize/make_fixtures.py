"""Reference resizes for FoveaImage's tests, computed once by Pillow (PIL.Image.resize, ImageOps.fit/contain/pad)
and OpenCV (cv2.resize). Run from anywhere with the peers' venv:  python Fixtures/resize/make_fixtures.py

Writes input_<name>.raw (little-endian samples, row-major, interleaved), expected.bin (every output, concatenated)
and cases.json (per case: library, op, input, filter, antialias, output size, byte offset and length, dtype).
Pillow has no 16-bit RGB mode, so 16-bit Pillow references resize each channel as a mode "F" image (Pillow's
float path) and round; 8-bit RGBA goes through Pillow's own RGBA path (premultiplied).
"""
import json, os
import numpy as np
import cv2
from PIL import Image, ImageOps

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(13)
W, H = 41, 33

def structured(channels, maximum, dtype):
    y, x = np.mgrid[0:H, 0:W].astype(np.float64)
    planes = []
    for c in range(channels):
        smooth = 0.5 + 0.5 * np.sin(x / (3.0 + c) + y / (5.0 - c * 0.7) + c)
        stripes = ((x + 2 * c) % 4 < 2).astype(np.float64)  # fine detail that aliases without antialiasing
        noise = rng.random((H, W))
        v = 0.55 * smooth + 0.25 * stripes + 0.2 * noise
        planes.append(np.clip(np.round(v * maximum), 0, maximum))
    return np.stack(planes, axis=-1).astype(dtype)

inputs = {
    "gray_u8": structured(1, 255, np.uint8)[:, :, 0],
    "rgb_u8": structured(3, 255, np.uint8),
    "gray_u16": structured(1, 65535, np.uint16)[:, :, 0],
    "rgb_u16": structured(3, 65535, np.uint16),
    "gray_f32": (structured(1, 65535, np.uint16)[:, :, 0] / 65535.0).astype(np.float32),
}
rgba = structured(4, 255, np.uint8)
y, x = np.mgrid[0:H, 0:W]
rgba[:, :, 3] = np.where(x < 10, 0, np.clip((x - 10) * 9 + (y % 3) * 20, 0, 255)).astype(np.uint8)  # transparent strip, ramps
inputs["rgba_u8"] = rgba

cases, blob = [], bytearray()
def add(library, op, input_name, out, **kw):
    data = np.ascontiguousarray(out)
    dtype = {np.dtype(np.uint8): "u8", np.dtype(np.uint16): "u16", np.dtype(np.float32): "f32"}[data.dtype]
    data = data.astype(data.dtype.newbyteorder("<"))
    cases.append(dict(library=library, op=op, input=input_name, offset=len(blob), length=data.nbytes, dtype=dtype,
                      width=int(out.shape[1]), height=int(out.shape[0]), **kw))
    blob.extend(data.tobytes())

sizes = [(13, 11), (7, 5), (20, 16), (64, 50), (60, 9), (5, 70), (41, 20), (83, 67)]
pil_filters = {"nearest": Image.Resampling.NEAREST, "bilinear": Image.Resampling.BILINEAR,
               "bicubic": Image.Resampling.BICUBIC, "lanczos3": Image.Resampling.LANCZOS}
cv_filters = {"nearest": cv2.INTER_NEAREST, "bilinear": cv2.INTER_LINEAR, "bicubic": cv2.INTER_CUBIC, "area": cv2.INTER_AREA}

def pil_float_resize(arr, size, flt, box=None):
    planes = arr[:, :, None] if arr.ndim == 2 else arr
    outs = [np.asarray(Image.fromarray(planes[:, :, c].astype(np.float32), mode="F").resize(size, flt, box=box))
            for c in range(planes.shape[2])]
    out = np.stack(outs, axis=-1)
    return out[:, :, 0] if arr.ndim == 2 else out

for w, h in sizes:
    for fname, flt in pil_filters.items():
        for name in ("gray_u8", "rgb_u8", "rgba_u8"):
            out = np.asarray(Image.fromarray(inputs[name]).resize((w, h), flt))
            add("pillow", "resize", name, out, filter=fname, antialias=True)
        for name in ("gray_u16", "rgb_u16"):
            out = pil_float_resize(inputs[name], (w, h), flt)
            add("pillow", "resize", name, np.clip(np.round(out), 0, 65535).astype(np.uint16), filter=fname, antialias=True)
        out = pil_float_resize(inputs["gray_f32"], (w, h), flt)
        add("pillow", "resize", "gray_f32", out.astype(np.float32), filter=fname, antialias=True)
    for fname, flag in cv_filters.items():
        for name in ("gray_u8", "rgb_u8", "gray_u16", "rgb_u16", "gray_f32"):
            out = cv2.resize(inputs[name], (w, h), interpolation=flag)
            add("opencv", "resize", name, out, filter=fname, antialias=False)

# Pillow's ImageOps: cover (fit, a fractional source box), contain and pad (centred, banker's rounding).
for w, h in [(16, 16), (30, 12), (12, 30), (64, 48)]:
    for fname in ("bilinear", "bicubic"):
        for name in ("rgb_u8", "gray_u8"):
            img = Image.fromarray(inputs[name])
            add("pillow", "cover", name, np.asarray(ImageOps.fit(img, (w, h), pil_filters[fname])), filter=fname, antialias=True)
            add("pillow", "contain", name, np.asarray(ImageOps.contain(img, (w, h), pil_filters[fname])), filter=fname, antialias=True)
            add("pillow", "pad", name, np.asarray(ImageOps.pad(img, (w, h), pil_filters[fname], color=0)), filter=fname, antialias=True)

for name, arr in inputs.items():
    arr.astype(arr.dtype.newbyteorder("<")).tofile(os.path.join(here, f"input_{name}.raw"))
with open(os.path.join(here, "expected.bin"), "wb") as f:
    f.write(bytes(blob))
import PIL
with open(os.path.join(here, "cases.json"), "w") as f:
    json.dump(dict(pillow=PIL.__version__, opencv=cv2.__version__, width=W, height=H,
                   inputs={k: dict(channels=1 if v.ndim == 2 else v.shape[2]) for k, v in inputs.items()},
                   cases=cases), f, indent=0)
print(len(cases), "cases,", len(blob), "bytes")
