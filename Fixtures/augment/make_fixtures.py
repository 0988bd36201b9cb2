"""Expected outputs for FoveaAugment's tests, computed by OpenCV (cv2.warpAffine, cv2.resize).

Run once with the peers venv and commit the outputs:
    /tmp/fovea-peers/bin/python Fixtures/augment/make_fixtures.py
Writes, next to this script:
    input_rgb_u8.raw    13x11 RGB uint8, row-major interleaved (seeded random noise: the harshest case)
    input_gray_f32.raw  13x11 gray float32 little-endian in [0, 1]
    expected.bin        every expected output concatenated (uint8 bytes or float32 LE)
    cases.json          one entry per case: input, forward matrix (as given to cv2.warpAffine without
                        WARP_INVERSE_MAP) or resize, interpolation, border, output size, byte offset and length
"""
import json, os
import numpy as np
import cv2

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261125)
W, H = 13, 11
rgb = rng.integers(0, 256, (H, W, 3), dtype=np.uint8)
gray = rng.random((H, W), dtype=np.float32)
inputs = {"rgb_u8": rgb, "gray_f32": gray}

rot = cv2.getRotationMatrix2D(((W - 1) / 2, (H - 1) / 2), 30, 1.2)
rot[:, 2] += (0.7, -1.3)
matrices = {
    "rotate30-scale1.2": (rot, (W, H)),
    "general": (np.array([[0.9, 0.35, -1.2], [-0.2, 1.1, 0.8]]), (W, H)),
    "shrink-to-15x12": (np.array([[0.6, 0.1, 3.3], [0.05, 0.7, 2.1]]), (15, 12)),
}
interps = {"nearest": cv2.INTER_NEAREST, "bilinear": cv2.INTER_LINEAR, "bicubic": cv2.INTER_CUBIC}
borders = {"constant": cv2.BORDER_CONSTANT, "replicate": cv2.BORDER_REPLICATE, "reflect": cv2.BORDER_REFLECT,
           "reflect101": cv2.BORDER_REFLECT_101, "wrap": cv2.BORDER_WRAP}
BORDER_VALUE = 0.2  # normalised; 51 for uint8

cases, blob = [], bytearray()
def add(case, out):
    case.update(offset=len(blob), length=out.nbytes, width=out.shape[1], height=out.shape[0])
    blob.extend(out.astype(out.dtype.newbyteorder("<")).tobytes()); cases.append(case)

for input_name, img in inputs.items():
    scale = 255 if img.dtype == np.uint8 else 1.0
    for mname, (M, size) in matrices.items():
        for iname, flag in interps.items():
            for bname, bflag in borders.items():
                value = BORDER_VALUE * scale
                out = cv2.warpAffine(img, M, size, flags=flag, borderMode=bflag, borderValue=(value, value, value, value))
                add(dict(name=f"{input_name}-{mname}-{iname}-{bname}", kind="warp", input=input_name,
                         matrix=M.tolist(), interpolation=iname, border=bname, borderValue=BORDER_VALUE), out)
    for (w, h), iname, flag in [((6, 5), "area", cv2.INTER_AREA), ((5, 4), "area", cv2.INTER_AREA),
                                ((20, 17), "bilinear", cv2.INTER_LINEAR), ((8, 7), "bilinear", cv2.INTER_LINEAR),
                                ((20, 17), "bicubic", cv2.INTER_CUBIC)]:
        out = cv2.resize(img, (w, h), interpolation=flag)
        add(dict(name=f"{input_name}-resize-{w}x{h}-{iname}", kind="resize", input=input_name,
                 interpolation=iname), out)

rgb.tofile(os.path.join(here, "input_rgb_u8.raw"))
gray.astype("<f4").tofile(os.path.join(here, "input_gray_f32.raw"))
with open(os.path.join(here, "expected.bin"), "wb") as f: f.write(bytes(blob))
with open(os.path.join(here, "cases.json"), "w") as f:
    json.dump(dict(opencv=cv2.__version__, width=W, height=H, cases=cases), f, indent=1)
print(len(cases), "cases,", len(blob), "bytes, OpenCV", cv2.__version__)
