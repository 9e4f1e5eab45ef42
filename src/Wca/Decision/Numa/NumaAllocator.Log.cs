using Microsoft.Extensions.Logging;

namespace Wca.Decision.Numa;

public sealed partial class NumaAllocator
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3410, Level = LogLevel.Information, Message = "NUMAAllocator: the platform has {Nodes} NUMA node(s) with CPUs: nothing to balance, allocating nothing")]
        public static partial void TooFewNodes(ILogger logger, int nodes);

        [LoggerMessage(EventId = 3411, Level = LogLevel.Information, Message = "NUMAAllocator: pinning task {Task} to NUMA node {Node} (size {Size} bytes): {Reason}")]
        public static partial void Pinned(ILogger logger, string task, int node, double size, string reason);

        [LoggerMessage(EventId = 3412, Level = LogLevel.Debug, Message = "NUMAAllocator ({Algorithm}): {Tasks} tasks, {Unpinned} not pinned; {Nodes}")]
        public static partial void Iteration(ILogger logger, NumaAlgorithm algorithm, int tasks, int unpinned, string nodes);

        [LoggerMessage(EventId = 3413, Level = LogLevel.Debug, Message = "NUMAAllocator (dryrun): would pin task {Task} to NUMA node {Node} (size {Size} bytes): {Reason}")]
        public static partial void WouldPin(ILogger logger, string task, int node, double size, string reason);

        [LoggerMessage(EventId = 3414, Level = LogLevel.Debug, Message = "NUMAAllocator: task {Task} skipped: at most {Balance} of its pages are on one node, below loop_min_task_balance {Minimum}")]
        public static partial void SkippedBalance(ILogger logger, string task, double balance, double minimum);

        [LoggerMessage(EventId = 3415, Level = LogLevel.Debug, Message = "NUMAAllocator: task {Task} skipped: no node is good enough now (minimize_migrations)")]
        public static partial void NoGoodNode(ILogger logger, string task);

        [LoggerMessage(EventId = 3416, Level = LogLevel.Debug, Message = "NUMAAllocator: task {Task} not pinned to NUMA node {Node}: {ToMove} bytes would move there but it has {Free} bytes free (free_space_check)")]
        public static partial void NotEnoughFree(ILogger logger, string task, int node, double toMove, long free);

        [LoggerMessage(EventId = 3417, Level = LogLevel.Information, Message = "NUMAAllocator: migrating the pages of task {Task} to its NUMA node {Node} again: {Balance} of them are there, {Pages} pages elsewhere")]
        public static partial void Remigrating(ILogger logger, string task, int node, double balance, double pages);

        [LoggerMessage(EventId = 3418, Level = LogLevel.Warning, Message = "NUMAAllocator: task {Task} has no task_mem_numa_pages (memory.numa_stat), which the allocator needs to see where a task's memory is; its balance counts as 0 (logged again after every task has it)")]
        public static partial void NoNumaPages(ILogger logger, string task);

        [LoggerMessage(EventId = 3419, Level = LogLevel.Debug, Message = "NUMAAllocator: task {Task} still not pinned to NUMA node {Node}: asking again")]
        public static partial void PinRepeated(ILogger logger, string task, int node);

        [LoggerMessage(EventId = 3420, Level = LogLevel.Debug, Message = "NUMAAllocator: task {Task} skipped: its cpuset.cpus could not be read")]
        public static partial void NoCpuset(ILogger logger, string task);
    }
}
