using Microsoft.Extensions.Logging;

namespace Wca.Runners;

public sealed partial class AllocationRunner
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3130, Level = LogLevel.Error, Message = "Allocator {Allocator} failed: {Failure}; nothing is changed this iteration (logged again when the failure changes or clears)")]
        public static partial void AllocatorFailed(ILogger logger, string allocator, string failure);

        [LoggerMessage(EventId = 3131, Level = LogLevel.Information, Message = "Allocator {Allocator} works again (after {Failures} failed iterations)")]
        public static partial void AllocatorRecovered(ILogger logger, string allocator, long failures);

        [LoggerMessage(EventId = 3132, Level = LogLevel.Warning, Message = "Invalid allocation ignored: task {Task}, {Type}: {Problem} [{Reason}]; the task's other values apply (logged again when the problem changes)")]
        public static partial void InvalidAllocation(ILogger logger, string task, string type, string problem, string reason);

        [LoggerMessage(EventId = 3133, Level = LogLevel.Information, Message = "Allocation applied: task {Task}, {Type}: {Old} → {New} (asked by {Reason}; {File})")]
        public static partial void Applied(ILogger logger, string task, string type, string old, string @new, string reason, string file);

        [LoggerMessage(EventId = 3134, Level = LogLevel.Information, Message = "Dry run, not written: task {Task}, {Type}: {Old} → {New} (asked by {Reason}; {File})")]
        public static partial void WouldApply(ILogger logger, string task, string type, string old, string @new, string reason, string file);

        [LoggerMessage(EventId = 3135, Level = LogLevel.Information, Message = "Allocation re-applied after a change behind the agent's back: task {Task}, {Type}: {Old} → {New} (asked by {Reason}; {File})")]
        public static partial void Reapplied(ILogger logger, string task, string type, string old, string @new, string reason, string file);

        [LoggerMessage(EventId = 3136, Level = LogLevel.Information, Message = "Performing allocations on {Tasks} tasks{DryRun}")]
        public static partial void Performed(ILogger logger, int tasks, string dryRun);

        [LoggerMessage(EventId = 3137, Level = LogLevel.Warning, Message = "Cannot read the current {Type} of task {Task}: {Problem} (logged again when the problem changes)")]
        public static partial void ReadFailed(ILogger logger, string task, string type, string problem);

        [LoggerMessage(EventId = 3138, Level = LogLevel.Error, Message = "{Key}: true, but RDT {Control} is not available: {Why} - exiting")]
        public static partial void RdtControlRequired(ILogger logger, string key, string control, string why);

        [LoggerMessage(EventId = 3139, Level = LogLevel.Warning, Message = "remove_all_resctrl_groups: true does nothing: RDT is not enabled (rdt_enabled: false, or resctrl is not mounted)")]
        public static partial void ResctrlCleanupNotDone(ILogger logger);

        [LoggerMessage(EventId = 3141, Level = LogLevel.Error, Message = "Cannot read RDT information under {Root}: {Error} - exiting")]
        public static partial void RdtInfoUnreadable(ILogger logger, string root, string error);

        [LoggerMessage(EventId = 3142, Level = LogLevel.Error, Message = "Cannot initialize RDT: {Failure} - exiting")]
        public static partial void RdtStartFailed(ILogger logger, string failure);

        [LoggerMessage(EventId = 3140, Level = LogLevel.Warning, Message = "Dry run: allocations are computed, validated and reported (dry_run=\"true\") but nothing is written")]
        public static partial void DryRun(ILogger logger);
    }
}
