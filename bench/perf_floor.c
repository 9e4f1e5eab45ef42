// The floor of task perf counting: for each cgroup directory given on stdin (one path a line), one perf event group
// per online CPU of the 4 software events (task_clock, context_switches, cpu_migrations, page_faults) in cgroup
// mode, as the agent opens them; then ITERATIONS rounds of one group read(2) per cgroup and CPU, at INTERVAL_MS
// between rounds (0 = back to back), summing the values as the agent does. Prints the opening time, the descriptors
// and the CPU time per round (getrusage). With OUTPUT, each round also writes the package an agent must store, as
// bench/floor.c does for cgroup files: per cgroup its 4 sums over CPUs and the scaling factor's average and maximum,
// one line each, to a temporary file renamed over OUTPUT. Usage: perf_floor ITERATIONS INTERVAL_MS [OUTPUT] < dirs
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static double cpu(void) { struct rusage u; getrusage(RUSAGE_SELF, &u); return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6; }

int main(int argc, char **argv) {
  int iterations = argc > 1 ? atoi(argv[1]) : 100, interval_ms = argc > 2 ? atoi(argv[2]) : 100;
  const char *output = argc > 3 ? argv[3] : NULL;
  static const char *names[6] = {"task_perf_clock_seconds", "task_perf_context_switches", "task_perf_cpu_migrations",
                                 "task_perf_page_faults", "task_scaling_factor_avg", "task_scaling_factor_max"};
  char tmp[4096];
  if (output) snprintf(tmp, sizeof tmp, "%s.tmp", output);
  struct rlimit l; getrlimit(RLIMIT_NOFILE, &l); l.rlim_cur = l.rlim_max; setrlimit(RLIMIT_NOFILE, &l);
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  static const uint64_t configs[4] = {PERF_COUNT_SW_TASK_CLOCK, PERF_COUNT_SW_CONTEXT_SWITCHES, PERF_COUNT_SW_CPU_MIGRATIONS, PERF_COUNT_SW_PAGE_FAULTS};
  int cap = 1024, n = 0, *leaders = malloc(sizeof(int) * cap * ncpu);
  char line[4096];
  double t0 = now();
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    int dir = open(line, O_RDONLY | O_CLOEXEC);
    if (dir < 0) { perror(line); return 1; }
    if (n == cap) { cap *= 2; leaders = realloc(leaders, sizeof(int) * cap * ncpu); }
    for (long c = 0; c < ncpu; c++) {
      int leader = -1;
      for (int e = 0; e < 4; e++) {
        struct perf_event_attr a; memset(&a, 0, sizeof a);
        a.type = PERF_TYPE_SOFTWARE; a.size = sizeof a; a.config = configs[e];
        a.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING | PERF_FORMAT_ID;
        a.disabled = e == 0;
        int fd = syscall(SYS_perf_event_open, &a, dir, (int)c, leader, PERF_FLAG_PID_CGROUP | PERF_FLAG_FD_CLOEXEC);
        if (fd < 0) { perror("perf_event_open"); return 1; }
        if (e == 0) leader = fd;
      }
      ioctl(leader, PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP);
      ioctl(leader, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
      leaders[n * ncpu + c] = leader;
    }
    n++;
  }
  double opened = now() - t0;
  uint64_t buf[3 + 2 * 4];
  double sum = 0, c0 = cpu(), w0 = now();
  size_t out_cap = (size_t)n * 6 * 128 + 4096;
  char *out = output ? malloc(out_cap) : NULL;
  for (int i = 0; i < iterations; i++) {
    size_t pos = 0;
    struct timespec wall; clock_gettime(CLOCK_REALTIME, &wall);
    long long ts = (long long)wall.tv_sec * 1000 + wall.tv_nsec / 1000000;
    for (int t = 0; t < n; t++) {
      double values[6] = {0, 0, 0, 0, 0, 0};
      for (long c = 0; c < ncpu; c++) {
        if (read(leaders[t * ncpu + c], buf, sizeof buf) != sizeof buf) { perror("read"); return 1; }
        double scale = buf[2] == 0 ? 0 : (double)buf[1] / buf[2];
        for (int e = 0; e < 4; e++) values[e] += buf[3 + 2 * e] * scale;
        values[4] += scale / ncpu;
        if (scale > values[5]) values[5] = scale;
      }
      for (int e = 0; e < 4; e++) sum += values[e];
      if (out)
        for (int e = 0; e < 6; e++) // integral values as integers (as the agent writes them), others round-trip
          pos += values[e] == (double)(long long)values[e]
            ? (size_t)sprintf(out + pos, "%s{task=\"%d\"} %lld %lld\n", names[e], t, (long long)values[e], ts)
            : (size_t)sprintf(out + pos, "%s{task=\"%d\"} %.17g %lld\n", names[e], t, values[e], ts);
    }
    if (out) {
      int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd < 0) { perror(tmp); return 1; }
      for (size_t done = 0; done < pos;) {
        ssize_t w = write(fd, out + done, pos - done);
        if (w <= 0) { perror("write"); return 1; }
        done += (size_t)w;
      }
      close(fd);
      if (rename(tmp, output) != 0) { perror("rename"); return 1; }
    }
    if (interval_ms > 0) usleep(interval_ms * 1000);
  }
  double c1 = cpu(), w1 = now();
  printf("cgroups %d cpus %ld descriptors %ld open_seconds %.4f cpu_ms_per_iteration %.3f wall_ms_per_iteration %.3f (checksum %.0f)\n",
         n, ncpu, n * ncpu * 4, opened, (c1 - c0) * 1000 / iterations, interval_ms > 0 ? 0 : (w1 - w0) * 1000 / iterations, sum);
  return 0;
}
