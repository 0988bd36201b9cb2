#!/usr/bin/env python3
"""Reads the JSON lines of an alternating-rounds run (Benchmarks/run.sh with ROUNDS > 1: every line carries
"round") and prints, per (op, threads), the median over rounds of the per-round ratio Fovea / peer, with the
lowest and highest round, and Fovea's own 2-thread / 1-thread scaling per round.

  python3 Benchmarks/ratios.py Benchmarks/raw/filters-rounds.jsonl [--peer opencv]

A ratio is taken only between figures measured in the same round, a few seconds apart, so a neighbour's
build that slows one round slows both tools in it; medians of ratios, not ratios of medians. The peer is
the tool whose name starts with --peer (default: opencv for filters, jax for cnn).
"""
import json, statistics, sys
from collections import OrderedDict, defaultdict

def load(path):
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                try:
                    yield json.loads(line)
                except ValueError:
                    pass

def spread(values):
    return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else "—"

def main():
    args = sys.argv[1:]
    peer = None
    if "--peer" in args:
        i = args.index("--peer"); peer = args[i + 1]; del args[i:i + 2]
    records = [r for path in args for r in load(path) if isinstance(r.get("value"), (int, float)) and "round" in r]
    # (op, threads, unit) -> round -> tool -> value
    cells = OrderedDict()
    for r in records:
        key = (r["op"], r.get("threads", 1), r.get("unit", ""))
        cells.setdefault(key, defaultdict(dict))[r["round"]].setdefault(r["tool"], r["value"])
    areas = {r.get("area") for r in records}
    prefix = peer or ("jax" if areas == {"cnn"} else "opencv")
    print(f"| op | threads | unit | Fovea (median) | {prefix} (median) | Fovea / {prefix}: median | lowest–highest | rounds |")
    print("|---|---:|---|---:|---:|---:|---|---:|")
    for (op, threads, unit), rounds in cells.items():
        fovea = [t["fovea"] for t in rounds.values() if "fovea" in t]
        peers = [v for t in rounds.values() for name, v in t.items() if name.startswith(prefix)]
        ratios = []
        for t in rounds.values():
            p = next((v for name, v in t.items() if name.startswith(prefix)), None)
            if "fovea" in t and p:
                ratios.append(t["fovea"] / p if unit != "us" else p / t["fovea"])
        if not fovea:
            continue
        fmt = lambda v: f"{v:,.0f}" if v >= 100 else f"{v:.3g}"
        peer_text = fmt(statistics.median(peers)) if peers else "—"
        ratio_text = f"{statistics.median(ratios):.2f}" if ratios else "—"
        print(f"| {op} | {threads} | {unit} | {fmt(statistics.median(fovea))} | {peer_text} | {ratio_text} | "
              f"{spread(ratios) if ratios else '—'} | {len(ratios) or len(fovea)} |")
    # Scaling: 2 threads / 1 thread within a round, per tool.
    print("\n| op | unit | Fovea 2 threads / 1 thread: median | lowest–highest | "
          f"{prefix} 2 / 1: median | lowest–highest |")
    print("|---|---|---:|---|---:|---|")
    pairs = OrderedDict(((op, unit), None) for (op, _, unit) in cells)
    for op, unit in pairs:
        one, two = cells.get((op, 1, unit)), cells.get((op, 2, unit))
        if not one or not two or unit not in ("MP/s", "samples/s", "GFLOP/s", "images/s"):
            continue
        def scale(tool_match):
            s = []
            for rnd in one:
                a = next((v for n, v in one[rnd].items() if tool_match(n)), None)
                b = next((v for n, v in two.get(rnd, {}).items() if tool_match(n)), None)
                if a and b:
                    s.append(b / a)
            return s
        f, p = scale(lambda n: n == "fovea"), scale(lambda n: n.startswith(prefix))
        if f:
            print(f"| {op} | {unit} | {statistics.median(f):.2f} | {spread(f)} | "
                  f"{statistics.median(p):.2f} | {spread(p)} |" if p else
                  f"| {op} | {unit} | {statistics.median(f):.2f} | {spread(f)} | — | — |")

main()
