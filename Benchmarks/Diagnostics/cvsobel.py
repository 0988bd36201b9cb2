# OpenCV Sobel-x (CV_32F) on the 1024x1024 gray photo, 1 thread: median MP/s of 41 calls after 2 warm-ups.
# /tmp/fovea-peers/bin/python Benchmarks/Diagnostics/cvsobel.py [IMAGE] (default /tmp/fovea-astronaut-1024.gray)
import cv2, numpy as np, time, statistics, sys
cv2.setNumThreads(1)
img=np.fromfile(sys.argv[1] if len(sys.argv) > 1 else '/tmp/fovea-astronaut-1024.gray',dtype=np.uint8).reshape(1024,1024).astype(np.float32)
ts=[]
for i in range(43):
    t=time.perf_counter(); cv2.Sobel(img,cv2.CV_32F,1,0); t=time.perf_counter()-t
    if i>=2: ts.append(t)
print(round(1.048576/statistics.median(ts)))
