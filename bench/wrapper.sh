#!/usr/bin/env bash
# The workload wrapper at 100,000 lines per second (issue 15): does it keep up, and what does a line cost?
#
# Usage: bench/wrapper.sh [seconds]   (default 20; WRAPPER=path/to/wca-wrapper, else dist/wca-wrapper, else the dll)
#
# A small C generator (built here) prints "latency=<n> qps=<n>" lines at RATE lines/s (1000 every 10 ms, by the
# monotonic clock) as the wrapper's child; the wrapper parses them with the default parser, echoes them to
# /dev/null and appends the metrics to a file. The generator writes into the pipe: if the wrapper fell behind, the
# pipe would fill, writes would block and the generator would fall behind its schedule, so its largest lag
# (reported at the end) is the backlog. The wrapper's CPU is utime+stime of its /proc/<pid>/stat over the run,
# divided by the lines it read. Two runs: one batch per line (no --separator), and blocks of 100 lines (--separator).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-20}
rate=${RATE:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -n ${WRAPPER:-} ]]; then wrapper=("$WRAPPER")
elif [[ -x $root/dist/wca-wrapper ]]; then wrapper=("$root/dist/wca-wrapper")
else
    dotnet build "$root/src/Wca.Wrapper/Wca.Wrapper.csproj" -c Release -nologo -v q >/dev/null
    wrapper=(dotnet "$root/src/Wca.Wrapper/bin/Release/net10.0/wca-wrapper.dll")
fi

cat >"$work/lines.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
/* lines RATE SECONDS SEPARATOR_EVERY(0 = none): prints RATE lines/s for SECONDS; reports its largest lag on stderr. */
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(int argc, char **argv) {
    long rate = atol(argv[1]), seconds = atol(argv[2]), every = atol(argv[3]);
    long total = rate * seconds, chunk = rate / 100, written = 0;
    static char buffer[1 << 20];
    double start = now(), lag = 0;
    while (written < total) {
        size_t n = 0;
        for (long i = 0; i < chunk && written < total; i++, written++) {
            n += sprintf(buffer + n, "latency=%ld qps=%ld\n", written % 997, written % 89);
            if (every > 0 && (written + 1) % every == 0) n += sprintf(buffer + n, "---\n");
        }
        for (size_t off = 0; off < n;) { ssize_t w = write(1, buffer + off, n - off); if (w < 0) return 1; off += w; }
        double due = start + (double)written / rate, t = now();
        if (t - due > lag) lag = t - due;
        if (due > t) { struct timespec s = { 0, (long)((due - t) * 1e9) }; nanosleep(&s, NULL); }
    }
    fprintf(stderr, "generator: %ld lines in %.2f s, largest lag behind schedule %.3f s\n", written, now() - start, lag);
    return 0;
}
C
cc -O2 -o "$work/lines" "$work/lines.c"
ticks=$(getconf CLK_TCK)

run() { # $1 = label, $2 = separator every N lines (0 = none)
    local args=(--command "$work/lines $rate $seconds $2" --parser default --storage_output_filename "$work/apms.prom" --log_level WARNING)
    [[ $2 != 0 ]] && args+=(--separator=---)
    : >"$work/apms.prom"
    "${wrapper[@]}" "${args[@]}" >/dev/null 2>"$work/stderr" &
    local pid=$! cpu=0 hwm=0
    while kill -0 $pid 2>/dev/null; do
        if read -r -a stat <"/proc/$pid/stat" 2>/dev/null; then cpu=$(( stat[13] + stat[14] )); fi
        hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "$hwm")
        sleep 0.5
    done
    wait $pid || true
    local lines=$(( rate * seconds )) samples
    samples=$(grep -c '^latency ' "$work/apms.prom" || true)
    printf '%-28s %s\n' "$1" "$(grep generator "$work/stderr")"
    printf '%-28s wrapper CPU %.2f s = %.2f us/line; peak RSS %d MB; latency samples stored %d of %d; %s\n' "" \
        "$(echo "$cpu / $ticks" | bc -l)" "$(echo "$cpu / $ticks * 1000000 / $lines" | bc -l)" $(( hwm / 1024 )) "$samples" "$lines" \
        "$(grep -h 'dropped' "$work/stderr" || echo 'no batch dropped')"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); wrapper: ${wrapper[*]}; $rate lines/s for $seconds s"
run "one batch per line" 0
run "blocks of 100 lines" 100
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
