// The floor of task perf counting: for each cgroup directory given on stdin (one path a line), one perf event group
// per online CPU of the 4 software events (task_clock, context_switches, cpu_migrations, page_faults) in cgroup
// mode, as the agent opens them; then ITERATIONS rounds of one group read(2) per cgroup and CPU, at INTERVAL_MS
// between rounds (0 = back to back), summing the values as the agent does. Prints the opening time, the descriptors
// and the CPU time per round (getrusage). Usage: perf_floor ITERATIONS INTERVAL_MS < dirs
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
  for (int i = 0; i < iterations; i++) {
    for (long g = 0; g < n * ncpu; g++) {
      if (read(leaders[g], buf, sizeof buf) != sizeof buf) { perror("read"); return 1; }
      double scale = buf[2] == 0 ? 0 : (double)buf[1] / buf[2];
      for (int e = 0; e < 4; e++) sum += buf[3 + 2 * e] * scale;
    }
    if (interval_ms > 0) usleep(interval_ms * 1000);
  }
  double c1 = cpu(), w1 = now();
  printf("cgroups %d cpus %ld descriptors %ld open_seconds %.4f cpu_ms_per_iteration %.3f wall_ms_per_iteration %.3f (checksum %.0f)\n",
         n, ncpu, n * ncpu * 4, opened, (c1 - c0) * 1000 / iterations, interval_ms > 0 ? 0 : (w1 - w0) * 1000 / iterations, sum);
  return 0;
}
