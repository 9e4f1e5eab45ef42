#!/usr/bin/env bash
# N cgroups with a sleeper each; the same StaticNode measured by a MeasurementRunner and by an AllocationRunner with a
# StaticAllocator rule per task asking for what the kernel already holds. Per-iteration wall and CPU from the agent's
# own metrics over a window; then strace of the allocation agent: syscalls, and any write-open of a cgroup file.
set -euo pipefail
N=${N:-1000}; WARMUP=${WARMUP:-15}; WINDOW=${WINDOW:-20}; INTERVAL=${INTERVAL:-0.5}; SET=${SET:-task_cpu_usage_seconds}
WCA=${WCA:-dist/wca}
OUT=$(mktemp -d /tmp/allocbench.XXXX)
PREFIX=wca-bench-alloc-$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
H=(/sys/fs/cgroup/cpu /sys/fs/cgroup/cpuacct /sys/fs/cgroup/memory /sys/fs/cgroup/cpuset)
SLEEPERS=()
cleanup() {
  for pid in "${SLEEPERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for h in "${H[@]}"; do [ -d "$h/$PREFIX" ] || continue; for d in "$h/$PREFIX"/*/; do rmdir "$d" 2>/dev/null || true; done; rmdir "$h/$PREFIX" 2>/dev/null || true; done
}
trap cleanup EXIT
for h in "${H[@]}"; do mkdir -p "$h/$PREFIX"; done
cat /sys/fs/cgroup/cpuset/cpuset.cpus > /sys/fs/cgroup/cpuset/$PREFIX/cpuset.cpus; cat /sys/fs/cgroup/cpuset/cpuset.mems > /sys/fs/cgroup/cpuset/$PREFIX/cpuset.mems
for i in $(seq 1 "$N"); do
  sleep 100000 & pid=$!; SLEEPERS+=("$pid")
  for h in "${H[@]}"; do mkdir -p "$h/$PREFIX/t$i"; done
  cat /sys/fs/cgroup/cpuset/cpuset.cpus > /sys/fs/cgroup/cpuset/$PREFIX/t$i/cpuset.cpus; cat /sys/fs/cgroup/cpuset/cpuset.mems > /sys/fs/cgroup/cpuset/$PREFIX/t$i/cpuset.mems
  for h in "${H[@]}"; do echo "$pid" > "$h/$PREFIX/t$i/cgroup.procs"; done
done
value() { awk -v m="$1" -v l="$2" 'index($0, m "{") == 1 && index($0, l) { sub(/.*\} /, ""); print $1; exit }' "$3"; }
measure_keys() {
  echo "    node: !StaticNode"; echo "      tasks:"; for i in $(seq 1 "$N"); do echo "        - $PREFIX/t$i"; done
  echo "    metrics_storage: !LogStorage {output_filename: $OUT/$1.prom, overwrite: true}"
  echo "    interval: $INTERVAL"
  [ "$SET" = all ] || { echo "    task_metrics: [$SET]"; }
}
{ echo "runner: !MeasurementRunner"; measure_keys measure | sed 's/^  //'; } > "$OUT/measure.yaml"
{ echo "runner: !AllocationRunner"; echo "  measurement_runner: !MeasurementRunner"; measure_keys allocate
  echo "  allocations_storage: !LogStorage {output_filename: $OUT/allocations.prom, overwrite: true}"
  echo "  anomalies_storage: !LogStorage {output_filename: $OUT/anomalies.prom, overwrite: true}"
  echo "  allocator: !StaticAllocator"; echo "    rules:"
  for i in $(seq 1 "$N"); do echo "      - {task_id: $PREFIX/t$i, allocations: {cpu_quota: 1.0, cpu_shares: 1.024}}"; done
} > "$OUT/allocate.yaml"
run() { # name
  "$WCA" -c "$OUT/$1.yaml" --root -l warning > "$OUT/$1.log" 2>&1 & local agent=$!
  sleep "$WARMUP"; cp "$OUT/$1.prom" "$OUT/$1-0.prom"; sleep "$WINDOW"; cp "$OUT/$1.prom" "$OUT/$1-1.prom"
  kill "$agent"; wait "$agent" 2>/dev/null || true
  local i0 i1 a0 a1 c0 c1
  i0=$(value wca_iterations "" "$OUT/$1-0.prom"); i1=$(value wca_iterations "" "$OUT/$1-1.prom")
  a0=$(value wca_duration_seconds_avg 'function="iteration"' "$OUT/$1-0.prom"); a1=$(value wca_duration_seconds_avg 'function="iteration"' "$OUT/$1-1.prom")
  c0=$(value wca_cpu_usage_seconds "" "$OUT/$1-0.prom"); c1=$(value wca_cpu_usage_seconds "" "$OUT/$1-1.prom")
  awk -v n="$1" -v i0="$i0" -v i1="$i1" -v a0="$a0" -v a1="$a1" -v c0="$c0" -v c1="$c1" \
    'BEGIN { printf "%s: %d iterations, wall %.2f ms/iter (iteration stage), CPU %.2f ms/iter\n", n, i1-i0, (a1*i1-a0*i0)/(i1-i0)*1000, (c1-c0)/(i1-i0)*1000 }'
  for f in prepare_tasks_data store read_allocations allocate apply_allocations store_allocations; do
    a0=$(value wca_duration_seconds_avg "function=\"$f\"" "$OUT/$1-0.prom"); a1=$(value wca_duration_seconds_avg "function=\"$f\"" "$OUT/$1-1.prom")
    [ -n "$a1" ] && awk -v f="$f" -v i0="$i0" -v i1="$i1" -v a0="$a0" -v a1="$a1" 'BEGIN { printf "  %s %.2f ms\n", f, (a1*i1-a0*i0)/(i1-i0)*1000 }' || true
  done
  true
}
[ -n "${SKIP_MEASURE:-}" ] || run measure
run allocate
grep -E '^allocation_duration|^allocations_(count|errors)' "$OUT/allocations.prom" | head -3
# strace: every syscall of the allocation agent for a few iterations after warm-up.
"$WCA" -c "$OUT/allocate.yaml" --root -l warning > "$OUT/strace-agent.log" 2>&1 & agent=$!
sleep "$WARMUP"
timeout 5 strace -f -p "$agent" -e trace=openat,write,pwrite64,writev -o "$OUT/strace.txt" 2>/dev/null || true
timeout 5 strace -c -f -p "$agent" -o "$OUT/strace-c.txt" 2>/dev/null || true
kill "$agent"; wait "$agent" 2>/dev/null || true
echo "write-opens of cgroup files: $(grep -cE 'openat\(.*/sys/fs/cgroup.*O_(WRONLY|RDWR)' "$OUT/strace.txt" || true)"
echo "openat calls traced (5 s): $(grep -c 'openat(' "$OUT/strace.txt" || true)"
head -25 "$OUT/strace-c.txt"
echo "out: $OUT"
