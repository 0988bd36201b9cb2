"""End-to-end folder job: a folder of JPEG photos, shorter side to 256, centre crop 224, written as JPEG (quality
90) and as PNG — `fovea convert --jobs 2` against the same job as a 2-process Pillow pool (multiprocessing.Pool).
Prints peers.py-style JSON lines (images/s).
Run: /tmp/fovea-peers/bin/python Benchmarks/Resize/folder_job.py PATH/TO/fovea [--count 200]
"""
import argparse, io, json, os, shutil, subprocess, tempfile, time
from multiprocessing import Pool
import numpy as np
from PIL import Image

def make_photos(folder, count):
    import skimage.data
    base = Image.fromarray(skimage.data.astronaut())
    rng = np.random.default_rng(0)
    os.makedirs(folder, exist_ok=True)
    for i in range(count):
        w, h = int(rng.integers(640, 1025)), int(rng.integers(480, 769))
        base.resize((w, h), Image.Resampling.BICUBIC).save(os.path.join(folder, f"p{i:04d}.jpg"), quality=90)

def pillow_one(args):
    path, out, ext = args
    im = Image.open(path).convert("RGB")
    w, h = im.size
    s = 256
    nw, nh = (s, int(s * h / w)) if w <= h else (int(s * w / h), s)  # torchvision Resize(256)
    im = im.resize((nw, nh), Image.Resampling.BILINEAR)
    left, top = int(round((nw - 224) / 2.0)), int(round((nh - 224) / 2.0))
    im = im.crop((left, top, left + 224, top + 224))
    im.save(os.path.join(out, os.path.basename(path)[:-4] + "." + ext), quality=90) if ext == "jpg" else \
        im.save(os.path.join(out, os.path.basename(path)[:-4] + ".png"))

def main():
    ap = argparse.ArgumentParser(); ap.add_argument("fovea"); ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3); a = ap.parse_args()
    root = tempfile.mkdtemp(prefix="fovea-folder-job-"); photos = os.path.join(root, "photos")
    make_photos(photos, a.count)
    files = sorted(os.path.join(photos, f) for f in os.listdir(photos))
    for r in range(a.rounds):
        for ext in ("jpg", "png"):
            out = os.path.join(root, f"pil-{ext}"); shutil.rmtree(out, ignore_errors=True); os.makedirs(out)
            t = time.perf_counter()
            with Pool(2) as pool: pool.map(pillow_one, [(f, out, ext) for f in files], chunksize=8)
            pil = a.count / (time.perf_counter() - t)
            out = os.path.join(root, f"fovea-{ext}"); shutil.rmtree(out, ignore_errors=True)
            t = time.perf_counter()
            subprocess.run([a.fovea, "convert", photos, out, "--to", ext, "--quality", "90", "--resize", "256",
                            "--center-crop", "224x224", "--jobs", "2"], check=True, capture_output=True)
            fov = a.count / (time.perf_counter() - t)
            for tool, v in (("pillow-pool-2", pil), ("fovea", fov)):
                print(json.dumps(dict(area="resize", tool=tool, op=f"folder-256-crop224-{ext}", threads=2, round=r + 1,
                                      value=round(v, 1), unit="images/s")), flush=True)
    shutil.rmtree(root)

if __name__ == "__main__":
    main()
