#!/usr/bin/env python3
"""Builds Fixtures/corrupt/: broken files made from the valid fixtures in Fixtures/codecs, one defect each.

Run from the repository root: python3 Fixtures/corrupt/make_corrupt.py (standard library only).
Every file here must make Fovea's decoders throw a typed error that names the file -- never crash, hang,
exit() or allocate more than the pixel limit allows. The list of files and the defect each one carries is
written to Fixtures/corrupt/MANIFEST.tsv so the tests can say what failed to be rejected.
"""
import gzip, os, struct, zlib

ROOT = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(ROOT, "..", "codecs")
out = []

def read(rel):
    with open(os.path.join(SRC, rel), "rb") as f:
        return f.read()

def emit(name, data, defect):
    with open(os.path.join(ROOT, name), "wb") as f:
        f.write(data)
    out.append((name, defect))

def png_chunks(data):
    pos, chunks = 8, []
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunks.append((pos, length, kind))
        pos += 12 + length
    return chunks

def png_chunk(kind, payload, crc=None):
    c = zlib.crc32(kind + payload) & 0xFFFFFFFF if crc is None else crc
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", c)

# --- PNG -------------------------------------------------------------------------------------------------
png = read("png/rgb8.png")
chunks = png_chunks(png)
ihdr = next(c for c in chunks if c[2] == b"IHDR")
idat = next(c for c in chunks if c[2] == b"IDAT")
for frac in (0.05, 0.3, 0.6, 0.95):
    emit(f"png-truncated-{int(frac * 100)}.png", png[:int(len(png) * frac)], f"truncated at {int(frac * 100)}%")
emit("png-no-iend.png", png[:chunks[-1][0]], "IEND chunk missing")
b = bytearray(png); b[ihdr[0] + 8 + 16] ^= 0xFF  # bit depth byte of IHDR (CRC now wrong too)
emit("png-ihdr-flipped.png", bytes(b), "flipped byte in the IHDR chunk (bad CRC)")
b = bytearray(png); b[idat[0] + 8 + idat[1] + 1] ^= 0x55  # IDAT CRC
emit("png-idat-bad-crc.png", bytes(b), "wrong CRC on IDAT")
b = bytearray(png); b[idat[0] + 8 + 2:idat[0] + 8 + 10] = b"\xff" * 8
b[idat[0] + 8 + idat[1]:idat[0] + 12 + idat[1]] = struct.pack(">I", zlib.crc32(bytes(b[idat[0] + 4:idat[0] + 8 + idat[1]])) & 0xFFFFFFFF)
emit("png-idat-garbage.png", bytes(b), "IDAT deflate stream overwritten (valid CRC)")
huge_ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
emit("png-absurd-dimensions.png", png[:8] + png_chunk(b"IHDR", huge_ihdr) + png[ihdr[0] + 25:], "IHDR says 100000x100000 (10 gigapixels)")
zero_ihdr = struct.pack(">IIBBBBB", 0, 16, 8, 2, 0, 0, 0)
emit("png-zero-width.png", png[:8] + png_chunk(b"IHDR", zero_ihdr) + png[ihdr[0] + 25:], "IHDR width 0")
bad_type = struct.pack(">IIBBBBB", 16, 16, 8, 7, 0, 0, 0)
emit("png-bad-color-type.png", png[:8] + png_chunk(b"IHDR", bad_type) + png[ihdr[0] + 25:], "IHDR color type 7")
emit("png-huge-ancillary.png", png[:ihdr[0] + 25] + struct.pack(">I", 0x7FFFFFF0) + b"tEXt" + b"Comment\0" * 4,
     "tEXt chunk announcing 2 GB, file ends")
emit("png-wrong-magic.png", b"\x89PNX" + png[4:], "signature damaged")

# --- JPEG ------------------------------------------------------------------------------------------------
jpg = read("jpeg/rgb_420.jpg")
sof = jpg.index(b"\xff\xc0")
sos = jpg.index(b"\xff\xda")
for frac in (0.02, 0.1, 0.5, 0.9):
    emit(f"jpeg-truncated-{int(frac * 100)}.jpg", jpg[:int(len(jpg) * frac)], f"truncated at {int(frac * 100)}%")
emit("jpeg-headers-only.jpg", jpg[:sos + 14], "ends right after the start of scan")
b = bytearray(jpg); b[sof + 5:sof + 9] = struct.pack(">HH", 65000, 65000)
emit("jpeg-absurd-dimensions.jpg", bytes(b), "SOF0 says 65000x65000 (4.2 gigapixels)")
b = bytearray(jpg); b[sof + 5:sof + 9] = struct.pack(">HH", 0, 0)
emit("jpeg-zero-dimensions.jpg", bytes(b), "SOF0 says 0x0")
b = bytearray(jpg); b[sof + 9] = 7
emit("jpeg-bad-component-count.jpg", bytes(b), "SOF0 with 7 components")
dqt = jpg.index(b"\xff\xdb")
b = bytearray(jpg); b[dqt + 2:dqt + 4] = struct.pack(">H", 0xFFFF)
emit("jpeg-dqt-length-lies.jpg", bytes(b), "DQT segment length runs past the end of the file")
emit("jpeg-wrong-magic.jpg", b"\xff\xd9" + jpg[2:], "starts with EOI instead of SOI")
emit("jpeg-only-soi.jpg", jpg[:2], "SOI marker and nothing else")

# --- PNM, IDX, NPY, empty ----------------------------------------------------------------------------------
ppm = read("pnm/rgb.ppm")
emit("pnm-truncated.ppm", ppm[:len(ppm) // 2], "P6 pixel data cut in half")
emit("pnm-absurd-dimensions.ppm", b"P6\n200000 200000\n255\n" + ppm[-300:], "P6 header says 200000x200000")
emit("pnm-maxval-zero.pgm", b"P5\n4 4\n0\n" + b"\0" * 16, "maxval 0")
emit("pnm-maxval-too-big.pgm", b"P5\n4 4\n70000\n" + b"\0" * 32, "maxval 70000 (> 65535)")
emit("pnm-negative-width.pgm", b"P2\n-4 4\n255\n" + b"0 " * 16, "width -4")
emit("pnm-ascii-garbage.pgm", b"P2\n2 2\n255\n1 2 x 4\n", "ASCII sample that is not a number")
idx = read("idx/images-idx3-ubyte")
emit("idx-truncated-idx3-ubyte", idx[:len(idx) // 2], "image data cut in half")
emit("idx-absurd-idx3-ubyte", idx[:4] + struct.pack(">III", 60000, 30000, 30000) + idx[16:], "header says 60000 images of 30000x30000")
emit("idx-bad-type-idx3-ubyte", idx[:2] + b"\x0d" + idx[3:], "float type code (0x0D) where ubyte is expected")
emit("idx-gzip-truncated-idx3-ubyte.gz", gzip.compress(idx)[:60], "gzip stream cut after 60 bytes")
gz = bytearray(gzip.compress(idx)); gz[20:28] = b"\xff" * 8
emit("idx-gzip-corrupt-idx3-ubyte.gz", bytes(gz), "deflate data overwritten inside the gzip stream")
npy = read("npy/u1_gray.npy")
emit("npy-truncated.npy", npy[:len(npy) - 7], "data shorter than the shape says")
emit("npy-bad-header.npy", npy[:10] + b"{'descr': '<u1', 'fortran_order': False, 'shape': (4, }" + b" " * 40 + b"\n", "header dictionary is not valid")
emit("npy-absurd-shape.npy", npy[:8] + struct.pack("<H", 70) + b"{'descr': '<f4', 'fortran_order': False, 'shape': (90000, 90000), }".ljust(69) + b"\n", "shape 90000x90000")
emit("npy-object-dtype.npy", npy[:8] + struct.pack("<H", 70) + b"{'descr': '|O', 'fortran_order': False, 'shape': (2, 2), }".ljust(69) + b"\n", "object dtype (pickles)")
emit("empty.png", b"", "zero-length file")
emit("text-file.jpg", b"This is not an image, whatever the extension says.\n", "wrong magic: plain text")
emit("html-error-page.png", b"<!DOCTYPE html><html><body>404 Not Found</body></html>\n", "wrong magic: an HTML error page saved as .png")

with open(os.path.join(ROOT, "MANIFEST.tsv"), "w") as f:
    f.write("file\tdefect\n")
    for name, defect in out:
        f.write(f"{name}\t{defect}\n")
print(f"wrote {len(out)} corrupt files")
