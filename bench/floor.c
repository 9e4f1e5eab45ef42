/*
 * The C floor for one measurement iteration: read the same files the agent keeps open, parse every
 * number in them and write a Prometheus-like text package to a file (temp + rename, as LogStorage
 * overwrite does). It is the least work any agent can do for that file set, so the agent's cost is
 * judged against it.
 *
 *   floor pread|open FILE_LIST ITERATIONS OUTPUT [INTERVAL_SECONDS]
 *
 * pread: every file opened once, read with pread(offset 0) each iteration (what wca does).
 * open:  open/read/close per file per iteration (what the original Python agent does).
 * INTERVAL_SECONDS: sleep that long between iterations, as the agent does. Back to back, the kernel's cgroup
 * structures stay in the CPU caches and a pread costs about half of what it costs at an agent's cadence.
 * Prints one line: mode files iterations cpu_ms_per_iteration wall_ms_per_iteration maxrss_kb out_bytes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval tv) { return tv.tv_sec + tv.tv_usec / 1e6; }

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Parses every number in buf and appends one sample per line (its first number):
 * floor_value{file="i",line="j"} v ts. */
static size_t emit(char *out, size_t pos, const char *buf, ssize_t n, int file, long long ts) {
    int line = 0, emitted = 0;
    for (ssize_t i = 0; i < n;) {
        if (buf[i] >= '0' && buf[i] <= '9') {
            unsigned long long v = 0;
            while (i < n && buf[i] >= '0' && buf[i] <= '9') v = v * 10 + (unsigned)(buf[i++] - '0');
            if (!emitted) {
                pos += (size_t)sprintf(out + pos, "floor_value{file=\"%d\",line=\"%d\"} %llu %lld\n", file, line, v, ts);
                emitted = 1;
            }
        } else {
            if (buf[i] == '\n') { line++; emitted = 0; }
            i++;
        }
    }
    return pos;
}

int main(int argc, char **argv) {
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: floor pread|open FILE_LIST ITERATIONS OUTPUT [INTERVAL_SECONDS]\n");
        return 2;
    }
    int use_pread = strcmp(argv[1], "pread") == 0;
    long iterations = atol(argv[3]);
    double interval = argc == 6 ? atof(argv[5]) : 0;
    struct timespec pause = {(time_t)interval, (long)((interval - (double)(time_t)interval) * 1e9)};
    const char *output = argv[4];
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", output);

    FILE *list = fopen(argv[2], "r");
    if (!list) { perror(argv[2]); return 1; }
    char **paths = NULL;
    int files = 0, cap = 0;
    char line[4096];
    while (fgets(line, sizeof line, list)) {
        line[strcspn(line, "\n")] = 0;
        if (!line[0]) continue;
        if (files == cap) { cap = cap ? cap * 2 : 256; paths = realloc(paths, cap * sizeof *paths); }
        paths[files++] = strdup(line);
    }
    fclose(list);

    int *fds = calloc((size_t)files, sizeof *fds);
    if (use_pread)
        for (int i = 0; i < files; i++) fds[i] = open(paths[i], O_RDONLY | O_CLOEXEC);

    size_t out_cap = (size_t)files * 64 * 128 + 4096;
    char *out = malloc(out_cap);
    char buf[16384];
    size_t out_bytes = 0;

    struct rusage r0, r1;
    getrusage(RUSAGE_SELF, &r0);
    double w0 = now();
    for (long it = 0; it < iterations; it++) {
        if (interval > 0 && it > 0) nanosleep(&pause, NULL);
        size_t pos = 0;
        struct timespec wall;
        clock_gettime(CLOCK_REALTIME, &wall);
        long long ts = (long long)wall.tv_sec * 1000 + wall.tv_nsec / 1000000;
        for (int i = 0; i < files; i++) {
            ssize_t n;
            if (use_pread) {
                if (fds[i] < 0) continue;
                n = pread(fds[i], buf, sizeof buf, 0);
            } else {
                int fd = open(paths[i], O_RDONLY | O_CLOEXEC);
                if (fd < 0) continue;
                n = read(fd, buf, sizeof buf);
                close(fd);
            }
            if (n > 0 && pos + 64 * 128 < out_cap) pos = emit(out, pos, buf, n, i, ts);
        }
        int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) { perror(tmp); return 1; }
        for (size_t done = 0; done < pos;) {
            ssize_t w = write(fd, out + done, pos - done);
            if (w <= 0) { perror("write"); return 1; }
            done += (size_t)w;
        }
        close(fd);
        if (rename(tmp, output) != 0) { perror("rename"); return 1; }
        out_bytes = pos;
    }
    double w1 = now();
    getrusage(RUSAGE_SELF, &r1);
    double cpu = (seconds(r1.ru_utime) - seconds(r0.ru_utime)) + (seconds(r1.ru_stime) - seconds(r0.ru_stime));
    printf("%s %d %ld %.3f %.3f %ld %zu\n", argv[1], files, iterations, cpu * 1000 / iterations,
           (w1 - w0) * 1000 / iterations, r1.ru_maxrss, out_bytes);
    return 0;
}
