#!/usr/bin/env python3
"""Turns the JSON lines printed by Benchmarks/run.sh (Fovea's benchmarks and peers.py) into Markdown tables:
one table per area, one row per (operation, threads), one column per tool. Other lines are ignored.

  Benchmarks/run.sh nn | python3 Benchmarks/table.py
"""
import json, sys
from collections import OrderedDict

rows = OrderedDict()   # area -> (op, threads) -> tool -> "value unit"
tools = OrderedDict()  # area -> ordered tool names
for line in sys.stdin:
    line = line.strip()
    if not line.startswith("{"):
        continue
    try:
        r = json.loads(line)
    except ValueError:
        continue
    area, tool, op = r.get("area", "?"), r.get("tool", "?"), r.get("op", "?")
    threads = r.get("threads", 1)  # peers.py omits it where the tool is single-threaded (Pillow, the augment loop)
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
