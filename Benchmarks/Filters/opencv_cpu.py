# Thread-CPU-time OpenCV figures for the filter rows (1 thread), to set against `FiltersBenchmark --cpu` on a busy
# machine:  /tmp/fovea-peers/bin/python Benchmarks/Filters/opencv_cpu.py /tmp/fovea-astronaut-1024.gray [OP-SUBSTRING]
import sys, time, statistics, json
import numpy as np, cv2
cv2.setNumThreads(1)
g8 = np.fromfile(sys.argv[1], np.uint8).reshape(1024, 1024); g32 = g8.astype(np.float32)
k = np.array([[1, 0, -1]] * 3, np.float32)
only = sys.argv[2] if len(sys.argv) > 2 else ""
def bench(fn, n=15, warm=3):
    for _ in range(warm): fn()
    ts = []
    for _ in range(n):
        t = time.thread_time(); fn(); ts.append(time.thread_time() - t)
    return statistics.median(ts)
ops = []
for dt, img in (("u8", g8), ("f32", g32)):
    ops += [(f"gaussian-s1-7x7-{dt}-1024", lambda img=img: cv2.GaussianBlur(img, (7, 7), 1.0)),
            (f"sobel-x-{dt}-1024", lambda img=img: cv2.Sobel(img, cv2.CV_32F, 1, 0)),
            (f"sobel-magnitude-{dt}-1024", lambda img=img: cv2.magnitude(cv2.Sobel(img, cv2.CV_32F, 1, 0), cv2.Sobel(img, cv2.CV_32F, 0, 1))),
            (f"filter2d-3x3-{dt}-1024", lambda img=img: cv2.filter2D(img, cv2.CV_32F, k)),
            (f"laplacian-{dt}-1024", lambda img=img: cv2.Laplacian(img, cv2.CV_32F, ksize=1))]
ops += [("median-3-u8-1024", lambda: cv2.medianBlur(g8, 3)), ("median-5-u8-1024", lambda: cv2.medianBlur(g8, 5)),
        ("canny-50-150-u8-1024", lambda: cv2.Canny(g8, 50, 150))]
for op, fn in ops:
    if only in op:
        print(json.dumps({"area": "filters", "tool": "opencv-cpu", "op": op, "threads": 1, "value": round(1.048576 / bench(fn), 1), "unit": "MP/s"}))
