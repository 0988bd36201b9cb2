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
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = struct.pack(">6H", 2026, 1, 1, 0, 0, 0)  # a fixed creation date, so reruns give the same bytes
    profile[84:100] = bytes(16)  # profile ID 0: "not computed" (it hashed the date)
    return bytes(profile)

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

# ---------------------------------------------------------------------------------------------- TIFF
def tiff_fixtures():
    import tifffile
    h, w = 19, 23
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(4), indexing="ij")
    u8 = ((x * 7 + y * 13 + c * 57 + x * y) % 256).astype(np.uint8)
    u16 = ((x * 2311 + y * 4099 + c * 12345 + x * y * 31) % 65536).astype(np.uint16)
    f32 = ((x - 11.5) * 0.25 + y * 1.5 - c * 0.125 + np.where((x + y) % 7 == 0, 1e-30, 0)).astype(np.float32)
    f32[0, 0, :] = [-0.0, np.inf, -np.inf, 3.4e38]
    # Strips through Pillow (libtiff): every compression the issue names, 8-bit gray/RGB/RGBA, 16-bit and float gray.
    for compression, tag in ((None, "none"), ("tiff_lzw", "lzw"), ("tiff_adobe_deflate", "deflate"), ("packbits", "packbits")):
        for name, pixels, mode, layout in (("gray8", u8[:, :, 0], "L", "gray"), ("rgb8", u8[:, :, :3], "RGB", "rgb"),
                                           ("rgba8", u8, "RGBA", "rgba"), ("gray16", u16[:, :, 0], "I;16", "gray"),
                                           ("grayf32", f32[:, :, 0], "F", "gray")):
            rel = f"tiff/{name}_{tag}.tif"
            im = Image.fromarray(pixels); assert im.mode == mode, (rel, im.mode)
            im.save(out(rel), compression=compression, rowsperstrip=4)
            got = np.array(Image.open(out(rel)))
            assert got.tobytes() == pixels.tobytes(), rel  # bit-exact, NaN-free but with -0.0 and infinities
            expect(rel, pixels, layout)
    # Tiles, separate planes, 16-bit colour, float RGB, predictors, big-endian, min-is-white, multi-page: tifffile.
    cases = (
        ("rgb8_tiled_deflate", u8[:, :, :3], dict(tile=(16, 16), compression="zlib"), "rgb"),
        ("gray16_tiled", u16[:, :, 0], dict(tile=(16, 16)), "gray"),
        ("rgb16_deflate_predictor", u16[:, :, :3], dict(compression="zlib", predictor=True, rowsperstrip=5), "rgb"),
        ("rgba16_separate", u16, dict(planarconfig="separate", extrasamples=["unassalpha"], rowsperstrip=7), "rgba"),
        ("rgb8_separate_tiled", u8[:, :, :3], dict(planarconfig="separate", tile=(16, 16), compression="zlib"), "rgb"),
        ("rgbf32_deflate", f32[:, :, :3], dict(compression="zlib"), "rgb"),
        ("grayf32_tiled_bigendian", f32[:, :, 0], dict(tile=(16, 16), byteorder=">"), "gray"),
        ("gray16_bigendian", u16[:, :, 0], dict(byteorder=">"), "gray"),
    )
    for name, pixels, kwargs, layout in cases:
        rel = f"tiff/{name}.tif"
        photometric = "rgb" if pixels.ndim == 3 and pixels.shape[2] >= 3 else "minisblack"
        stored = np.ascontiguousarray(np.moveaxis(pixels, 2, 0)) if kwargs.get("planarconfig") == "separate" else pixels
        tifffile.imwrite(out(rel), stored, photometric=photometric, **kwargs)
        assert tifffile.imread(out(rel)).tobytes() == stored.tobytes(), rel
        expect(rel, pixels, layout)
    # Min-is-white 8-bit gray: Pillow inverts it to min-is-black.
    rel = "tiff/gray8_miniswhite.tif"
    tifffile.imwrite(out(rel), u8[:, :, 0], photometric="miniswhite")
    assert np.array_equal(np.array(Image.open(out(rel))), 255 - u8[:, :, 0]), rel
    expect(rel, 255 - u8[:, :, 0], "gray")
    # Palette and bilevel: libtiff's RGBA reader; Pillow's decode (P → RGB, 1 → L) is the expected one.
    rel = "tiff/palette8.tif"
    pal = Image.fromarray((u8[:, :, 0] % 16).astype(np.uint8), "P")
    pal.putpalette([(i * 37) % 256 if k == 0 else (i * 91 + 20) % 256 if k == 1 else (i * 151 + 7) % 256 for i in range(256) for k in range(3)])
    pal.save(out(rel), compression="tiff_lzw")
    expect(rel, np.array(Image.open(out(rel)).convert("RGB")), "rgb")
    rel = "tiff/bilevel.tif"
    Image.fromarray((u8[:, :, 0] > 128)).convert("1").save(out(rel), compression="packbits")
    expect(rel, np.array(Image.open(out(rel)).convert("L")), "gray")
    # Three pages (the first is decoded), and an ICC profile.
    rel = "tiff/three_pages.tif"
    with tifffile.TiffWriter(out(rel)) as tw:
        for page in range(3): tw.write((u8[:, :, 0] + page * 50).astype(np.uint8), photometric="minisblack")
    expect(rel, u8[:, :, 0], "gray")
    manifest[rel]["pages"] = 3
    rel = "tiff/rgb8_icc.tif"
    Image.fromarray(u8[:, :, :3]).save(out(rel), compression="tiff_adobe_deflate", icc_profile=srgb_profile())
    expect(rel, u8[:, :, :3], "rgb")
    # Damaged: cut in half; and a strip offset far past the end of the file.
    data = open(out("tiff/rgb8_lzw.tif"), "rb").read()
    open(out("bad/tiff_truncated.tif"), "wb").write(data[: len(data) // 2])
    # An absurd ImageWidth/ImageLength (65535 x 65535) in an otherwise valid file.
    data = bytearray(open(out("tiff/gray8_none.tif"), "rb").read())
    ifd = struct.unpack("<I", data[4:8])[0]
    for i in range(struct.unpack("<H", data[ifd:ifd + 2])[0]):
        entry = ifd + 2 + 12 * i
        tag, kind = struct.unpack("<HH", data[entry:entry + 4])
        if tag in (256, 257):
            data[entry + 8:entry + 12] = struct.pack("<H", 65535) + b"\0\0" if kind == 3 else struct.pack("<I", 65535)
    open(out("bad/tiff_huge.tif"), "wb").write(bytes(data))

# ---------------------------------------------------------------------------------------------- BMP
def write_bmp(rel, w, h, bits, rows, palette=None, top_down=False, compression=0, masks=None, header_size=40):
    """A BMP by hand (Pillow writes only a few variants): `rows` are the packed pixel rows, top first."""
    stride = (len(rows[0]) + 3) // 4 * 4
    body = b"".join(r + bytes(stride - len(r)) for r in (rows if top_down else rows[::-1]))
    pal = b"".join(bytes([b, g, r, 0]) for r, g, b in palette) if palette is not None else b""
    extra = b""
    if header_size == 124:  # BITMAPV5HEADER: masks at 54..69, colour space 'sRGB', the rest zero
        extra = struct.pack("<IIII", *masks) + b"BGRs" + bytes(124 - 40 - 20)
    dib = struct.pack("<IiiHHIIiiII", header_size, w, -h if top_down else h, 1, bits, compression, len(body), 2835, 2835,
                      len(palette) if palette is not None else 0, 0) + extra
    offset = 14 + len(dib) + len(pal)
    data = b"BM" + struct.pack("<IHHI", offset + len(body), 0, 0, offset) + dib + pal + body
    open(out(rel), "wb").write(data)
    return out(rel)

def pack_bits(indices, bits):
    out_row = bytearray()
    per = 8 // bits
    for i in range(0, len(indices), per):
        byte = 0
        for j in range(per):
            v = int(indices[i + j]) if i + j < len(indices) else 0
            byte |= v << (8 - bits * (j + 1))
        out_row.append(byte)
    return bytes(out_row)

def bmp_fixtures():
    h, w = 11, 13
    u8 = raw(8, 4, w, h).astype(np.uint8)
    colour = [((i * 37) % 256, (i * 91 + 20) % 256, (i * 151 + 7) % 256) for i in range(256)]
    cases = []
    for bits in (1, 4, 8):
        n = 1 << bits
        idx = (u8[:, :, 0].astype(np.int64) % n).astype(np.uint8)
        rows = [pack_bits(r, bits) if bits < 8 else bytes(r) for r in idx]
        cases.append((f"bmp/palette{bits}.bmp", dict(w=w, h=h, bits=bits, rows=rows, palette=colour[:n]), np.array(colour, np.uint8)[idx], "rgb"))
        grays = [(0, 0, 0), (255, 255, 255)] if n == 2 else [(i, i, i) for i in range(n)]
        want = np.array(grays, np.uint8)[idx][:, :, 0]
        cases.append((f"bmp/gray{bits}.bmp", dict(w=w, h=h, bits=bits, rows=rows, palette=grays), want, "gray"))
    rgb = u8[:, :, :3]
    bgr_rows = [bytes(r[:, ::-1].reshape(-1)) for r in rgb]
    cases.append(("bmp/rgb24.bmp", dict(w=w, h=h, bits=24, rows=bgr_rows), rgb, "rgb"))
    cases.append(("bmp/rgb24_topdown.bmp", dict(w=w, h=h, bits=24, rows=bgr_rows, top_down=True), rgb, "rgb"))
    bgrx = [bytes(np.concatenate([r[:, ::-1], u8[y, :, 3:4]], axis=1).reshape(-1)) for y, r in enumerate(rgb)]
    cases.append(("bmp/rgb32.bmp", dict(w=w, h=h, bits=32, rows=bgrx), rgb, "rgb"))
    cases.append(("bmp/rgba32_v5.bmp", dict(w=w, h=h, bits=32, rows=bgrx, compression=3, header_size=124,
                                            masks=(0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)), u8, "rgba"))
    for rel, kwargs, want, layout in cases:
        path = write_bmp(rel, **kwargs)
        if rel == "bmp/gray4.bmp":  # Pillow takes it for "L" but cannot unpack 4-bit "L" ("codec configuration error")
            expect(rel, want, layout); continue
        im = Image.open(path)
        got = np.array(im.convert({"gray": "L", "rgb": "RGB", "rgba": "RGBA"}[layout]))
        assert im.mode in {"gray": ("1", "L"), "rgb": ("P", "RGB"), "rgba": ("RGBA",)}[layout], (rel, im.mode)
        assert np.array_equal(got, want), rel
        expect(rel, want, layout)
    # Pillow's own 24-bit writer, and an RLE8 file (refused).
    Image.fromarray(rgb).save(out("bmp/pillow_rgb24.bmp")); expect("bmp/pillow_rgb24.bmp", rgb, "rgb")
    # The 8-bit palette file with its compression field saying RLE8 (1): refused, not misread.
    data = bytearray(open(out("bmp/palette8.bmp"), "rb").read()); data[30:34] = struct.pack("<I", 1)
    open(out("bad/bmp_rle8.bmp"), "wb").write(bytes(data))
    data = open(out("bmp/rgb24.bmp"), "rb").read(); open(out("bad/bmp_truncated.bmp"), "wb").write(data[:60])

# ---------------------------------------------------------------------------------------------- GIF
def gif_fixtures():
    rgb = photo(37, 29)
    pal_img = Image.fromarray(rgb).quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    for rel, kwargs in (("gif/palette.gif", {}), ("gif/palette_not_interlaced.gif", {"interlace": False}),
                        ("gif/transparent.gif", {"transparency": 3})):
        pal_img.save(out(rel), **kwargs)
        im = Image.open(out(rel))
        mode = "RGBA" if "transparency" in kwargs else "RGB"
        expect(rel, np.array(im.convert(mode)), mode.lower())
    rel = "gif/gray.gif"
    Image.fromarray(rgb[:, :, 1] // 4 * 4).save(out(rel), optimize=False)  # the full identity gray palette
    im = Image.open(out(rel)); assert im.mode == "L", im.mode
    expect(rel, np.array(im), "gray")
    frames = [pal_img, Image.fromarray(255 - rgb).quantize(colors=32), Image.fromarray(rgb[::-1].copy()).quantize(colors=32)]
    frames[0].save(out("gif/animated.gif"), save_all=True, append_images=frames[1:], duration=80, loop=0)
    im = Image.open(out("gif/animated.gif")); assert im.n_frames == 3
    expect("gif/animated.gif", np.array(im.convert("RGB")), "rgb")
    manifest["gif/animated.gif"]["frames"] = 3
    data = open(out("gif/palette.gif"), "rb").read(); open(out("bad/gif_truncated.gif"), "wb").write(data[: len(data) // 2])

def jpeg_icc_fixtures():
    """JPEGs with an ICC profile, written by Pillow (APP2 "ICC_PROFILE" markers): the sRGB profile in one marker,
    and a 70,000-byte profile (the sRGB one with its size field and padding grown) that Pillow splits over two. The
    expected profile bytes are icc/srgb.icc and icc/large.icc; Pillow reads each back."""
    rgb = photo(24, 16)
    small = srgb_profile()
    large = bytearray(small + bytes(70000 - len(small)))
    large[0:4] = struct.pack(">I", len(large))
    open(out("icc/large.icc"), "wb").write(bytes(large))
    for rel, image, profile in (("jpeg/rgb_icc.jpg", Image.fromarray(rgb), small),
                                ("jpeg/gray_icc_two_markers.jpg", Image.fromarray(rgb[:, :, 0]), bytes(large))):
        image.save(out(rel), quality=90, icc_profile=profile)
        assert Image.open(out(rel)).info["icc_profile"] == profile, rel
        data = open(out(rel), "rb").read()
        assert data.count(b"ICC_PROFILE\0") == (1 if profile is small else 2), rel

png_conformance_fixtures()
jpeg_icc_fixtures()
webp_fixtures()
tiff_fixtures()
bmp_fixtures()
gif_fixtures()
with open(out("manifest-formats.json"), "w") as f: json.dump(manifest, f, indent=1, sort_keys=True)
print(f"{len(manifest)} fixtures")
