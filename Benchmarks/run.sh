#!/usr/bin/env bash
# Runs every Fovea benchmark next to its Python peer, in one session, and prints both (JSON lines).
#   Benchmarks/run.sh [codecs|filters|augment|nn|data]...     (default: all)
# Needs the peers' venv: ../shared/bench/setup.sh (PEERS_VENV, default /tmp/fovea-peers). Figures and their
# reading are in Benchmarks/RESULTS-<area>.md, assembled into BENCHMARKS.md by Benchmarks/assemble.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PEERS_VENV:-/tmp/fovea-peers}/bin/python
PEERS=${PEERS_PY:-../shared/bench/peers.py}
[ -x "$PY" ] || { echo "no peer venv at $PY: run ../shared/bench/setup.sh first"; exit 1; }
areas=("$@"); [ ${#areas[@]} -gt 0 ] || areas=(codecs filters augment nn data)
bin=$(swift build -c release --show-bin-path)
# peers.py omits "threads" where its tool is single-threaded; add the count it was asked for.
peer() { local t=$2; "$PY" "$PEERS" "$1" --threads "$t" | "$PY" -c 'import json, sys
t = int(sys.argv[1])
for line in sys.stdin:
    if line.startswith("{"):
        record = json.loads(line); record.setdefault("threads", t); line = json.dumps(record) + "\n"
    sys.stdout.write(line)' "$t"; }
for area in "${areas[@]}"; do
  echo "== $area"
  case $area in
    codecs)
      swift build -c release --product CodecsBenchmark
      "$PY" Benchmarks/Codecs/make_images.py
      for t in 1 2; do peer codecs $t; "$bin/CodecsBenchmark" --threads $t; done
      "$PY" Benchmarks/Codecs/pillow_cpu.py; "$bin/CodecsBenchmark" --cpu-time ;;
    filters)
      swift build -c release --product FiltersBenchmark
      "$PY" Benchmarks/Filters/dump_astronaut.py /tmp/fovea-astronaut-1024.gray
      for t in 1 2; do peer filters $t; "$bin/FiltersBenchmark" /tmp/fovea-astronaut-1024.gray --threads $t; done ;;
    augment)
      swift build -c release --product AugmentBenchmark
      "$PY" Benchmarks/Augment/dump_images.py
      peer augment 1; "$bin/AugmentBenchmark" --threads 1,2
      "$PY" Benchmarks/Augment/peers_cpu_time.py ;;
    nn)
      swift build -c release --product NNBenchmark
      for t in 1 2; do
        peer cnn $t; "$bin/NNBenchmark" --threads $t --models lenet5
        "$PY" Benchmarks/NN/resnet_peer.py --threads $t; "$bin/NNBenchmark" --threads $t --models resnet-small
      done ;;
    data)
      swift build -c release --product DataBenchmark
      "$bin/DataBenchmark" Fixtures/mnist/mnist4k-images-idx3-ubyte.gz ;;
    *) echo "unknown area $area"; exit 2 ;;
  esac
done
