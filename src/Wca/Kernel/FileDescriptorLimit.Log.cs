using Microsoft.Extensions.Logging;

namespace Wca.Kernel;

internal static partial class FileDescriptorLimit
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "soft RLIMIT_NOFILE raised from {Before} to the hard limit {After} (perf counters take one descriptor per task, CPU and event)")]
        public static partial void Raised(ILogger logger, ulong before, ulong after);

        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "soft RLIMIT_NOFILE {Soft} could not be raised to the hard limit {Hard}")]
        public static partial void NotRaised(ILogger logger, ulong soft, ulong hard);
    }
}
