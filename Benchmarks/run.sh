#!/usr/bin/env bash
# Runs every Fovea benchmark next to its Python peer, in one session, and prints both (JSON lines).
#   Benchmarks/run.sh [codecs|filters|augment|photometric|resize|folder|nn|data]...     (default: all)
# filters, photometric, resize and nn alternate Fovea and its peer in ROUNDS rounds (default 5) within the run: each round runs the
# peer, then Fovea, at 1 and then 2 threads (filters: the peer at 1, Fovea at 1 and 2 row by row, the peer at 2);
# every line carries its "round", the raw lines are kept in
# Benchmarks/raw/<area>-rounds.jsonl, and Benchmarks/ratios.py prints the median of the per-round ratios.
# FOVEA_TARGET_CPU (e.g. znver3, haswell) builds Fovea for that CPU (-target-cpu); unset: the portable build.
# BUILD_WRAPPER and BUILD_FLAGS go around and into `swift build` (e.g. BUILD_WRAPPER=buildslot
# BUILD_FLAGS="--scratch-path .build-x" on a shared machine); FOVEA_BIN=DIR skips the builds (see below).
# Needs the peers' venv: ../shared/bench/setup.sh (PEERS_VENV, default /tmp/fovea-peers). Figures and their
# reading are in Benchmarks/RESULTS-<area>.md, assembled into BENCHMARKS.md by Benchmarks/assemble.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PEERS_VENV:-/tmp/fovea-peers}/bin/python
PEERS=${PEERS_PY:-../shared/bench/peers.py}
[ -x "$PY" ] || { echo "no peer venv at $PY: run ../shared/bench/setup.sh first"; exit 1; }
areas=("$@"); [ ${#areas[@]} -gt 0 ] || areas=(codecs filters augment photometric resize folder nn data)
rounds=${ROUNDS:-5}
cpu_flags=(); [ -z "${FOVEA_TARGET_CPU:-}" ] || cpu_flags=(-Xswiftc -target-cpu -Xswiftc "$FOVEA_TARGET_CPU")
# shellcheck disable=SC2086  # BUILD_WRAPPER and BUILD_FLAGS are word lists
build() { ${BUILD_WRAPPER:-} swift build -c release ${BUILD_FLAGS:-} "${cpu_flags[@]}" "$@"; }
# FOVEA_BIN=DIR uses benchmark executables already built there (skips every build, e.g. when the build slots of a
# shared machine are busy); unset: builds them first.
if [ -n "${FOVEA_BIN:-}" ]; then bin=$FOVEA_BIN; build() { :; }; else bin=$(build --show-bin-path); fi
mkdir -p Benchmarks/raw
# Adds "round" (and the machine's load average, to say how busy it was) to every JSON line.
tag() { "$PY" -c 'import json, os, sys
for line in sys.stdin:
    if line.startswith("{"):
        record = json.loads(line); record["round"] = int(sys.argv[1]); record["load"] = os.getloadavg()[0]
        line = json.dumps(record) + "\n"
    sys.stdout.write(line); sys.stdout.flush()' "$1"; }
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
      build --product CodecsBenchmark
      "$PY" Benchmarks/Codecs/make_images.py
      for t in 1 2; do peer codecs $t; "$bin/CodecsBenchmark" --threads $t; done
      "$PY" Benchmarks/Codecs/pillow_cpu.py; "$bin/CodecsBenchmark" --cpu-time ;;
    filters)
      build --product FiltersBenchmark
      "$PY" Benchmarks/Filters/dump_astronaut.py /tmp/fovea-astronaut-1024.gray
      # The memory ceiling of a 3×3 Float row (plain and non-temporal store streams, Benchmarks/Diagnostics), if a C
      # compiler is at hand: built for this CPU, run once a round.
      streams=$(mktemp -d)/store_streams
      ${CC:-cc} -O3 -march=native -o "$streams" Benchmarks/Diagnostics/store_streams.c -lpthread || streams=
      # Each round: OpenCV at 1 thread, Fovea at 1 and 2 threads (each row's two figures back to back, so its
      # scaling is not mixed with drift in what the host's neighbours leave of its memory bandwidth), OpenCV at 2.
      for r in $(seq "$rounds"); do
        peer filters 1 | tag "$r"
        "$bin/FiltersBenchmark" /tmp/fovea-astronaut-1024.gray --threads 1,2 | tag "$r"
        [ -z "$streams" ] || "$streams" | tag "$r"
        peer filters 2 | tag "$r"
      done | tee Benchmarks/raw/filters-rounds.jsonl
      "$PY" Benchmarks/ratios.py Benchmarks/raw/filters-rounds.jsonl ;;
    augment)
      build --product AugmentBenchmark
      "$PY" Benchmarks/Augment/dump_images.py
      peer augment 1; "$bin/AugmentBenchmark" --threads 1,2
      "$PY" Benchmarks/Augment/peers_cpu_time.py ;;
    resize)
      build --product ResizeBenchmark
      "$PY" Benchmarks/Resize/dump_images.py
      for r in $(seq "$rounds"); do for t in 1 2; do
        peer resize $t | tag "$r"; "$bin/ResizeBenchmark" --threads $t | tag "$r"
      done; done | tee Benchmarks/raw/resize-rounds.jsonl ;;
    photometric)
      build --product AugmentBenchmark
      "$PY" Benchmarks/Augment/dump_images.py
      for r in $(seq "$rounds"); do for t in 1 2; do
        peer photometric $t | tag "$r"; "$bin/AugmentBenchmark" photometric --threads $t | tag "$r"
      done; done | tee Benchmarks/raw/photometric-rounds.jsonl
      "$PY" Benchmarks/Augment/photometric_table.py Benchmarks/raw/photometric-rounds.jsonl ;;
    folder)
      build --product fovea
      "$PY" Benchmarks/Resize/folder_job.py "$bin/fovea" --count 200 --rounds "$rounds" | tee Benchmarks/raw/folder-rounds.jsonl
      "$PY" Benchmarks/ratios.py Benchmarks/raw/folder-rounds.jsonl --peer pillow-pool ;;
    nn)
      build --product NNBenchmark
      for r in $(seq "$rounds"); do for t in 1 2; do
        peer cnn $t | tag "$r"; "$bin/NNBenchmark" --threads $t --models lenet5 | tag "$r"
        "$PY" Benchmarks/NN/resnet_peer.py --threads $t | tag "$r"
        "$bin/NNBenchmark" --threads $t --models resnet-small | tag "$r"
      done; done | tee Benchmarks/raw/nn-rounds.jsonl
      "$PY" Benchmarks/ratios.py Benchmarks/raw/nn-rounds.jsonl ;;
    data)
      build --product DataBenchmark
      "$bin/DataBenchmark" Fixtures/mnist/mnist4k-images-idx3-ubyte.gz ;;
    *) echo "unknown area $area"; exit 2 ;;
  esac
done
