using Microsoft.Extensions.Logging;

namespace Wca.Discovery;

public sealed partial class CgroupNode
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "CgroupNode: {Count} cgroups match {Patterns}{RequirePids}")]
        public static partial void Matching(ILogger logger, int count, string patterns, string requirePids);

        [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "CgroupNode: no cgroup hierarchy '{Hierarchy}' under {Root}: no tasks")]
        public static partial void NoHierarchy(ILogger logger, string hierarchy, string root);

        [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "CgroupNode: discovering tasks in {Hierarchy} ({Kind} cgroups)")]
        public static partial void Discovering(ILogger logger, string hierarchy, string kind);
    }
}
