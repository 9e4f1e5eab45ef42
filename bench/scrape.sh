#!/usr/bin/env bash
# What serving metrics to Prometheus costs, against writing the same package to a file (LogStorage overwrite):
# per N real cgroups and per dist build, the store stage per iteration (render into the buffer vs write + rename),
# the agent's CPU per scrape (1000 scrapes over one keep-alive connection between two iterations), and VmHWM
# with each sink after a window at 0.1 s with one scrape a second. Needs root; removes what it creates.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "bench/scrape.sh must run as root (it creates cgroups)" >&2; exit 1; }

SIZES=${BENCH_N:-"10 1000"}
BUILDS=${BENCH_BUILDS:-"dist/wca dist/wca-jit"}
WARMUP=${BENCH_WARMUP:-10}
WINDOW=${BENCH_WINDOW:-10}
SCRAPES=${BENCH_SCRAPES:-1000}
CG=${WCA_CGROUP_ROOT:-/sys/fs/cgroup}
PREFIX=wca-bench-$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
OUT=bench/out
PORT=${BENCH_PORT:-19112}
mkdir -p "$OUT"
for b in $BUILDS; do [ -x "$b" ] || { echo "$b missing: make dist" >&2; exit 1; }; done

HIERARCHIES=()
for h in cpu cpuacct memory unified; do
  [ -d "$CG/$h" ] && [ -w "$CG/$h" ] && HIERARCHIES+=("$CG/$h")
done
[ -f "$CG/cgroup.controllers" ] && HIERARCHIES=("$CG")
SLEEPERS=()
AGENT=
cleanup() {
  [ -n "$AGENT" ] && kill "$AGENT" 2>/dev/null || true
  for pid in "${SLEEPERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for h in "${HIERARCHIES[@]}"; do
    [ -d "$h/$PREFIX" ] || continue
    for d in "$h/$PREFIX"/*/; do rmdir "$d" 2>/dev/null || true; done
    rmdir "$h/$PREFIX" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap "exit 130" INT TERM

value() { awk -v m="$1" -v l="$2" 'index($0, m "{") == 1 && index($0, l) { sub(/.*\} /, ""); print $1; exit }' "$3"; }
# CPU time of every thread in ns (schedstat: tick-free, unlike utime/stime's 10 ms steps).
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{s += $1} END {printf "%.0f", s}'; }
URL=http://127.0.0.1:$PORT/metrics

config() { # n storage interval
  echo "runner: !MeasurementRunner"
  echo "  node: !StaticNode"
  echo "    tasks:"
  for i in $(seq 1 "$1"); do echo "      - /$PREFIX/t$i"; done
  if [ "$2" = file ]; then
    echo "  metrics_storage: !LogStorage {output_filename: $PWD/$OUT/scrape.prom, overwrite: true}"
  else
    echo "  metrics_storage: !PrometheusStorage {listen: \"127.0.0.1:$PORT\"}"
  fi
  echo "  interval: $3"
}

echo "| N | build | sink | store ms/iter | agent CPU ms/iter | package KB | CPU µs/scrape | peak RSS MB |" >"$OUT/scrape.md"
echo "|---|---|---|---|---|---|---|---|" >>"$OUT/scrape.md"
created=0
for n in $SIZES; do
  for h in "${HIERARCHIES[@]}"; do mkdir -p "$h/$PREFIX"; done
  while [ "$created" -lt "$n" ]; do
    created=$((created + 1)); sleep 100000 & SLEEPERS+=("$!")
    for h in "${HIERARCHIES[@]}"; do mkdir -p "$h/$PREFIX/t$created"; echo "${SLEEPERS[-1]}" >"$h/$PREFIX/t$created/cgroup.procs"; done
  done
  for WCA in $BUILDS; do
    for sink in file prometheus; do
      config "$n" "$sink" 0.1 >"$OUT/scrape.yaml"
      "$WCA" -c "$OUT/scrape.yaml" --root -l warning >"$OUT/scrape.log" 2>&1 & AGENT=$!
      snap() { if [ "$sink" = file ]; then cp "$OUT/scrape.prom" "$1"; else curl -sf "$URL" -o "$1"; fi; }
      sleep "$WARMUP"; snap "$OUT/s0.prom"
      for _ in $(seq 1 "$WINDOW"); do sleep 1; [ "$sink" = file ] || curl -sf "$URL" -o /dev/null; done
      snap "$OUT/s1.prom"
      i0=$(value wca_iterations "" "$OUT/s0.prom"); i1=$(value wca_iterations "" "$OUT/s1.prom")
      store=$(awk -v a0="$(value wca_duration_seconds_avg 'function="store"' "$OUT/s0.prom")" -v a1="$(value wca_duration_seconds_avg 'function="store"' "$OUT/s1.prom")" \
        -v i0="$i0" -v i1="$i1" 'BEGIN {printf "%.3f", (a1 * i1 - a0 * i0) / (i1 - i0) * 1000}')
      cpu=$(awk -v c0="$(value wca_cpu_usage_seconds "" "$OUT/s0.prom")" -v c1="$(value wca_cpu_usage_seconds "" "$OUT/s1.prom")" \
        -v i="$((i1 - i0))" 'BEGIN {printf "%.3f", (c1 - c0) * 1000 / i}')
      rss=$(awk '/^VmHWM/ {printf "%.1f", $2 / 1024}' /proc/"$AGENT"/status)
      size=$(stat -c %s "$OUT/s1.prom")
      kill -TERM "$AGENT"; wait "$AGENT" || true; AGENT=
      per_scrape=-
      if [ "$sink" = prometheus ]; then
        # One iteration at start, none for a minute: the agent's CPU over the burst is the scrapes'.
        config "$n" "$sink" 60 >"$OUT/scrape.yaml"
        "$WCA" -c "$OUT/scrape.yaml" --root -l warning >"$OUT/scrape.log" 2>&1 & AGENT=$!
        sleep 3; curl -sf "$URL" -o /dev/null; sleep 1
        urls=(); for _ in $(seq 1 "$SCRAPES"); do urls+=("$URL" -o /dev/null); done
        t0=$(cpu_ns "$AGENT"); curl -sf "${urls[@]}"; t1=$(cpu_ns "$AGENT")
        per_scrape=$(awk -v d="$((t1 - t0))" -v k="$SCRAPES" 'BEGIN {printf "%.0f", d / k / 1000}')
        kill -TERM "$AGENT"; wait "$AGENT" || true; AGENT=
      fi
      printf "| %s | %s | %s | %s | %s | %.0f | %s | %s |\n" "$n" "$(basename "$WCA")" "$sink" "$store" "$cpu" \
        "$(awk -v s="$size" 'BEGIN {print s / 1024}')" "$per_scrape" "$rss" | tee -a "$OUT/scrape.md"
    done
  done
done
echo "results: $OUT/scrape.md"
