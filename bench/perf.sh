#!/usr/bin/env bash
# Task perf counters at N real cgroups (default 1000), 4 software events on every online CPU, against the C floor
# (bench/perf_floor.c: the same groups opened and read once per cgroup and CPU at the agent's cadence).
# Creates cgroups only under a unique prefix (cpu, cpuacct, memory, cgroup2), one sleep in each, removes all on exit.
# Needs root. BENCH_WCA = the agent to run (default: the JIT build `dotnet src/Wca/bin/Release/net10.0/wca.dll`;
# the AOT one: dotnet publish src/Wca/Wca.csproj -c Release -r linux-x64 -p:PublishAot=true -o /tmp/i12-aot, then
# BENCH_WCA=/tmp/i12-aot/wca). BENCH_PROFILE=1 also records the agent with perf during the window and prints
# where its CPU goes (the figures of that run include perf's own sampling).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "bench/perf.sh must run as root (it creates cgroups)" >&2; exit 1; }
N=${BENCH_N:-1000}
INTERVAL=${BENCH_INTERVAL:-0.1}
WARMUP=${BENCH_WARMUP:-15}
WINDOW=${BENCH_WINDOW:-15}
WCA=${BENCH_WCA:-"dotnet src/Wca/bin/Release/net10.0/wca.dll"}
CG=${WCA_CGROUP_ROOT:-/sys/fs/cgroup}
PREFIX=wca-bench-perf-$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
OUT=bench/out
mkdir -p "$OUT"
gcc -O2 -o "$OUT/perf_floor" bench/perf_floor.c
HIERARCHIES=()
for h in cpu cpuacct memory unified; do [ -d "$CG/$h" ] && HIERARCHIES+=("$CG/$h"); done
[ -f "$CG/cgroup.controllers" ] && HIERARCHIES=("$CG")
PERF_ROOT=$CG/unified; [ -d "$CG/perf_event" ] && PERF_ROOT=$CG/perf_event; [ -f "$CG/cgroup.controllers" ] && PERF_ROOT=$CG
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for h in "${HIERARCHIES[@]}"; do
    [ -d "$h/$PREFIX" ] || continue
    for d in "$h/$PREFIX"/*/; do rmdir "$d" 2>/dev/null || true; done
    rmdir "$h/$PREFIX" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap "exit 130" INT TERM
TASKS=()
for i in $(seq 1 "$N"); do
  for h in "${HIERARCHIES[@]}"; do mkdir -p "$h/$PREFIX/t$i"; done
  sleep 3600 & pid=$!; PIDS+=("$pid")
  for h in "${HIERARCHIES[@]}"; do echo "$pid" > "$h/$PREFIX/t$i/cgroup.procs"; done
  TASKS+=("$PREFIX/t$i")
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$N"); do echo "$PERF_ROOT/$PREFIX/t$i"; done > "$OUT/perf-dirs.txt"
echo "floor at the agent's cadence: $("$OUT/perf_floor" 100 100 < "$OUT/perf-dirs.txt")"
echo "floor back to back:           $("$OUT/perf_floor" 200 0 < "$OUT/perf-dirs.txt")"
echo "floor reading and storing:    $("$OUT/perf_floor" 100 100 "$OUT/perf-floor.prom" < "$OUT/perf-dirs.txt")"

# The same agent twice, back to back: with the perf counters, and without them (event_names left out) as the
# baseline of everything else an iteration does (the node, platform files, internal metrics, storing). Their
# difference is what the counters cost, storing their ~6 N series included: that is what compares with the floor.
config() {
  echo "runner: !MeasurementRunner"
  echo "  interval: $INTERVAL"
  echo "  node: !StaticNode"
  echo "    tasks: [$(IFS=,; echo "${TASKS[*]}")]"
  echo "  metrics_storage: !LogStorage"
  echo "    output_filename: $OUT/wca-$1.prom"
  echo "    overwrite: true"
  [ "$1" = perf ] && echo "  event_names: [task_clock, context_switches, cpu_migrations, page_faults]"
  echo "  task_metrics: [task_perf_clock_seconds, task_perf_context_switches, task_perf_cpu_migrations, task_perf_page_faults, task_scaling_factor_avg, task_scaling_factor_max]"
}
metric() { grep -E "^$1(\{| )" "$2" | grep -E "${3:-.}" | head -1 | awk '{print $NF}'; }
# run NAME: starts the agent, waits for its first package, measures CPU per iteration over the window; sets CPU_MS.
run() {
  local name=$1 prom=$OUT/wca-$1.prom
  config "$name" > "$OUT/wca-$name.yaml"
  rm -f "$prom"
  local start; start=$(date +%s.%N)
  $WCA -c "$OUT/wca-$name.yaml" --root > "$OUT/wca-$name.log" 2>&1 & WPID=$!; PIDS+=("$WPID")
  until [ -f "$prom" ] && grep -q '^wca_iterations' "$prom"; do sleep 0.02; done
  local first; first=$(date +%s.%N)
  sleep "$WARMUP"; cp "$prom" "$OUT/a.prom"
  if [ -n "${BENCH_PROFILE:-}" ] && [ "$name" = perf ]; then
    # Where the agent's CPU goes (symbols: the AOT build's wca.dbg beside it, or DOTNET_PerfMapEnabled=1 for JIT)
    perf record -e cpu-clock -F 2000 -g -p "$WPID" -o "$OUT/wca-perf.data" -- sleep "$WINDOW" 2>/dev/null
    perf report -i "$OUT/wca-perf.data" --no-children --sort symbol --stdio 2>/dev/null | grep "%" | grep -v "^#" | head -"${BENCH_PROFILE_TOP:-50}" || true
  else sleep "$WINDOW"; fi
  cp "$prom" "$OUT/b.prom"
  local ia ib ca cb
  ia=$(metric wca_iterations "$OUT/a.prom"); ib=$(metric wca_iterations "$OUT/b.prom")
  ca=$(metric wca_cpu_usage_seconds "$OUT/a.prom"); cb=$(metric wca_cpu_usage_seconds "$OUT/b.prom")
  CPU_MS=$(echo "scale=3; ($cb - $ca) * 1000 / ($ib - $ia)" | bc)
  # The agent's own measure of the start-up opening (perf_event_open, reset, enable of every group), said once at Information.
  local opening; opening=$(grep -o 'perf: opened [0-9]* descriptors for [0-9]* task cgroups in [0-9.]* s' "$OUT/wca-$name.log" | head -1 || true)
  [ "$name" = perf ] && echo "wca $name: ${opening:-perf: no opening line in $OUT/wca-$name.log}"
  echo "wca $name: descriptors $(metric wca_perf_descriptors "$OUT/b.prom" 'scope="task"' || true), first package after $(echo "$first - $start" | bc) s" \
    "(start-up incl. runtime and opening), cpu ms/iteration $CPU_MS, peak RSS MB $(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$WPID/status")," \
    "lines per package $(grep -vc '^#' "$OUT/b.prom")"
  kill "$WPID"; wait "$WPID" 2>/dev/null || true
}
run perf; with=$CPU_MS
run baseline; without=$CPU_MS
echo "perf counters' cost (with - without): cpu ms/iteration $(echo "scale=3; $with - $without" | bc)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
