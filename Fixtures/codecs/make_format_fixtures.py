"""Writes the codec fixtures of issue 19 and their expected pixels: PNG conformance (tRNS on gray and RGB, IHDR
methods, IDAT streams that go on past the image data), WebP, TIFF, BMP and GIF.

Run from the repository root with the peers' venv:  /tmp/fovea-peers/bin/python Fixtures/codecs/make_format_fixtures.py

Like make_fixtures.py: every image comes from a known formula, expected pixels go to expected/<name>.bin (uint16
little-endian for 16-bit, float32 little-endian for float) and are described in manifest-formats.json, and
wherever a peer (Pillow, or OpenCV, which reads PNG through libpng) can read the file the script asserts that it
decodes to exactly those pixels. The tests read both manifests; this script never touches manifest.json.
"""
import json, os, struct, zlib
import numpy as np
import cv2
from PIL import Image

ROOT = os.path.dirname(os.path.abspath(__file__))
manifest = {}

def out(rel):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path

def expect(rel, array, layout):
    """Record the expected decode of fixture `rel`: array H x W (x C) of uint8, uint16 or float32."""
    array = np.ascontiguousarray(array)
    name = rel.replace("/", "_").rsplit(".", 1)[0] + ".bin"
    kinds = {np.dtype(np.uint8): ("uint8", "u1"), np.dtype(np.uint16): ("uint16", "<u2"), np.dtype(np.float32): ("float32", "<f4")}
    sample_type, dtype = kinds[array.dtype]
    with open(out("expected/" + name), "wb") as f: f.write(array.astype(dtype).tobytes())
    manifest[rel] = {"expected": "expected/" + name, "width": int(array.shape[1]), "height": int(array.shape[0]),
                     "layout": layout, "sampleType": sample_type}

W, H = 13, 11

def raw(bits, channels, w=W, h=H):
    """Stored sample values (the formula of make_fixtures.py): (x*7 + y*13 + c*57 + x*y) mod 2^bits, or a 16-bit spread."""
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(channels), indexing="ij")
    if bits == 16:
        return ((x * 2311 + y * 4099 + c * 12345 + x * y * 31) % 65536).astype(np.uint16)
    return ((x * 7 + y * 13 + c * 57 + x * y) % (1 << bits)).astype(np.uint16)

# ---------------------------------------------------------------------------------------------- PNG writer
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

def pack_rows(samples, bits):
    rows = []
    for row in samples:
        if bits == 16: rows.append(b"".join(struct.pack(">H", int(v)) for v in row))
        elif bits == 8: rows.append(bytes(int(v) for v in row))
        else:
            per, packed = 8 // bits, bytearray()
            for i in range(0, len(row), per):
                byte = 0
                for j in range(per):
                    v = int(row[i + j]) if i + j < len(row) else 0
                    byte |= v << (8 - bits * (j + 1))
                packed.append(byte)
            rows.append(bytes(packed))
    return rows

def image_data(samples, bits, interlace=False):
    """The uncompressed IDAT payload (filter type 0 on every row) of H x W x C stored samples."""
    data = bytearray()
    for x0, y0, dx, dy in (ADAM7 if interlace else [(0, 0, 1, 1)]):
        sub = samples[y0::dy, x0::dx, :]
        if sub.shape[0] == 0 or sub.shape[1] == 0: continue
        for r in pack_rows(sub.reshape(sub.shape[0], -1), bits): data += b"\x00" + r
    return bytes(data)

def write_png(rel, samples, bits, color_type, plte=None, trns=None, interlace=False, compression=0, filter_method=0,
              idat=None):
    h, w, _ = samples.shape
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bits, color_type, compression, filter_method, 1 if interlace else 0))
    if plte is not None: png += chunk(b"PLTE", plte.tobytes())
    if trns is not None: png += chunk(b"tRNS", trns)
    png += chunk(b"IDAT", idat if idat is not None else zlib.compress(image_data(samples, bits, interlace), 9)) + chunk(b"IEND", b"")
    with open(out(rel), "wb") as f: f.write(png)
    return out(rel)

def with_alpha(gray_or_rgb, transparent, opaque):
    """libpng's png_set_tRNS_to_alpha: alpha 0 where every stored sample equals the tRNS colour, else `opaque`."""
    match = np.all(gray_or_rgb == np.array(transparent).reshape(1, 1, -1), axis=2)
    return np.where(match, 0, opaque)

def png_conformance_fixtures():
    # PngSuite t*-style: gray at 1/2/4/8/16 bits and RGB at 8/16 bits with a tRNS colour that occurs in the image
    # (and one RGB file whose tRNS colour never occurs: the alpha channel is still added, all opaque).
    for bits in (1, 2, 4, 8, 16):
        for interlace in ((False, True) if bits in (8, 16) else (False,)):
            rel = f"png/trns_gray{bits}{'_adam7' if interlace else ''}.png"
            v = raw(bits, 1)
            key = int(v[3, 5, 0])
            path = write_png(rel, v, bits, 0, trns=struct.pack(">H", key), interlace=interlace)
            alpha = with_alpha(v, [key], 65535 if bits == 16 else 255)
            gray = v[:, :, 0] if bits == 16 else (v[:, :, 0].astype(np.int64) * 255 // ((1 << bits) - 1))
            want = np.stack([gray, alpha], axis=2).astype(np.uint16 if bits == 16 else np.uint8)
            assert (alpha == 0).sum() > 0, rel
            if bits in (1, 8):
                # Pillow gives the same alpha for 1- and 8-bit gray (it leaves 2/4-bit keys unscaled and clips
                # 16-bit gray to 8 bits on convert, so those are checked against the formula only).
                assert np.array_equal(np.array(Image.open(path).convert("LA")), want), rel
            expect(rel, want, "grayAlpha")
    for bits in (8, 16):
        for variant in ("", "_adam7", "_unused"):
            rel = f"png/trns_rgb{bits}{variant}.png"
            v = raw(bits, 3)
            key = [int(s) for s in v[4, 6]] if variant != "_unused" else [1, 2, 3]
            assert variant != "_unused" or not np.all(v == np.array(key), axis=2).any()
            path = write_png(rel, v, bits, 2, trns=struct.pack(">HHH", *key), interlace=variant == "_adam7")
            alpha = with_alpha(v, key, 65535 if bits == 16 else 255)
            want = np.concatenate([v, alpha[:, :, None]], axis=2).astype(np.uint16 if bits == 16 else np.uint8)
            # OpenCV reads through libpng with png_set_tRNS_to_alpha (BGRA order).
            assert np.array_equal(cv2.cvtColor(cv2.imread(path, cv2.IMREAD_UNCHANGED), cv2.COLOR_BGRA2RGBA), want), rel
            if bits == 8: assert np.array_equal(np.array(Image.open(path).convert("RGBA")), want), rel
            expect(rel, want, "rgba")
    # gray8_trns.png of make_fixtures.py (same bytes), now expected with its alpha; its old gray-only entry was
    # dropped from manifest.json.
    v = raw(8, 1); path = write_png("png/gray8_trns.png", v, 8, 0, trns=struct.pack(">H", 20))
    want = np.stack([v[:, :, 0], with_alpha(v, [20], 255)], axis=2).astype(np.uint8)
    assert np.array_equal(np.array(Image.open(path).convert("LA")), want); expect("png/gray8_trns.png", want, "grayAlpha")

    # IHDR compression or filter method other than 0: libpng refuses both (OpenCV's imread returns None).
    v = raw(8, 1)
    for rel, kwargs in (("bad/png_ihdr_compression1.png", {"compression": 1}), ("bad/png_ihdr_filter1.png", {"filter_method": 1})):
        path = write_png(rel, v, 8, 0, **kwargs)
        assert cv2.imread(path, cv2.IMREAD_UNCHANGED) is None, rel

    # A zlib stream that goes on for 32 MiB of zeros past the end of the image data (~32 KB file): decoders
    # stop at the end of the image (libpng: "Extra compressed data" warning), so the pixels are the image's.
    for name, bits, ct, ch, plte, interlace in (("gray8", 8, 0, 1, None, False), ("rgb8_adam7", 8, 2, 3, None, True),
                                                ("palette8", 8, 3, 1, (np.arange(768) * 7 % 256).astype(np.uint8), False)):
        rel = f"png/extra_idat_{name}.png"
        v = raw(bits, ch) % 256
        compressor = zlib.compressobj(9)
        stream = compressor.compress(image_data(v, bits, interlace))
        for _ in range(32): stream += compressor.compress(bytes(1 << 20))
        stream += compressor.flush()
        path = write_png(rel, v, bits, ct, plte=plte, interlace=interlace, idat=stream)
        want = v.astype(np.uint8)
        if ct == 3: want = plte.reshape(256, 3)[v[:, :, 0]]
        if ch == 1 and ct != 3: want = want[:, :, 0]
        got = np.array(Image.open(path).convert("RGB" if ct == 3 else None))
        assert np.array_equal(got, want), rel
        expect(rel, want, "rgb" if ct in (2, 3) else "gray")
        # The same image whose stream goes on with 64 KiB of incompressible bytes (so 64 KiB of input, more than
        # libpng's 8 KiB reads) and then turns into garbage (0xFF: a reserved block type): a decoder that stops at
        # the end of the image never reaches it, one that inflates on fails.
        rel = f"png/extra_idat_{name}_then_corrupt.png"
        compressor = zlib.compressobj(9)
        noise = np.random.default_rng(19).integers(0, 256, 1 << 16, dtype=np.uint8).tobytes()
        stream = compressor.compress(image_data(v, bits, interlace)) + compressor.compress(noise)
        stream += compressor.flush(zlib.Z_FULL_FLUSH) + b"\xff" * 64
        path = write_png(rel, v, bits, ct, plte=plte, interlace=interlace, idat=stream)
        try:
            zlib.decompress(stream); raise AssertionError(rel + " inflates")
        except zlib.error: pass
        got = np.array(Image.open(path).convert("RGB" if ct == 3 else None))
        assert np.array_equal(got, want), rel
        expect(rel, want, "rgb" if ct in (2, 3) else "gray")

# ---------------------------------------------------------------------------------------------- WebP
def photo(w, h):
    """A smooth colourful pattern with some edges (the one make_fixtures.py uses for JPEG)."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 128 + 100 * np.sin(x / 5.0) * np.cos(y / 7.0)
    g = 128 + 90 * np.cos((x + y) / 9.0)
    b = np.where((x // 8 + y // 8) % 2 == 0, 60.0, 200.0)
    return np.clip(np.stack([r, g, b], axis=2), 0, 255).astype(np.uint8)

def photo_alpha(w, h):
    """`photo` with an alpha ramp that is 0 (fully transparent) in the first columns."""
    y, x = np.mgrid[0:h, 0:w]
    alpha = np.clip((x - 3) * 255 // max(1, w - 4), 0, 255).astype(np.uint8)
    return np.concatenate([photo(w, h), alpha[:, :, None]], axis=2)

def srgb_profile():
    """LittleCMS's built-in sRGB profile through Pillow (description "sRGB built-in")."""
    from PIL import ImageCms
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

def webp_fixtures():
    rgb, rgba = photo(37, 29), photo_alpha(37, 29)
    # Lossy: the expected pixels are Pillow's decode (Fovea must match within one level: libwebp versions differ).
    for rel, pixels, layout, kwargs in (("webp/lossy_rgb.webp", rgb, "rgb", {"quality": 80}),
                                        ("webp/lossy_rgba.webp", rgba, "rgba", {"quality": 80}),
                                        ("webp/lossy_rgb_icc.webp", rgb, "rgb", {"quality": 90, "icc_profile": srgb_profile()})):
        Image.fromarray(pixels).save(out(rel), "WEBP", **kwargs)
        decoded = Image.open(out(rel)); assert decoded.mode == layout.upper(), rel
        expect(rel, np.array(decoded), layout)
    # Lossless (exact: the colour under transparent pixels is kept): the formula's pixels, and Pillow agrees.
    for rel, pixels, layout in (("webp/lossless_rgb.webp", rgb, "rgb"), ("webp/lossless_rgba.webp", rgba, "rgba")):
        Image.fromarray(pixels).save(out(rel), "WEBP", lossless=True, exact=True)
        assert np.array_equal(np.array(Image.open(out(rel))), pixels), rel
        expect(rel, pixels, layout)
    # An animation (refused), and a lossy file cut in half.
    frames = [Image.fromarray(rgb), Image.fromarray(255 - rgb)]
    frames[0].save(out("webp/animated.webp"), "WEBP", save_all=True, append_images=frames[1:], duration=100, lossless=True)
    assert getattr(Image.open(out("webp/animated.webp")), "n_frames", 1) == 2
    data = open(out("webp/lossy_rgb.webp"), "rb").read()
    open(out("bad/webp_truncated.webp"), "wb").write(data[: len(data) // 2])
    manifest["webp/lossy_rgb_icc.webp"]["icc"] = {"size": len(srgb_profile()), "name": "sRGB built-in"}
    open(out("icc/srgb.icc"), "wb").write(srgb_profile())

png_conformance_fixtures()
webp_fixtures()
with open(out("manifest-formats.json"), "w") as f: json.dump(manifest, f, indent=1, sort_keys=True)
print(f"{len(manifest)} fixtures")
