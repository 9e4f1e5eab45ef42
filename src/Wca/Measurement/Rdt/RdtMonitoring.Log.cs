using Microsoft.Extensions.Logging;

namespace Wca.Measurement.Rdt;

internal sealed partial class RdtMonitoring
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2173, Level = LogLevel.Warning, Message = "No RMID left for a monitoring group ({Error}; info/L3_MON/num_rmids: {Rmids}): task {TaskId} and any further ones are measured without RDT (counted in wca_rdt_unmonitored_tasks) until RMIDs are freed")]
        public static partial void OutOfRmids(ILogger logger, string taskId, string error, string rmids);

        [LoggerMessage(EventId = 2174, Level = LogLevel.Information, Message = "RMIDs are available again: unmonitored tasks get monitoring groups")]
        public static partial void RmidsAvailable(ILogger logger);

        [LoggerMessage(EventId = 2175, Level = LogLevel.Information, Message = "Removed resctrl monitoring group {Group} left by an earlier run (no live owner)")]
        public static partial void OrphanRemoved(ILogger logger, string group);

        [LoggerMessage(EventId = 2176, Level = LogLevel.Warning, Message = "Cannot remove resctrl monitoring group {Group}: {Error}")]
        public static partial void RemoveFailed(ILogger logger, string group, string error);

        [LoggerMessage(EventId = 2177, Level = LogLevel.Information, Message = "Task {TaskId}: resctrl monitoring group {Group} of an earlier run adopted (control group '{ControlGroup}')")]
        public static partial void Adopted(ILogger logger, string taskId, string group, string controlGroup);
    }
}
