#!/usr/bin/env python3
"""Turns the JSON lines printed by Benchmarks/run.sh (Fovea's benchmarks and peers.py) into Markdown tables:
one table per area, one row per (operation, threads), one column per tool. Other lines are ignored.

  Benchmarks/run.sh nn | python3 Benchmarks/table.py

peers.py leaves "threads" out where its tool is single-threaded (Pillow, the augment loop). run.sh adds the
count it asked for, but older raw files (quiet-run-2026-11-25.jsonl) hold such lines bare. A bare line is
placed by order: run.sh runs a peer at each of the area's thread counts in turn (1, then 2, in every round),
so the k-th bare figure of one tool, op and unit belongs to the k-th of those counts, cyclically. (Reading
every bare line as 1 thread kept only the first and dropped the peers' 2-thread figures.)
"""
import json, sys
from collections import OrderedDict

records = []
for line in sys.stdin:
    line = line.strip()
    if not line.startswith("{"):
        continue
    try:
        records.append(json.loads(line))
    except ValueError:
        continue

counts = {}  # area -> the thread counts its lines name, ascending
for r in records:
    if "threads" in r:
        counts.setdefault(r.get("area", "?"), set()).add(r["threads"])
counts = {area: sorted(c) for area, c in counts.items()}
bare_seen = {}  # (area, tool, op, unit) -> bare lines seen so far

rows = OrderedDict()   # area -> (op, threads) -> tool -> "value unit"
tools = OrderedDict()  # area -> ordered tool names
for r in records:
    area, tool, op = r.get("area", "?"), r.get("tool", "?"), r.get("op", "?")
    threads = r.get("threads", 1 if "workers" in r else None)  # DataBenchmark's loader lines name workers only
    if threads is None:
        key = (area, tool, op, r.get("unit", ""))
        seen = bare_seen.get(key, 0)
        bare_seen[key] = seen + 1
        order = counts.get(area, [1])
        threads = order[seen % len(order)]
    if "workers" in r:
        op = f"{op} (workers {r['workers']})"
    value = r.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = str(value)
    elif isinstance(value, float) and abs(value) < 10:
        text = f"{value:.3g}"
    else:
        text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"
    cells = rows.setdefault(area, OrderedDict()).setdefault((op, threads, r.get("unit", "")), OrderedDict())
    cells.setdefault(tool, text)  # the first figure of a repeated measurement
    tools.setdefault(area, OrderedDict())[tool] = None
for area, table in rows.items():
    names = list(tools[area])
    print(f"\n| {area}: op | threads | unit | " + " | ".join(names) + " |")
    print("|---|---:|---|" + "---:|" * len(names))
    for (op, threads, unit), cells in table.items():
        print(f"| {op} | {threads} | {unit} | " + " | ".join(cells.get(n, "—") for n in names) + " |")
