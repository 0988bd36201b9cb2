"""OpenCV warpAffine and Albumentations (Affine + HorizontalFlip) on peers.py augment's images and classic matrices, timed in thread CPU seconds instead of
wall time, to compare with AugmentBenchmark's "images per CPU-second" line on a loaded, shared machine.
Run: /tmp/fovea-peers/bin/python Benchmarks/Augment/peers_cpu_time.py
"""
import os, sys, time
import numpy as np, cv2

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "shared", "bench"))
import peers  # the shared peer script: same images (photo) and matrices (classic_matrix)

cv2.setNumThreads(1)
for size, gray in ((224, False), (28, True)):
    img = peers.photo(None, size, gray); rng = np.random.default_rng(0); n = 2000 if size == 224 else 20000
    mats = [peers.classic_matrix(rng, size, size) for _ in range(n)]
    best = 0
    for _ in range(3):
        t = time.thread_time()
        for m in mats: cv2.warpAffine(img, m, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        best = max(best, n / (time.thread_time() - t))
    print(f"classic-{size}x{size}x{1 if gray else 3} opencv-warpAffine, 1 thread: {round(best)} images per CPU-second")
    import albumentations as A
    tr = A.Compose([A.Affine(rotate=(0, 360), translate_px=(-10, 10), scale=(1 / 1.6, 1.6), shear=(-20, 20),
                             interpolation=cv2.INTER_LINEAR, border_mode=cv2.BORDER_CONSTANT, p=1.0), A.HorizontalFlip(p=0.5)], seed=0)
    for _ in range(50): tr(image=img)
    m = n // 4; t = time.thread_time()
    for _ in range(m): tr(image=img)
    print(f"classic-{size}x{size}x{1 if gray else 3} albumentations, 1 thread: {round(m / (time.thread_time() - t))} images per CPU-second")
