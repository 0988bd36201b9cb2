#!/usr/bin/env bash
# Samples/s of `fovea train` alone and under `mpirun -n R`, alternating rounds, median per setting.
# Usage (from the repository root, after `make release`): docs/scale-out/measure-mpi.sh [rounds]
#   FOVEA=path/to/fovea (default .build/release/fovea)  SAMPLES=2000  BATCH=64  MODEL=lenet5  EPOCHS=3
# Prints one line per setting: samples/s (median over rounds of the mean of epochs 2..EPOCHS, training only).
set -euo pipefail
rounds=${1:-3}
fovea=${FOVEA:-.build/release/fovea}
samples=${SAMPLES:-2000}; batch=${BATCH:-64}; model=${MODEL:-lenet5}; epochs=${EPOCHS:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 - "$samples" "$work" <<'PY'
import gzip, struct, sys
n, out = int(sys.argv[1]), sys.argv[2]
im = gzip.open("Fixtures/mnist/mnist4k-images-idx3-ubyte.gz").read()
lb = gzip.open("Fixtures/mnist/mnist4k-labels-idx1-ubyte.gz").read()
total = struct.unpack(">I", im[4:8])[0]
idx = [i % total for i in range(n)]
open(f"{out}/d-images-idx3-ubyte", "wb").write(im[:4] + struct.pack(">I", n) + im[8:16] + b"".join(im[16 + i * 784:16 + (i + 1) * 784] for i in idx))
open(f"{out}/d-labels-idx1-ubyte", "wb").write(lb[:4] + struct.pack(">I", n) + b"".join(lb[8 + i:9 + i] for i in idx))
PY
args=(train --data "$work/d-images-idx3-ubyte" --model "$model" --epochs "$epochs" --batch-size "$batch" --val-split 0
      --seed 1 --workers 1)
mpi=(mpirun --allow-run-as-root --oversubscribe --bind-to none --mca btl_tcp_if_include lo)
declare -A results
settings=("alone --threads 1" "alone --threads 2" "mpirun -n 1 --threads 1" "mpirun -n 2 --threads 1")
for round in $(seq "$rounds"); do
  for setting in "${settings[@]}"; do
    rm -f "$work"/m.*
    case "$setting" in
      alone*) "$fovea" "${args[@]}" --threads "${setting##* }" --out "$work/m.fovea" --metrics "$work/m.csv" >/dev/null 2>&1 ;;
      mpirun*) r=$(echo "$setting" | awk '{print $3}')
               "${mpi[@]}" -n "$r" "$fovea" "${args[@]}" --threads 1 --out "$work/m.fovea" --metrics "$work/m.csv" >/dev/null 2>&1 ;;
    esac
    rate=$(awk -F, -v n="$samples" 'NR > 2 { s += $7; k++ } END { printf "%.0f", n * k / s }' "$work/m.csv")
    results["$setting"]+="$rate "
    echo "round $round  $setting: $rate samples/s" >&2
  done
done
for setting in "${settings[@]}"; do
  median=$(echo ${results["$setting"]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$setting: median $median samples/s (rounds: ${results["$setting"]})"
done
