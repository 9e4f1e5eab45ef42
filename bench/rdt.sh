#!/usr/bin/env bash
# RDT monitoring cost at N tasks: N cgroups with a sleeper each, a resctrl tree of plain files on tmpfs (the kernel's
# layout for 2 L3 domains, one wca-<task> monitoring group per task holding its pid, as a restarted agent finds
# them), and the same StaticNode measured by a MeasurementRunner with rdt_enabled: false and with rdt_enabled: true
# (WCA_RESCTRL_ROOT = the tree). The difference is RDT's extra cost per iteration: the pid sync (the task cgroup's
# tasks file read, compared, nothing written while unchanged) and 6 mon_data reads. The C floor (bench/floor.c, open
# mode: open/read/close per file, as the agent reads these) reads the same N tasks files and 6N counter files.
# A real resctrl's counter reads cost a little more (kernfs + an MSR read on the domain's CPU, IPI when remote).
set -euo pipefail
N=${N:-1000}; WARMUP=${WARMUP:-15}; WINDOW=${WINDOW:-20}; INTERVAL=${INTERVAL:-1}
WCA=${WCA:-dotnet src/Wca/bin/Release/net10.0/wca.dll}
OUT=$(mktemp -d /tmp/rdtbench.XXXX)
PREFIX=wca-bench-rdt-$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
H=(/sys/fs/cgroup/cpu /sys/fs/cgroup/cpuacct /sys/fs/cgroup/memory)
RESCTRL=/dev/shm/$PREFIX-resctrl
SLEEPERS=()
cleanup() {
  for pid in "${SLEEPERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for h in "${H[@]}"; do [ -d "$h/$PREFIX" ] || continue; for d in "$h/$PREFIX"/*/; do rmdir "$d" 2>/dev/null || true; done; rmdir "$h/$PREFIX" 2>/dev/null || true; done
  rm -rf "$RESCTRL"
}
trap cleanup EXIT
gcc -O2 -o "$OUT/floor" bench/floor.c
for h in "${H[@]}"; do mkdir -p "$h/$PREFIX"; done
# The resctrl root of a 2-socket machine (resctrl.rst, "Info directory").
mkdir -p "$RESCTRL"/{info/L3,info/MB,info/L3_MON,mon_groups,mon_data/mon_L3_00,mon_data/mon_L3_01}
: > "$RESCTRL/tasks"; printf 'L3:0=fffff;1=fffff\nMB:0=100;1=100\n' > "$RESCTRL/schemata"
echo fffff > "$RESCTRL/info/L3/cbm_mask"; echo 1 > "$RESCTRL/info/L3/min_cbm_bits"; echo 16 > "$RESCTRL/info/L3/num_closids"; echo 0 > "$RESCTRL/info/L3/shareable_bits"
echo 10 > "$RESCTRL/info/MB/bandwidth_gran"; echo 10 > "$RESCTRL/info/MB/min_bandwidth"; echo 8 > "$RESCTRL/info/MB/num_closids"; echo 1 > "$RESCTRL/info/MB/delay_linear"
printf 'llc_occupancy\nmbm_total_bytes\nmbm_local_bytes\n' > "$RESCTRL/info/L3_MON/mon_features"; echo $((N + 16)) > "$RESCTRL/info/L3_MON/num_rmids"
echo ok > "$RESCTRL/info/last_cmd_status"
for d in 00 01; do for c in llc_occupancy mbm_total_bytes mbm_local_bytes; do echo 0 > "$RESCTRL/mon_data/mon_L3_$d/$c"; done; done
# The agent's group names (RdtGroupName: '/' of the task id becomes '_' plus an FNV-1a hash of the id's UTF-16 bytes).
names() { python3 - "$PREFIX" "$N" <<'PY'
import sys
prefix, n = sys.argv[1], int(sys.argv[2])
for i in range(1, n + 1):
    tid = f"{prefix}/t{i}"
    h = 2166136261
    for ch in tid:
        for b in (ord(ch) & 0xff, ord(ch) >> 8):
            h = ((h ^ b) * 16777619) & 0xffffffff
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in tid)
    print(f"wca-{safe}-{h:08x}")
PY
}
mapfile -t GROUPS_ < <(names)
: > "$OUT/floor-files.txt"
for i in $(seq 1 "$N"); do
  sleep 100000 & pid=$!; SLEEPERS+=("$pid")
  for h in "${H[@]}"; do mkdir -p "$h/$PREFIX/t$i"; echo "$pid" > "$h/$PREFIX/t$i/cgroup.procs"; done
  g="$RESCTRL/mon_groups/${GROUPS_[$((i - 1))]}"
  mkdir -p "$g/mon_data/mon_L3_00" "$g/mon_data/mon_L3_01"; echo "$pid" > "$g/tasks"
  echo "/sys/fs/cgroup/cpuacct/$PREFIX/t$i/tasks" >> "$OUT/floor-files.txt"
  for d in 00 01; do for c in llc_occupancy mbm_total_bytes mbm_local_bytes; do echo $((i * 4096)) > "$g/mon_data/mon_L3_$d/$c"; echo "$g/mon_data/mon_L3_$d/$c" >> "$OUT/floor-files.txt"; done; done
done
value() { awk -v m="$1" -v l="$2" 'index($0, m "{") == 1 && index($0, l) { sub(/.*\} /, ""); print $1; exit }' "$3"; }
config() { # name rdt_enabled
  { echo "runner: !MeasurementRunner"; echo "  node: !StaticNode"; echo "    tasks:"; for i in $(seq 1 "$N"); do echo "      - $PREFIX/t$i"; done
    echo "  metrics_storage: !LogStorage {output_filename: $OUT/$1.prom, overwrite: true}"
    echo "  interval: $INTERVAL"; echo "  rdt_enabled: $2"; } > "$OUT/$1.yaml"
}
config off false; config on true
run() { # name
  WCA_RESCTRL_ROOT=$RESCTRL $WCA -c "$OUT/$1.yaml" --root -l warning > "$OUT/$1.log" 2>&1 & local agent=$!
  sleep "$WARMUP"; cp "$OUT/$1.prom" "$OUT/$1-0.prom"; sleep "$WINDOW"; cp "$OUT/$1.prom" "$OUT/$1-1.prom"
  kill "$agent"; wait "$agent" 2>/dev/null || true
  local i0 i1 a0 a1 c0 c1
  i0=$(value wca_iterations "" "$OUT/$1-0.prom"); i1=$(value wca_iterations "" "$OUT/$1-1.prom")
  a0=$(value wca_duration_seconds_avg 'function="iteration"' "$OUT/$1-0.prom"); a1=$(value wca_duration_seconds_avg 'function="iteration"' "$OUT/$1-1.prom")
  c0=$(value wca_cpu_usage_seconds "" "$OUT/$1-0.prom"); c1=$(value wca_cpu_usage_seconds "" "$OUT/$1-1.prom")
  awk -v n="$1" -v i0="$i0" -v i1="$i1" -v a0="$a0" -v a1="$a1" -v c0="$c0" -v c1="$c1" \
    'BEGIN { printf "rdt %s: %d iterations, wall %.2f ms/iter (iteration stage), CPU %.2f ms/iter\n", n, i1-i0, (a1*i1-a0*i0)/(i1-i0)*1000, (c1-c0)/(i1-i0)*1000 }'
}
run off
before=$(stat -c %Y "$RESCTRL/mon_groups/${GROUPS_[0]}/tasks")
run on
echo "llc series in the last package: $(grep -c '^task_llc_occupancy_bytes{' "$OUT/on-1.prom" || true) (of $N tasks)"
echo "tasks files written after the first iteration: $(find "$RESCTRL/mon_groups" -name tasks -newer "$OUT/on-0.prom" | wc -l)"
grep -E 'WARN|ERROR' "$OUT/on.log" | head -3 || true
read -r _ files _ fcpu fwall _ _ <<<"$("$OUT/floor" open "$OUT/floor-files.txt" 20 "$OUT/floor.prom" "$INTERVAL")"
echo "floor (open/read/close of the same $files files, at the interval): CPU $fcpu ms/iter, wall $fwall ms/iter"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "out: $OUT"
