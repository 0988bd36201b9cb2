"""Projected step time of `mpirun -n R fovea train` (a projection, not a measurement).

step(R) = compute / R + bytes(R) / bandwidth + latency * log2(R) * exchanges

compute   seconds of one step of the whole batch on one process (measured: batch / samples-per-second)
bytes(R)  what each rank receives per step: every layer's gradient partial of every group of 8 samples that
          other ranks hold, (R - 1) / R * groups * parameters * 4 bytes (the loss, counts and status words add
          a few hundred bytes)
exchanges gathers per step: one per layer with parameters, one for the loss, one for the count of correct
          predictions, one status word (LeNet-5: 5 + 3 = 8)

Usage: python3 docs/scale-out/cost_model.py SAMPLES_PER_SECOND [--batch 64] [--parameters 61706] [--layers 5]
"""
import argparse
import math

NETWORKS = {  # bandwidth in bytes/s, one-way small-message latency in seconds (typical MPI figures)
    "10 GbE (TCP)": (1.25e9, 25e-6),
    "100 Gb InfiniBand EDR": (12.5e9, 1.5e-6),
}


def step_seconds(ranks, compute, groups, parameters, exchanges, bandwidth, latency):
    received = (ranks - 1) / ranks * groups * parameters * 4
    return compute / ranks + received / bandwidth + latency * math.log2(ranks) * exchanges, received


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("samples_per_second", type=float, help="measured, one process, at --batch")
    parser.add_argument("--batch", type=int, default=64, help="batch size measured at")
    parser.add_argument("--parameters", type=int, default=61706, help="trainable parameters (LeNet-5: 61,706)")
    parser.add_argument("--layers", type=int, default=5, help="layers with parameters (LeNet-5: 5)")
    args = parser.parse_args()
    exchanges = args.layers + 3
    per_sample = 1 / args.samples_per_second
    print(f"one process: {args.samples_per_second:.0f} samples/s; {exchanges} exchanges per step")
    for ranks in (8, 64):
        batch = max(args.batch, 8 * ranks)  # every rank needs at least one group of 8 samples
        groups = batch // 8
        compute = batch * per_sample
        for name, (bandwidth, latency) in NETWORKS.items():
            seconds, received = step_seconds(ranks, compute, groups, args.parameters, exchanges, bandwidth, latency)
            print(
                f"R={ranks:3d} batch {batch:4d} {name:22s}: compute {1e3 * compute / ranks:7.2f} ms, "
                f"exchange {1e3 * received / bandwidth:6.2f} ms ({received / 1e6:5.1f} MB/rank), latency "
                f"{1e3 * latency * math.log2(ranks) * exchanges:5.2f} ms -> {batch / seconds:8.0f} samples/s "
                f"({batch / seconds / args.samples_per_second:4.1f}x one process)")


if __name__ == "__main__":
    main()
