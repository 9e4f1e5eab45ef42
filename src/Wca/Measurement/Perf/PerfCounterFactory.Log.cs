using Microsoft.Extensions.Logging;

namespace Wca.Measurement.Perf;

internal sealed partial class PerfCounterFactory
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2180, Level = LogLevel.Warning, Message = "perf event {Event} is not supported here (errno {Errno}, {Text}: {Meaning}): left out, the other events go on")]
        public static partial void EventUnsupported(ILogger logger, string @event, int errno, string text, string meaning);

        [LoggerMessage(EventId = 2181, Level = LogLevel.Warning, Message = "perf event {Event} has no encoding for this CPU model ({Model}): skipped")]
        public static partial void EventNotForCpu(ILogger logger, string @event, string model);

        [LoggerMessage(EventId = 2182, Level = LogLevel.Error, Message = "perf events cannot be opened (errno {Errno}, {Text}): counting a cgroup needs kernel.perf_event_paranoid <= 0 (it is {Paranoid}) or the capability CAP_PERFMON (or CAP_SYS_ADMIN); task perf counters are off until that changes")]
        public static partial void Denied(ILogger logger, int errno, string text, string paranoid);

        [LoggerMessage(EventId = 2183, Level = LogLevel.Error, Message = "perf: too many open files (errno {Errno}) opening the counters of {Cgroup}: {Needed} perf descriptors are needed ({Cgroups} task cgroups x {Cpus} CPUs x {Events} events) and the soft RLIMIT_NOFILE is {Limit}: raise LimitNOFILE in the agent's systemd unit (or ulimit -n); tasks without counters are measured without perf")]
        public static partial void TooManyFiles(ILogger logger, int errno, string cgroup, long needed, int cgroups, int cpus, int events, string limit);

        [LoggerMessage(EventId = 2184, Level = LogLevel.Warning, Message = "perf events are configured but no perf_event cgroup hierarchy is mounted (neither a v1 perf_event controller nor cgroup2 under {Root}): task perf counters are off")]
        public static partial void NoHierarchy(ILogger logger, string root);

        [LoggerMessage(EventId = 2185, Level = LogLevel.Information, Message = "online CPUs changed from {Before} to {After}: task perf counters follow at this iteration")]
        public static partial void CpusChanged(ILogger logger, string before, string after);

        [LoggerMessage(EventId = 2186, Level = LogLevel.Information, Message = "perf: counters open again (after {Failures} failed attempts)")]
        public static partial void Recovered(ILogger logger, long failures);

        [LoggerMessage(EventId = 2187, Level = LogLevel.Information, Message = "task perf counters: {Events} in {Hierarchy}, one group per online CPU ({Cpus}), {Mode}")]
        public static partial void Counting(ILogger logger, string events, string hierarchy, string cpus, string mode);

        [LoggerMessage(EventId = 2188, Level = LogLevel.Information, Message = "perf: opened {Descriptors} descriptors for {Cgroups} task cgroups in {Seconds} s ({Cpus} CPUs x {Events} events per cgroup, at the first collection)")]
        public static partial void OpenedAtStart(ILogger logger, int descriptors, int cgroups, string seconds, int cpus, int events);
    }
}
