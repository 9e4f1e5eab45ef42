using Microsoft.Extensions.Logging;

namespace Wca.Pipeline;

internal sealed partial class MeasurementCycle
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "RDT explicitly enabled but not available (no {Path}) - exiting!")]
        public static partial void RdtUnavailable(ILogger logger, string path);

        [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "RDT monitoring is not supported by this version yet: LLC occupancy and memory bandwidth are not measured")]
        public static partial void RdtNotSupported(ILogger logger);

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
