#!/usr/bin/env bash
# Per-iteration cost of wca at N real cgroups (N = 10 100 1000 unless BENCH_N is set), against the C floor.
# Creates cgroups only under a unique prefix (cpu, cpuacct, memory and the cgroup2 tree), one sleeping
# process in each, and removes all of it on exit. Needs root. Writes bench/out/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "bench/run.sh must run as root (it creates cgroups)" >&2; exit 1; }

SIZES=${BENCH_N:-"10 100 1000"}
# "all" = every cgroup metric; a comma list = task_metrics (task_cpu_usage_seconds = the original's 52 ms case).
SETS=${BENCH_SETS:-"all task_cpu_usage_seconds"}
INTERVAL=${BENCH_INTERVAL:-0.1}
WARMUP=${BENCH_WARMUP:-20}
WINDOW=${BENCH_WINDOW:-20}
CG=${WCA_CGROUP_ROOT:-/sys/fs/cgroup}
PREFIX=wca-bench-$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
OUT=bench/out
mkdir -p "$OUT"

# dist/wca is the Native AOT build, dist/wca-jit the JIT one (plugins); BENCH_BUILDS picks (paths or names in dist/).
BUILDS=${BENCH_BUILDS:-"dist/wca dist/wca-jit"}
for b in $BUILDS; do [ -x "$b" ] || { make dist >/dev/null; break; }; done
# The floor also runs at the agent's cadence: back to back its reads hit warm caches and cost about half.
FLOOR_ITERATIONS=${BENCH_FLOOR_ITERATIONS:-100}
# log (default): LogStorage replacing a file; kafka: KafkaStorage to librdkafka's mock broker on loopback (kcat reads
# the agent's metrics back; "output KB" is then one message).
STORAGE=${BENCH_STORAGE:-log}
gcc -O2 -o "$OUT/floor" bench/floor.c

HIERARCHIES=()
for h in cpu cpuacct memory unified; do
  [ -d "$CG/$h" ] && [ -w "$CG/$h" ] && HIERARCHIES+=("$CG/$h")
done
[ -f "$CG/cgroup.controllers" ] && HIERARCHIES=("$CG")

SLEEPERS=()
cleanup() {
  for pid in "${SLEEPERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for h in "${HIERARCHIES[@]}"; do
    [ -d "$h/$PREFIX" ] || continue
    for d in "$h/$PREFIX"/*/; do rmdir "$d" 2>/dev/null || true; done
    rmdir "$h/$PREFIX" 2>/dev/null || true
  done
}
trap cleanup EXIT
BROKER=""
if [ "$STORAGE" = kafka ]; then
  command -v kcat >/dev/null || { echo "BENCH_STORAGE=kafka needs kcat (make deps)" >&2; exit 1; }
  exec 3< <(python3 bench/kafka-mock.py "${BENCH_LIBRDKAFKA:-$(dirname "${BUILDS%% *}")/centos8-librdkafka.so}")
  SLEEPERS+=("$!")
  read -r BROKER <&3
fi
# The agent's latest metrics package into $1: the file it replaces, or the topic's last message.
snapshot() {
  if [ "$STORAGE" = kafka ]; then kcat -C -b "$BROKER" -t wca_metrics -o -1 -c 1 -e -q -f '%s' >"$1"
  else cp "$OUT/wca-$n-$set.prom" "$1"; fi
}
trap "exit 130" INT TERM

# Value of the first sample of metric $1 (whose labels match $2) in file $3; label values may hold spaces.
value() { awk -v m="$1" -v l="$2" 'index($0, m "{") == 1 && index($0, l) { sub(/.*\} /, ""); print $1; exit }' "$3"; }

echo "| N | task metrics | build | files read | wca CPU ms/iter | wca wall ms/iter | wca alloc B/iter | wca peak RSS MB | output KB | floor pread CPU ms at interval | floor pread back to back | floor open back to back | floor output KB | wca / floor at interval |" >"$OUT/results.md"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|" >>"$OUT/results.md"

created=0
for n in $SIZES; do
  for h in "${HIERARCHIES[@]}"; do mkdir -p "$h/$PREFIX"; done
  while [ "$created" -lt "$n" ]; do
    created=$((created + 1))
    sleep 100000 &
    pid=$!
    SLEEPERS+=("$pid")
    for h in "${HIERARCHIES[@]}"; do
      mkdir -p "$h/$PREFIX/t$created"
      echo "$pid" >"$h/$PREFIX/t$created/cgroup.procs"
    done
  done
  for set in $SETS; do
    fcad=""
    for WCA in $BUILDS; do
      build=$(basename "$WCA")
      config=$OUT/bench-$n-$set.yaml
      {
        echo "runner: !MeasurementRunner"
        echo "  node: !StaticNode"
        echo "    tasks:"
        for i in $(seq 1 "$n"); do echo "      - /$PREFIX/t$i"; done
        if [ "$STORAGE" = kafka ]; then
          echo "  metrics_storage: !KafkaStorage"
          echo "    brokers_ips: ['$BROKER']"
          echo "    topic: wca_metrics"
          echo "    max_timeout_in_seconds: 1"
        else
          echo "  metrics_storage: !LogStorage"
          echo "    output_filename: $PWD/$OUT/wca-$n-$set.prom"
          echo "    overwrite: true"
        fi
        echo "  interval: $INTERVAL"
        if [ "$set" != all ]; then
          echo "  task_metrics:"
          for m in ${set//,/ }; do echo "    - $m"; done
        fi
      } >"$config"
      rm -f "$OUT/wca-$n-$set.prom"
      "$WCA" -c "$config" --root -l warning >"$OUT/wca-$n-$set.log" 2>&1 &
      agent=$!
      sleep "$WARMUP"
      snapshot "$OUT/t0.prom"; w0=$(date +%s%N)
      sleep "$WINDOW"
      snapshot "$OUT/t1.prom"; w1=$(date +%s%N)
      i0=$(value wca_iterations "" "$OUT/t0.prom"); i1=$(value wca_iterations "" "$OUT/t1.prom")
      # Stage averages since start, turned into averages over the window: (avg1*i1 - avg0*i0) / (i1 - i0).
      window_ms() {
        awk -v a0="$(value wca_duration_seconds_avg "function=\"$1\"" "$OUT/t0.prom")" \
            -v a1="$(value wca_duration_seconds_avg "function=\"$1\"" "$OUT/t1.prom")" -v i0="$i0" -v i1="$i1" \
            'BEGIN {printf "%.3f", (a1 * i1 - a0 * i0) / (i1 - i0) * 1000}'
      }
      wall=$(window_ms iteration)
      store=$(window_ms store)
      alloc=$(awk -v a0="$(value wca_gc_allocated_bytes "" "$OUT/t0.prom")" -v a1="$(value wca_gc_allocated_bytes "" "$OUT/t1.prom")" \
        -v i0="$i0" -v i1="$i1" 'BEGIN {printf "%.0f", (a1 - a0) / (i1 - i0)}')
      rss=$(awk '/^VmHWM/ {print $2}' /proc/"$agent"/status)
      # The files the agent keeps open are the floor's file set (its own /proc/<pid> files become /proc/self).
      for fd in /proc/"$agent"/fd/*; do readlink "$fd" || true; done \
        | grep -E "^(/proc|/sys)" | sed -E "s#^/proc/$agent/#/proc/self/#" | sort -u >"$OUT/files-$n-$set.txt"
      kill -TERM "$agent"; wait "$agent" || true
      size=$(stat -c %s "$OUT/t1.prom")
      files=$(wc -l <"$OUT/files-$n-$set.txt")
      its=$((i1 - i0))
      # The agent's own getrusage (all threads, also those that ended) at the two packages.
      cpu=$(awk -v c0="$(value wca_cpu_usage_seconds "" "$OUT/t0.prom")" -v c1="$(value wca_cpu_usage_seconds "" "$OUT/t1.prom")" \
        -v i="$its" 'BEGIN {printf "%.3f", (c1 - c0) * 1000 / i}')
      # The floor reads the same files (both builds open the same set), measured once per N and set.
      if [ -z "$fcad" ]; then
        read -r _ _ _ fcad _ _ fbytes <<<"$("$OUT/floor" pread "$OUT/files-$n-$set.txt" "$FLOOR_ITERATIONS" "$OUT/floor.prom" "$INTERVAL")"
        read -r _ _ _ fp _ <<<"$("$OUT/floor" pread "$OUT/files-$n-$set.txt" 200 "$OUT/floor.prom")"
        read -r _ _ _ fo _ <<<"$("$OUT/floor" open "$OUT/files-$n-$set.txt" 200 "$OUT/floor.prom")"
      fi
      ratio=$(awk -v a="$cpu" -v b="$fcad" 'BEGIN {printf "%.1f", a / b}')
      wallit=$(awk -v a="$wall" -v b="$store" 'BEGIN {printf "%.3f", a + b}')
      printf "| %s | %s | %s | %s | %s | %s | %s | %.1f | %.0f | %s | %s | %s | %.0f | %sx |\n" "$n" "$set" "$build" "$files" "$cpu" "$wallit" "$alloc" \
        "$(awk -v r="$rss" 'BEGIN {print r / 1024}')" "$(awk -v s="$size" 'BEGIN {print s / 1024}')" "$fcad" "$fp" "$fo" \
        "$(awk -v s="$fbytes" 'BEGIN {print s / 1024}')" "$ratio" \
        | tee -a "$OUT/results.md"
      echo "  (N=$n $set $build: $its iterations in ${WINDOW}s window, $(( (w1 - w0) / 1000000 )) ms)" >&2
    done
  done
done
echo "results: $OUT/results.md"
