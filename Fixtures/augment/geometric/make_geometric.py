"""Expected outputs for FoveaAugment's random resized crop, perspective and elastic tests.

Computed with Pillow (crop + resize), OpenCV (getPerspectiveTransform, warpPerspective, GaussianBlur) and
SciPy (map_coordinates), never by Fovea. The random draws are re-derived here from the published definition
of Fovea's counter-based stream (SplitMix64's finaliser keyed by seed and coordinates, see
Sources/FoveaCore/RandomStream.swift) followed by torchvision's sampling rules, so the tests pin the
sampling too.

Run once with the peers venv and commit the outputs:
    /tmp/fovea-peers/bin/python Fixtures/augment/geometric/make_geometric.py
Writes, next to this script:
    input_rgb_u8.raw   40x30 RGB uint8, row-major interleaved (smooth: gradients and a low sinusoid)
    expected.bin       every expected output image concatenated (uint8)
    cases.json         one entry per case: kind, seed, settings, drawn values, byte offset and length
"""
import json, math, os
import numpy as np
import cv2
from PIL import Image
from scipy import ndimage

here = os.path.dirname(os.path.abspath(__file__))
W, H = 40, 30
yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
rgb = np.dstack([
    40 + 170 * xx / (W - 1),
    30 + 190 * yy / (H - 1),
    128 + 90 * np.sin(xx / 6.0) * np.cos(yy / 5.0),
]).round().clip(0, 255).astype(np.uint8)

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix(z):
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & M64
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB & M64
    return z ^ (z >> 31)


class Stream:
    """Fovea's RandomStream(seed:, coordinates...)."""

    def __init__(self, seed, *coordinates):
        key = mix((seed + GOLDEN) & M64)
        for c in coordinates:
            key = mix(key ^ mix((c + 0xD1B54A32D192ED03) & M64))
        self.key, self.counter = key, 0

    def next(self):
        self.counter += 1
        return mix((self.key + self.counter * GOLDEN) & M64)

    def unit(self):
        return (self.next() >> 11) * 2.0**-53

    def uniform(self, a, b):
        return a + (b - a) * self.unit()

    def integer(self, bound):  # Lemire's multiply-shift, the high word
        return (self.next() * bound) >> 64


def units(seed, n):
    """The first n nextUnit() values of RandomStream(seed:), vectorised."""
    key = mix((seed + GOLDEN) & M64)
    with np.errstate(over="ignore"):
        z = np.uint64(key) + np.arange(1, n + 1, dtype=np.uint64) * np.uint64(GOLDEN)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


def rrc_params(rng, width, height, scale, ratio):
    """torchvision.transforms.RandomResizedCrop.get_params with Fovea's stream (row, then column)."""
    area = width * height
    log_ratio = (math.log(ratio[0]), math.log(ratio[1]))
    for _ in range(10):
        target = area * rng.uniform(*scale)
        aspect = math.exp(rng.uniform(*log_ratio))
        w = int(round(math.sqrt(target * aspect)))
        h = int(round(math.sqrt(target / aspect)))
        if 0 < w <= width and 0 < h <= height:
            i = rng.integer(height - h + 1)
            j = rng.integer(width - w + 1)
            return i, j, h, w
    in_ratio = width / height
    if in_ratio < min(ratio):
        w = width
        h = int(round(w / min(ratio)))
    elif in_ratio > max(ratio):
        h = height
        w = int(round(h * max(ratio)))
    else:
        w, h = width, height
    return (height - h) // 2, (width - w) // 2, h, w


def perspective_endpoints(rng, width, height, d):
    """torchvision.transforms.RandomPerspective.get_params with Fovea's stream."""
    hh, hw = height // 2, width // 2
    bh, bw = int(d * hh) + 1, int(d * hw) + 1
    tl = [rng.integer(bw), rng.integer(bh)]
    tr = [width - bw + rng.integer(bw), rng.integer(bh)]
    br = [width - bw + rng.integer(bw), height - bh + rng.integer(bh)]
    bl = [rng.integer(bw), height - bh + rng.integer(bh)]
    start = [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]]
    return start, [tl, tr, br, bl]


cases, blob = [], bytearray()


def add(case, out):
    case.update(offset=len(blob), length=out.nbytes, width=out.shape[1], height=out.shape[0])
    blob.extend(np.ascontiguousarray(out).tobytes())
    cases.append(case)


pil = Image.fromarray(rgb)
# Random resized crop: drawn from RandomStream(seed: s), Pillow's antialiased bilinear resize of the crop.
for seed, (ow, oh), scale, ratio in [
    (0, (24, 20), (0.08, 1.0), (3 / 4, 4 / 3)),
    (1, (24, 20), (0.08, 1.0), (3 / 4, 4 / 3)),
    (2, (56, 44), (0.08, 1.0), (3 / 4, 4 / 3)),
    (3, (16, 16), (0.3, 0.6), (0.5, 2.0)),
    (4, (24, 20), (0.9, 1.0), (5.0, 6.0)),  # no attempt fits: torchvision's centre-crop fallback
    (5, (24, 20), (1.0, 1.0), (W / H, W / H)),  # the whole image: the plain resize
]:
    i, j, h, w = rrc_params(Stream(seed), W, H, scale, ratio)
    out = np.asarray(pil.crop((j, i, j + w, i + h)).resize((ow, oh), Image.BILINEAR))
    add(dict(kind="resizedCrop", seed=seed, outputWidth=ow, outputHeight=oh, scale=list(scale), ratio=list(ratio),
             crop=[j, i, w, h]), out)

# Rotation about the centre (no draw), then a perspective: one homography, one cv2.warpPerspective.
for seed, degrees, d in [(0, 0.0, 0.5), (1, 20.0, 0.5), (2, -35.0, 0.3), (3, 10.0, 1.0)]:
    start, end = perspective_endpoints(Stream(seed), W, H, d)
    # torchvision's points are pixel-edge coordinates; OpenCV's (and Fovea's) pixel centres are ½ less.
    P = cv2.getPerspectiveTransform(np.float32(start) - 0.5, np.float32(end) - 0.5).astype(np.float64)
    A = np.vstack([cv2.getRotationMatrix2D(((W - 1) / 2, (H - 1) / 2), degrees, 1.0), [0, 0, 1]])
    M = P @ A
    out = cv2.warpPerspective(rgb, M, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    add(dict(kind="perspective", seed=seed, degrees=degrees, distortion=d, endpoints=end,
             matrix=M.tolist()), out)

# Elastic (Simard 2003): the seed is the stream's first value; uniforms 2u - 1 in float32 (dx for every
# pixel, then dy), OpenCV's float Gaussian (reflect-101), times alpha; bilinear pull-back with a black border.
for seed, alpha, sigma in [(0, 4.0, 3.0), (1, 8.0, 4.0), (2, 2.0, 1.5), (3, 20.0, 6.0)]:  # σ = 6: kernel 49 > 40 px
    field_seed = Stream(seed).next()
    u = units(field_seed, 2 * W * H)
    raw = (2 * u - 1).astype(np.float32)
    dx = cv2.GaussianBlur(raw[: W * H].reshape(H, W), (0, 0), sigma, borderType=cv2.BORDER_REFLECT_101) * np.float32(alpha)
    dy = cv2.GaussianBlur(raw[W * H:].reshape(H, W), (0, 0), sigma, borderType=cv2.BORDER_REFLECT_101) * np.float32(alpha)
    coords = [yy + dy.astype(np.float64), xx + dx.astype(np.float64)]
    out = np.dstack([
        ndimage.map_coordinates(rgb[..., c].astype(np.float64), coords, order=1, mode="grid-constant", cval=0.0)
        for c in range(3)
    ]).round().clip(0, 255).astype(np.uint8)
    add(dict(kind="elastic", seed=seed, alpha=alpha, sigma=sigma, fieldSeed=str(field_seed),
             dxSample=[float(dx[0, 0]), float(dx[H // 2, W // 3]), float(dx[H - 1, W - 1])],
             dySample=[float(dy[0, 0]), float(dy[H // 2, W // 3]), float(dy[H - 1, W - 1])]), out)

rgb.tofile(os.path.join(here, "input_rgb_u8.raw"))
with open(os.path.join(here, "expected.bin"), "wb") as f:
    f.write(bytes(blob))
with open(os.path.join(here, "cases.json"), "w") as f:
    json.dump(dict(width=W, height=H, cases=cases), f, indent=1)
print(len(cases), "cases,", len(blob), "bytes")
