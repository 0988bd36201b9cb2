#!/usr/bin/env python3
"""Transfer learning vs training from scratch on few digits 5-9, budget-matched, over several seeds.

Pretrains LeNet-5 on digits 0-4, then fine-tunes on the first N digits 5-9 of samples 0-2999 with
`--init-from backbone --freeze ...`, against the same network from scratch on the same N digits, the same
epochs, batch, optimizer, rate and seed (so the same number of steps). Every model is scored by `fovea eval`
on a validation set (the next 500 digits 5-9 of samples 0-2999, disjoint from every fine-tuning set) and on
the test set (the 471 digits 5-9 of samples 3000-3999). The learning rate of each method is chosen per
(N, epochs) by the mean *validation* accuracy over the seeds; the table reports test accuracy at that rate.

Usage: python3 Benchmarks/Transfer/transfer.py --fovea PATH/TO/fovea [--jobs 2] [--quick]
Writes one JSON line per run to transfer-runs.jsonl in --work, then prints the per-seed table and the paired
comparison of every method with scratch (mean difference, its standard deviation, paired t, wins).
Only the standard library is used; paths are relative to the repository.
"""
import argparse, concurrent.futures, gzip, itertools, json, math, os, statistics, struct, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MNIST = os.path.join(HERE, "..", "..", "Fixtures", "mnist")


def read_idx():
    with gzip.open(os.path.join(MNIST, "mnist4k-images-idx3-ubyte.gz")) as f:
        data = f.read()
    n, rows, cols = struct.unpack(">III", data[4:16])
    images = [data[16 + i * rows * cols:16 + (i + 1) * rows * cols] for i in range(n)]
    with gzip.open(os.path.join(MNIST, "mnist4k-labels-idx1-ubyte.gz")) as f:
        labels = list(f.read()[8:])
    return images, labels, rows, cols


def write_subset(directory, name, indices, images, labels, rows, cols):
    with open(os.path.join(directory, f"{name}-images-idx3-ubyte"), "wb") as f:
        f.write(struct.pack(">IIII", 0x803, len(indices), rows, cols))
        for i in indices:
            f.write(images[i])
    with open(os.path.join(directory, f"{name}-labels-idx1-ubyte"), "wb") as f:
        f.write(struct.pack(">II", 0x801, len(indices)))
        f.write(bytes(labels[i] for i in indices))
    return os.path.join(directory, f"{name}-images-idx3-ubyte")


def run(cmd, cwd):
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {result.returncode}: {result.stderr[-2000:]}")
    return result.stdout


def accuracy(fovea, model, data, cwd):
    return json.loads(run([fovea, "eval", "--model", model, "--data", data, "--json", "--threads", "1"], cwd))["accuracy"]


def report(records, methods):
    """Prints the per-seed table (rate chosen on validation) and the paired comparison with scratch."""
    def chosen(method, n, epochs):
        """The rate with the best mean validation accuracy, and test accuracy by seed at that rate."""
        by_lr = {}
        for r in records:
            if r["method"] == method and r["n"] == n and r["epochs"] == epochs:
                by_lr.setdefault(r["lr"], []).append(r)
        lr = max(by_lr, key=lambda k: sum(r["val"] for r in by_lr[k]) / len(by_lr[k]))
        return lr, {r["seed"]: r["test"] for r in by_lr[lr]}

    seeds = sorted({r["seed"] for r in records})
    print("| N | epochs | method | lr (by val) | " + " | ".join(f"seed {s}" for s in seeds) + " | mean test |")
    print("|---|---|---|---|" + "---|" * len(seeds) + "---|")
    for n, epochs in sorted({(r["n"], r["epochs"]) for r in records}):
        for method in methods:
            rows_ = [r for r in records if r["n"] == n and r["epochs"] == epochs and r["method"] == method]
            if not rows_:
                continue
            by_lr = {}
            for r in rows_:
                by_lr.setdefault(r["lr"], []).append(r)
            lr = max(by_lr, key=lambda k: sum(r["val"] for r in by_lr[k]) / len(by_lr[k]))
            picked = sorted(by_lr[lr], key=lambda r: r["seed"])
            mean = sum(r["test"] for r in picked) / len(picked)
            print(f"| {n} | {epochs} | {method} | {lr:g} | "
                  + " | ".join(f"{100 * r['test']:.2f}" for r in picked) + f" | {100 * mean:.2f} |")

    if "scratch" in methods:
        print()
        print("| N | epochs | method | lr scratch / transfer | scratch | transfer | difference | paired t | wins |")
        print("|---|---|---|---|---|---|---|---|---|")
        for n, epochs in sorted({(r["n"], r["epochs"]) for r in records}):
            lr0, base = chosen("scratch", n, epochs)
            for method in [m for m in methods if m != "scratch"]:
                if not any(r["method"] == method and r["n"] == n and r["epochs"] == epochs for r in records):
                    continue
                lr1, other = chosen(method, n, epochs)
                d = [100 * (other[k] - base[k]) for k in sorted(base) if k in other]
                mean, sd = statistics.mean(d), statistics.stdev(d) if len(d) > 1 else 0.0
                t = mean / (sd / math.sqrt(len(d))) if sd > 0 else float("nan")
                wins, ties = sum(x > 0 for x in d), sum(x == 0 for x in d)
                print(f"| {n} | {epochs} | {method} | {lr0:g} / {lr1:g} | {100 * statistics.mean(base.values()):.2f} % | "
                      f"{100 * statistics.mean(other.values()):.2f} % | {mean:+.2f} ± {sd:.2f} | {t:+.2f} | "
                      f"{wins}/{len(d)}" + (f" ({ties} tie{'s' if ties > 1 else ''})" if ties else "") + " |")



def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fovea", default="fovea")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", default=None)
    parser.add_argument("--sizes", default="50,100,300")
    parser.add_argument("--epochs", default="1,3,10,30")
    parser.add_argument("--rates", default="0.001,0.003")
    parser.add_argument("--seeds", default="1,2,3,4,5")
    parser.add_argument("--methods", default=None, help="comma-separated subset of the method names below")
    parser.add_argument("--analyse", nargs="+", default=None, help="only print the tables of these runs.jsonl files")
    args = parser.parse_args()
    if args.analyse:
        unique = {}
        for path in args.analyse:
            for line in open(path):
                r = json.loads(line)
                unique[(r["method"], r["n"], r["epochs"], r["lr"], r["seed"])] = r
        records = list(unique.values())
        report(records, list(dict.fromkeys(r["method"] for r in records)))
        return
    fovea = os.path.abspath(args.fovea) if os.sep in args.fovea else args.fovea
    work = args.work or tempfile.mkdtemp(prefix="fovea-transfer-")
    os.makedirs(work, exist_ok=True)
    images, labels, rows, cols = read_idx()
    low = [i for i in range(3000) if labels[i] <= 4]
    high = [i for i in range(3000) if labels[i] >= 5]
    sizes = [int(x) for x in args.sizes.split(",")]
    few = {n: write_subset(work, f"few{n}", high[:n], images, labels, rows, cols) for n in sizes}
    val = write_subset(work, "val", high[max(sizes):max(sizes) + 500], images, labels, rows, cols)
    test = write_subset(work, "test", [i for i in range(3000, 4000) if labels[i] >= 5], images, labels, rows, cols)
    pre = write_subset(work, "low", low, images, labels, rows, cols)
    common = ["--model", "lenet5", "--batch-size", "32", "--val-split", "0", "--threads", "1"]
    backbones = {
        "bb5": ["--epochs", "5", "--seed", "1"],
        "bb15aug": ["--epochs", "15", "--seed", "1", "--augment", "digits"],
    }
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(lambda kv: run([fovea, "train", "--data", pre, "--out", f"{kv[0]}.fovea"] + common + kv[1], work),
                      backbones.items()))
    for name in backbones:
        print(f"backbone {name}: {len(low)} digits 0-4; accuracy on its own 0-4 data "
              f"{accuracy(fovea, name + '.fovea', pre, work):.4f}", file=sys.stderr)
    methods = {
        "scratch": [],
        "bb5 freeze conv": ["--init-from", "bb5.fovea", "--freeze", "conv1,conv2"],
        "bb15aug freeze conv": ["--init-from", "bb15aug.fovea", "--freeze", "conv1,conv2"],
        "bb15aug freeze all but head": ["--init-from", "bb15aug.fovea", "--freeze", "conv1,conv2,dense1,dense2"],
        "bb15aug freeze conv1": ["--init-from", "bb15aug.fovea", "--freeze", "conv1"],
        "bb15aug no freeze": ["--init-from", "bb15aug.fovea"],
    }
    if args.methods:
        methods = {name: methods[name] for name in args.methods.split(",")}
    grid = list(itertools.product(methods, sizes, [int(e) for e in args.epochs.split(",")],
                                  args.rates.split(","), [int(s) for s in args.seeds.split(",")]))

    def one(item):
        method, n, epochs, lr, seed = item
        out = f"m-{abs(hash(item))}.fovea"
        run([fovea, "train", "--data", few[n], "--out", out, "--epochs", str(epochs), "--lr", lr, "--seed", str(seed)]
            + common + methods[method], work)
        record = dict(method=method, n=n, epochs=epochs, lr=float(lr), seed=seed,
                      val=accuracy(fovea, out, val, work), test=accuracy(fovea, out, test, work))
        for path in (out, out.replace(".fovea", ".best.fovea")):
            try:
                os.remove(os.path.join(work, path))
            except FileNotFoundError:
                pass
        return record

    records = []
    with open(os.path.join(work, "transfer-runs.jsonl"), "w") as log, \
            concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for record in pool.map(one, grid):
            records.append(record)
            log.write(json.dumps(record) + "\n")
            log.flush()
    print(json.dumps({"work": work, "runs": len(records)}), file=sys.stderr)

    report(records, list(methods))

if __name__ == "__main__":
    main()
