"""Writes Fovea's codec fixtures and their expected pixels.

Run from the repository root with the peers' venv:  /tmp/fovea-peers/bin/python Fixtures/codecs/make_fixtures.py

Every image comes from a known formula. PNG files are written by the small encoder below (it covers the color
types, bit depths and Adam7 interlacing Pillow cannot write); JPEGs by Pillow (arithmetic coding by jpegtran);
PNM by hand; IDX and NPY by gzip/numpy. Expected pixels are the formula's values, and wherever Pillow can read
the file the script asserts that Pillow decodes exactly those values (for JPEG, the expected pixels ARE Pillow's
decode). Expected arrays go to expected/<name>.bin (uint16 little-endian for 16-bit) and are described in
manifest.json, so the Swift tests need no Python.
"""
import gzip, io, json, os, struct, subprocess, zlib
import numpy as np
from PIL import Image, ImageOps

ROOT = os.path.dirname(os.path.abspath(__file__))
manifest = {}

def out(rel):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path

def expect(rel, array, layout):
    """Record the expected decode of fixture `rel`: array H x W (x C), uint8 or uint16."""
    array = np.ascontiguousarray(array)
    name = rel.replace("/", "_").rsplit(".", 1)[0] + ".bin"
    with open(out("expected/" + name), "wb") as f:
        f.write(array.astype("<u2").tobytes() if array.dtype == np.uint16 else array.astype(np.uint8).tobytes())
    manifest[rel] = {"expected": "expected/" + name, "width": int(array.shape[1]), "height": int(array.shape[0]),
                     "layout": layout, "sampleType": "uint16" if array.dtype == np.uint16 else "uint8"}

# ---------------------------------------------------------------------------------------------- formulas
W, H = 13, 11

def raw(bits, channels, w=W, h=H):
    """The stored sample values: (x*7 + y*13 + c*57 + x*y) mod 2^bits, or a 16-bit spread for 16 bits."""
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(channels), indexing="ij")
    if bits == 16:
        v = (x * 2311 + y * 4099 + c * 12345 + x * y * 31) % 65536
        return v.astype(np.uint16)
    return ((x * 7 + y * 13 + c * 57 + x * y) % (1 << bits)).astype(np.uint16)

def scale8(v, bits):
    return (v.astype(np.int64) * 255 // ((1 << bits) - 1)).astype(np.uint8)

def palette(n):
    return np.array([[(i * 37) % 256, (i * 91 + 20) % 256, (i * 151 + 7) % 256] for i in range(n)], np.uint8)

def trns_alpha(n):
    return np.array([(i * 53) % 256 for i in range(n)], np.uint8)

# ---------------------------------------------------------------------------------------------- PNG encoder
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

def pack_rows(samples, bits):
    """samples: h x (w*channels) ints -> list of packed row bytes."""
    rows = []
    for row in samples:
        if bits == 16:
            rows.append(b"".join(struct.pack(">H", int(v)) for v in row))
        elif bits == 8:
            rows.append(bytes(int(v) for v in row))
        else:
            per = 8 // bits; out = bytearray()
            for i in range(0, len(row), per):
                byte = 0
                for j in range(per):
                    v = int(row[i + j]) if i + j < len(row) else 0
                    byte |= v << (8 - bits * (j + 1))
                out.append(byte)
            rows.append(bytes(out))
    return rows

def paeth(a, b, c):
    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)

def filter_row(kind, row, prior, bpp):
    """PNG filter `kind` (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) applied to one packed row."""
    out = bytearray()
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prior[i] if prior is not None else 0
        c = prior[i - bpp] if prior is not None and i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out.append((x - pred) % 256)
    return bytes(out)

def write_png(rel, samples, bits, color_type, plte=None, trns=None, interlace=False, filters=False):
    """samples: H x W x C stored values (palette indices for color type 3). With `filters`, row y uses filter y mod 5
    (or filters[y] when `filters` is a list)."""
    h, w, c = samples.shape
    bpp = max(1, c * bits // 8)
    data = bytearray()
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        sub = samples[y0::dy, x0::dx, :]
        if sub.shape[0] == 0 or sub.shape[1] == 0: continue
        prior = None
        for y, r in enumerate(pack_rows(sub.reshape(sub.shape[0], -1), bits)):
            kind = filters[y] if isinstance(filters, list) else (y % 5 if filters else 0)
            data += bytes([kind]) + filter_row(kind, r, prior, bpp)
            prior = r
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bits, color_type, 0, 0, 1 if interlace else 0))
    if plte is not None: png += chunk(b"PLTE", plte.tobytes())
    if trns is not None: png += chunk(b"tRNS", trns)
    png += chunk(b"IDAT", zlib.compress(bytes(data), 9)) + chunk(b"IEND", b"")
    with open(out(rel), "wb") as f: f.write(png)
    return out(rel)

def pillow_array(path, mode=None):
    im = Image.open(path)
    if mode: im = im.convert(mode)
    return np.array(im)

def png_fixtures():
    # Gray at every depth: 1/2/4-bit expand to 8 bits by bit replication (v * 255 / (2^b - 1)).
    for bits in (1, 2, 4, 8, 16):
        for interlace in (False, True):
            if interlace and bits not in (1, 8, 16): continue
            rel = f"png/gray{bits}{'_adam7' if interlace else ''}.png"
            v = raw(bits, 1)
            path = write_png(rel, v, bits, 0, interlace=interlace)
            want = v[:, :, 0] if bits == 16 else scale8(v[:, :, 0], bits)
            got = pillow_array(path) if bits == 16 else pillow_array(path, "L")
            assert np.array_equal(got.astype(np.int64), want.astype(np.int64)), rel
            expect(rel, want, "gray")
    # Gray with a tRNS chunk: its expected decode (with alpha) is recorded by make_format_fixtures.py.
    v = raw(8, 1); write_png("png/gray8_trns.png", v, 8, 0, trns=struct.pack(">H", 20))
    # Gray+alpha, RGB, RGBA at 8 and 16 bits.
    for name, ct, ch, layout, mode in (("graya", 4, 2, "grayAlpha", "LA"), ("rgb", 2, 3, "rgb", "RGB"), ("rgba", 6, 4, "rgba", "RGBA")):
        for bits in (8, 16):
            for interlace in (False, True):
                if interlace and name == "graya": continue
                rel = f"png/{name}{bits}{'_adam7' if interlace else ''}.png"
                v = raw(bits, ch)
                path = write_png(rel, v, bits, ct, interlace=interlace)
                if bits == 8:
                    assert np.array_equal(pillow_array(path, mode).reshape(H, W, ch), v.astype(np.uint8)), rel
                    expect(rel, v.astype(np.uint8), layout)
                else:
                    # Pillow reads 16-bit color as 8-bit (high byte); check that, expect the full 16 bits.
                    assert np.array_equal(pillow_array(path, mode).reshape(H, W, ch), (v >> 8).astype(np.uint8)), rel
                    expect(rel, v, layout)
    # Every filter type (row y uses filter y mod 5) at 1, 2, 3, 4, 6 and 8 bytes per pixel.
    for name, ct, ch, bits, layout, mode in (("gray8", 0, 1, 8, "gray", "L"), ("graya8", 4, 2, 8, "grayAlpha", "LA"),
                                             ("rgb8", 2, 3, 8, "rgb", "RGB"), ("rgba8", 6, 4, 8, "rgba", "RGBA"),
                                             ("gray16", 0, 1, 16, "gray", None), ("rgb16", 2, 3, 16, "rgb", None),
                                             ("rgba16", 6, 4, 16, "rgba", None), ("palette4", 3, 1, 4, "rgb", "RGB")):
        rel = f"png/{name}_filters.png"
        v = raw(bits, ch) % 16 if name == "palette4" else raw(bits, ch)
        path = write_png(rel, v, bits, ct, plte=palette(16) if ct == 3 else None, filters=True)
        want = palette(16)[v[:, :, 0]] if ct == 3 else (v if bits == 16 else v.astype(np.uint8))
        if ch == 1 and ct != 3: want = want[:, :, 0]
        if mode: assert np.array_equal(pillow_array(path, mode).reshape(want.shape), want), rel
        elif ch == 1: assert np.array_equal(pillow_array(path), want), rel
        expect(rel, want, layout)
    # Runs of Paeth rows broken by the other filters (Fovea undoes four Paeth rows at once, eight for 8-bit gray),
    # at widths around its vector block sizes, with the row before each run unfiltered by another filter.
    runs = [4] * 9 + [1] + [4] * 4 + [2] + [4] * 3 + [3] + [4] * 8 + [0] + [4] * 5
    for name, ct, ch, bits, layout, mode in (("gray8", 0, 1, 8, "gray", "L"), ("graya8", 4, 2, 8, "grayAlpha", "LA"),
                                             ("rgb8", 2, 3, 8, "rgb", "RGB"), ("rgba8", 6, 4, 8, "rgba", "RGBA"),
                                             ("gray16", 0, 1, 16, "gray", None), ("rgb16", 2, 3, 16, "rgb", None)):
        for w in (1, 2, 7, 9, 16, 17, 33):
            rel = f"png/{name}_paeth_runs_w{w}.png"
            v = raw(bits, ch, w, len(runs))
            path = write_png(rel, v, bits, ct, filters=runs)
            want = v if bits == 16 else v.astype(np.uint8)
            if ch == 1: want = want[:, :, 0]
            if mode: assert np.array_equal(pillow_array(path, mode).reshape(want.shape), want), rel
            elif ch == 1: assert np.array_equal(pillow_array(path), want), rel
            expect(rel, want, layout)
    # Palette at every depth, with and without tRNS (shorter than the palette: the rest stays opaque).
    for bits in (1, 2, 4, 8):
        n = 1 << bits if bits < 8 else 200
        for with_trns in (False, True):
            for interlace in (False, True):
                if interlace and bits != 4: continue
                rel = f"png/palette{bits}{'_trns' if with_trns else ''}{'_adam7' if interlace else ''}.png"
                idx = raw(bits, 1) % n
                pal = palette(n)
                ntrns = max(1, n - 1) if bits > 1 else 1
                alpha = np.full(n, 255, np.uint8); alpha[:ntrns] = trns_alpha(ntrns)
                path = write_png(rel, idx, bits, 3, plte=pal, trns=alpha[:ntrns].tobytes() if with_trns else None, interlace=interlace)
                rgb = pal[idx[:, :, 0]]
                want = np.concatenate([rgb, alpha[idx[:, :, 0]][:, :, None]], axis=2) if with_trns else rgb
                got = pillow_array(path, "RGBA" if with_trns else "RGB")
                assert np.array_equal(got, want), rel
                expect(rel, want, "rgba" if with_trns else "rgb")
    # Bad files: an absurd IHDR (40000 x 40000) with valid CRCs and a token IDAT.
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40000, 40000, 8, 0, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    with open(out("bad/huge.png"), "wb") as f: f.write(png)

# ---------------------------------------------------------------------------------------------- JPEG
def photo(w, h):
    """A smooth colourful pattern (JPEG-friendly) with some edges."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 128 + 100 * np.sin(x / 5.0) * np.cos(y / 7.0)
    g = 128 + 90 * np.cos((x + y) / 9.0)
    b = np.where((x // 8 + y // 8) % 2 == 0, 60.0, 200.0)
    return np.clip(np.stack([r, g, b], axis=2), 0, 255).astype(np.uint8)

YCCK_WRITER = r"""
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>
int main(int argc, char **argv) {  /* ycck OUT W H < raw CMYK bytes (inverted, as Adobe/Pillow store them) */
    int w = atoi(argv[2]), h = atoi(argv[3]);
    unsigned char *pixels = malloc((size_t)w * h * 4);
    if (fread(pixels, 4, (size_t)w * h, stdin) != (size_t)w * h) return 1;
    struct jpeg_compress_struct c; struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e); jpeg_create_compress(&c);
    FILE *f = fopen(argv[1], "wb"); jpeg_stdio_dest(&c, f);
    c.image_width = w; c.image_height = h; c.input_components = 4; c.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&c); jpeg_set_colorspace(&c, JCS_YCCK); jpeg_set_quality(&c, 90, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) { JSAMPROW row = pixels + (size_t)c.next_scanline * w * 4; jpeg_write_scanlines(&c, &row, 1); }
    jpeg_finish_compress(&c); fclose(f); return 0;
}
"""

def write_ycck(path, cmyk):
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "ycck.c"), os.path.join(tmp, "ycck")
        open(src, "w").write(YCCK_WRITER)
        subprocess.run(["cc", "-O1", "-o", exe, src, "-ljpeg"], check=True)
        inverted = (255 - cmyk).astype(np.uint8)
        subprocess.run([exe, path, str(cmyk.shape[1]), str(cmyk.shape[0])], input=inverted.tobytes(), check=True)

def jpeg_fixtures():
    rgb = Image.fromarray(photo(37, 29))
    for sub, tag in ((2, "420"), (1, "422"), (0, "444")):
        rel = f"jpeg/rgb_{tag}.jpg"; rgb.save(out(rel), quality=90, subsampling=sub)
        expect(rel, pillow_array(out(rel), "RGB"), "rgb")
    rel = "jpeg/rgb_progressive.jpg"; rgb.save(out(rel), quality=85, progressive=True)
    assert Image.open(out(rel)).info.get("progressive") or Image.open(out(rel)).info.get("progression")
    expect(rel, pillow_array(out(rel), "RGB"), "rgb")
    rel = "jpeg/gray.jpg"; rgb.convert("L").save(out(rel), quality=90)
    assert Image.open(out(rel)).mode == "L"; expect(rel, pillow_array(out(rel)), "gray")
    rel = "jpeg/cmyk.jpg"; Image.fromarray(np.concatenate([photo(37, 29), photo(37, 29)[:, :, :1] // 3], axis=2), "CMYK").save(out(rel), quality=90)
    assert Image.open(out(rel)).mode == "CMYK"; expect(rel, pillow_array(out(rel), "RGB"), "rgb")
    # YCCK: Pillow cannot write it, so a few lines of C against the system libjpeg encode the same CMYK samples
    # with jpeg_set_colorspace(JCS_YCCK) (Adobe marker, transform 2); Pillow decodes it as CMYK like any Adobe file.
    cmyk = np.concatenate([photo(37, 29), photo(37, 29)[:, :, :1] // 3], axis=2)
    rel = "jpeg/ycck.jpg"; write_ycck(out(rel), cmyk)
    im = Image.open(out(rel)); assert im.mode == "CMYK" and im.info.get("adobe_transform") == 2
    expect(rel, pillow_array(out(rel), "RGB"), "rgb")
    # Arithmetic coding: jpegtran re-encodes the baseline file's coefficients losslessly.
    rel = "jpeg/rgb_arithmetic.jpg"
    subprocess.run(["jpegtran", "-arithmetic", "-outfile", out(rel), out("jpeg/rgb_420.jpg")], check=True)
    expect(rel, pillow_array(out(rel), "RGB"), "rgb")
    # EXIF orientation 2-8 on a non-square image; expected = Pillow's exif_transpose.
    small = Image.fromarray(photo(16, 8))
    for orientation in range(1, 9):
        exif = Image.Exif(); exif[0x0112] = orientation
        rel = f"jpeg/exif{orientation}.jpg"; small.save(out(rel), quality=95, subsampling=0, exif=exif.tobytes())
        im = Image.open(out(rel)); assert im.getexif().get(0x0112) == orientation
        expect(rel, np.array(ImageOps.exif_transpose(im).convert("RGB")), "rgb")
    # Truncated progressive file (the scans stop half-way) and an absurd SOF (65000 x 65000).
    data = open(out("jpeg/rgb_progressive.jpg"), "rb").read()
    with open(out("bad/truncated_progressive.jpg"), "wb") as f: f.write(data[: len(data) // 2])
    data = bytearray(open(out("jpeg/gray.jpg"), "rb").read())
    sof = data.index(b"\xff\xc0"); data[sof + 5:sof + 9] = struct.pack(">HH", 65000, 65000)
    with open(out("bad/huge.jpg"), "wb") as f: f.write(bytes(data))

# ---------------------------------------------------------------------------------------------- PNM
def pnm_fixtures():
    w, h = 7, 5
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing="ij")
    def values(maxval, ch):
        return ((x * 37 + y * 101 + c * 59 + x * y * 7) % (maxval + 1))[:, :, :ch]
    def text(v):
        return "\n".join(" ".join(str(int(s)) for s in row) for row in v.reshape(v.shape[0], -1)) + "\n"
    def save(rel, data, want, layout, pillow_mode=None):
        with open(out(rel), "wb") as f: f.write(data)
        if pillow_mode:
            got = np.array(Image.open(out(rel)).convert(pillow_mode) if pillow_mode in ("L", "RGB") else Image.open(out(rel)))
            assert np.array_equal(got.reshape(want.shape).astype(np.int64), want.astype(np.int64)), rel
        expect(rel, want, layout)
    def scaled(v, maxval, target):
        return np.vectorize(lambda s: round(s / maxval * target))(v)
    bits = (x[:, :, 0] + y[:, :, 0] * 2) % 3 == 0  # 1 = black
    white = np.where(bits, 0, 255).astype(np.uint8)
    p1 = "P1\n# a comment\n%d %d\n" % (w, h) + "\n".join("".join("1" if b else "0" for b in row) for row in bits) + "\n"
    save("pnm/bitmap_ascii.pbm", p1.encode(), white, "gray", "L")
    packed = b"".join(np.packbits(row).tobytes() for row in bits)
    save("pnm/bitmap.pbm", b"P4 %d %d\n" % (w, h) + packed, white, "gray", "L")
    v = values(255, 1); save("pnm/gray_ascii.pgm", ("P2\n%d %d\n255\n" % (w, h) + text(v)).encode(), v[:, :, 0].astype(np.uint8), "gray", "L")
    v = values(255, 1); save("pnm/gray.pgm", b"P5\n%d %d\n255\n" % (w, h) + v.astype(np.uint8).tobytes(), v[:, :, 0].astype(np.uint8), "gray", "L")
    v = values(100, 1); save("pnm/gray_maxval100.pgm", b"P5 %d %d 100\n" % (w, h) + v.astype(np.uint8).tobytes(),
                              scaled(v[:, :, 0], 100, 255).astype(np.uint8), "gray", "L")
    v = values(65535, 1) * 641 % 65536
    save("pnm/gray16.pgm", b"P5\n%d %d\n65535\n" % (w, h) + v.astype(">u2").tobytes(), v[:, :, 0].astype(np.uint16), "gray", "I")
    v = values(1000, 1); save("pnm/gray_ascii_maxval1000.pgm", ("P2\n%d %d\n1000\n" % (w, h) + text(v)).encode(),
                              scaled(v[:, :, 0], 1000, 65535).astype(np.uint16), "gray", "I")
    v = values(255, 3); save("pnm/rgb_ascii.ppm", ("P3\n%d %d\n255\n" % (w, h) + text(v)).encode(), v.astype(np.uint8), "rgb", "RGB")
    v = values(255, 3); save("pnm/rgb.ppm", b"P6\n%d %d\n255\n" % (w, h) + v.astype(np.uint8).tobytes(), v.astype(np.uint8), "rgb", "RGB")
    v = values(4095, 3); save("pnm/rgb_maxval4095.ppm", b"P6\n%d %d\n4095\n" % (w, h) + v.astype(">u2").tobytes(),
                              scaled(v, 4095, 65535).astype(np.uint16), "rgb")
    with open(out("bad/truncated.ppm"), "wb") as f: f.write(b"P6\n7 5\n255\n" + bytes(50))

# ---------------------------------------------------------------------------------------------- IDX and NPY
def idx_fixtures():
    n, h, w = 3, 4, 5
    images = (np.arange(n * h * w) * 17 % 256).astype(np.uint8).reshape(n, h, w)
    data = bytes([0, 0, 8, 3]) + struct.pack(">III", n, h, w) + images.tobytes()
    open(out("idx/images-idx3-ubyte"), "wb").write(data)
    open(out("idx/images-idx3-ubyte.gz"), "wb").write(gzip.compress(data, mtime=0))
    labels = bytes([7, 2, 1, 0, 4, 1, 4, 9])
    open(out("idx/labels-idx1-ubyte.gz"), "wb").write(gzip.compress(bytes([0, 0, 8, 1]) + struct.pack(">I", len(labels)) + labels, mtime=0))
    for i in range(n): expect(f"idx/images-idx3-ubyte#{i}", images[i], "gray")
    open(out("bad/truncated-idx3-ubyte.gz"), "wb").write(gzip.compress(data, mtime=0)[:-30])
    # Facts about the real MNIST subset the integrator bundles (Fixtures/mnist), read with Python's gzip.
    mnist = os.path.join(ROOT, "..", "mnist")
    lab = gzip.open(os.path.join(mnist, "mnist4k-labels-idx1-ubyte.gz")).read()
    img = gzip.open(os.path.join(mnist, "mnist4k-images-idx3-ubyte.gz")).read()
    first = np.frombuffer(img[16:16 + 784], np.uint8)
    manifest["mnist"] = {"count": struct.unpack(">I", lab[4:8])[0], "firstLabels": list(lab[8:18]),
                         "firstImageSum": int(first.sum()), "firstImageCenter": int(first[14 * 28 + 14])}

def npy_fixtures():
    h, w = 6, 5
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing="ij")
    arrays = {
        "u1_gray": ((x * 31 + y * 7)[:, :, 0] % 256).astype(np.uint8),
        "u2_rgb": ((x * 2311 + y * 4099 + c * 12345) % 65536).astype(np.uint16),
        "i2_gray": ((x * 3001 - y * 7919)[:, :, 0] % 65536 - 32768).astype(np.int16),
        "f4_rgb": ((x - 2.5) * 0.25 + y * 1.5 - c * 0.125).astype(np.float32),
    }
    for name, a in arrays.items():
        np.save(out(f"npy/{name}.npy"), a)
        open(out(f"expected/npy_{name}.bin"), "wb").write(a.astype(a.dtype.newbyteorder("<")).tobytes())
        manifest[f"npy/{name}.npy"] = {"expected": f"expected/npy_{name}.bin", "shape": list(a.shape), "dtype": a.dtype.str[1:]}
    # Big-endian, Fortran-order and version-2 variants of u2_rgb: same values.
    a = arrays["u2_rgb"]
    np.save(out("npy/u2_rgb_bigendian.npy"), a.astype(">u2"))
    np.save(out("npy/u2_rgb_fortran.npy"), np.asfortranarray(a))
    with open(out("npy/u2_rgb_v2.npy"), "wb") as f: np.lib.format.write_array(f, a, version=(2, 0))
    for v in ("bigendian", "fortran", "v2"):
        assert np.array_equal(np.load(out(f"npy/u2_rgb_{v}.npy")), a)
        manifest[f"npy/u2_rgb_{v}.npy"] = manifest["npy/u2_rgb.npy"]

png_fixtures(); jpeg_fixtures(); pnm_fixtures(); idx_fixtures(); npy_fixtures()
with open(out("manifest.json"), "w") as f: json.dump(manifest, f, indent=1, sort_keys=True)
print(f"{len(manifest)} fixtures")
