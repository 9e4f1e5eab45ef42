using Microsoft.Extensions.Logging;

namespace Wca.Pipeline;

internal sealed partial class MeasurementCycle
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "RDT explicitly enabled but not available (rdt_enabled: true, and resctrl is not mounted at {Root}: no readable tasks file) - exiting! Mount it with 'mount -t resctrl resctrl /sys/fs/resctrl' (needs a kernel with CONFIG_X86_CPU_RESCTRL and a CPU with RDT; features can be chosen with the rdt= kernel option), or set rdt_enabled: false")]
        public static partial void RdtUnavailable(ILogger logger, string root);

        [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "RDT monitoring is required - please enable CMT or MBM with kernel parameters (rdt=cmt,mbmtotal,mbmlocal)! resctrl at {Root} offers neither llc_occupancy nor mbm_total_bytes - exiting!")]
        public static partial void RdtMonitoringRequired(ILogger logger, string root);

        [LoggerMessage(EventId = 3040, Level = LogLevel.Information, Message = "RDT enabled (auto configuration): {Enabled}")]
        public static partial void RdtAutoConfigured(ILogger logger, bool enabled);

        [LoggerMessage(EventId = 3042, Level = LogLevel.Warning, Message = "RDT stays off (rdt_enabled unset = auto): resctrl is mounted at {Root}, but uid {Uid} lacks {Missing} in its effective capabilities (CAP_DAC_OVERRIDE writes resctrl's files, CAP_SETUID moves other users' tasks into groups). To measure RDT, grant them: AmbientCapabilities={Ambient} with SecureBits=no-setuid-fixup in the systemd unit, or `setcap {Setcap}+ep` on the agent, or run as root with --root; rdt_enabled: false says RDT is not wanted")]
        public static partial void RdtOffWithoutPrivileges(ILogger logger, string root, uint uid, string missing, string ambient, string setcap);

        [LoggerMessage(EventId = 3041, Level = LogLevel.Error, Message = "Cannot read the RDT facts of resctrl: {Error} - exiting!")]
        public static partial void RdtInfoUnreadable(ILogger logger, string error);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "{Error} - exiting!")]
        public static partial void PerfConfigurationInvalid(ILogger logger, string error);

        [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "task_label_generators: label {Label} of task {TaskId} not generated: the task has no {Source} label")]
        public static partial void GeneratorSourceMissing(ILogger logger, string label, string taskId, string source);

        [LoggerMessage(EventId = 3014, Level = LogLevel.Error, Message = "{Error} - exiting!")]
        public static partial void MemoryTopologyUnavailable(ILogger logger, string error);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Tasks detected: {Count}")]
        public static partial void TasksDetected(ILogger logger, int count);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "{Node} cannot list tasks ({Error}); measuring the {Count} tasks it reported last")]
        public static partial void NodeFailed(ILogger logger, string node, string error, int count);

        [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "{Node} lists tasks again (after {Failures} failed calls)")]
        public static partial void NodeRecovered(ILogger logger, string node, long failures);

        [LoggerMessage(EventId = 3030, Level = LogLevel.Error, Message = "{Node}: no answer for {Seconds:0} s, longer than task_staleness ({Staleness:0} s): the {Count} tasks it reported last are no longer measured; no tasks until it answers again")]
        public static partial void TasksStale(ILogger logger, string node, double seconds, double staleness, int count);

        [LoggerMessage(EventId = 3006, Level = LogLevel.Error, Message = "Cannot collect platform information: {Error}")]
        public static partial void PlatformFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Platform information can be collected again")]
        public static partial void PlatformRecovered(ILogger logger);

        [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Task {TaskId}: cgroup {Cgroup} cannot be read (gone?) - skipped this iteration")]
        public static partial void TaskGone(ILogger logger, string taskId, string cgroup);

        [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Measuring task {TaskId} failed: {Resource}: {Error}")]
        public static partial void ResourceFailed(ILogger logger, string taskId, string resource, string error);

        [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Task {TaskId}: {Resource} measures again (after {Failures} failed collections)")]
        public static partial void ResourceRecovered(ILogger logger, string taskId, string resource, long failures);
    }
}
