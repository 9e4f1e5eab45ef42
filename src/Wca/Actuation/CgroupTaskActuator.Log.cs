using Microsoft.Extensions.Logging;

namespace Wca.Actuation;

internal sealed partial class CgroupTaskActuator
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3200, Level = LogLevel.Warning,
            Message = "Task {TaskId}: {File} was changed behind the agent's back: it held \"{Applied}\" as applied, now \"{Current}\"; re-applying \"{Target}\"")]
        public static partial void Drift(ILogger logger, string taskId, string file, string applied, string current, string target);

        [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Task {TaskId}: cpu_quota {Quota} is more than the whole machine (1.0): no limit is set")]
        public static partial void QuotaAboveWholeMachine(ILogger logger, string taskId, double quota);

        [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Task {TaskId}: cpu_quota {Quota} is below the allowed minimum: the quota is set to {Minimum} µs per period")]
        public static partial void QuotaBelowMinimum(ILogger logger, string taskId, double quota, long minimum);

        [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Task {TaskId}: cpu_shares {Shares} is outside the kernel's range of 2 to 262144 shares: set to {Value}")]
        public static partial void SharesClamped(ILogger logger, string taskId, double shares, long value);

        [LoggerMessage(EventId = 3204, Level = LogLevel.Debug, Message = "Task {TaskId}: migrate_pages left {Pages} pages off NUMA node {Node} (busy or unmovable)")]
        public static partial void PagesNotMoved(ILogger logger, string taskId, long pages, int node);
    }
}
