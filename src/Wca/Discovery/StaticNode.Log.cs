using Microsoft.Extensions.Logging;

namespace Wca.Discovery;

public sealed partial class StaticNode
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2210, Level = LogLevel.Warning, Message = "StaticNode: {Reason} for '{Task}' - skipping!")]
        public static partial void Skipping(ILogger logger, string reason, string task);

        [LoggerMessage(EventId = 2211, Level = LogLevel.Information, Message = "StaticNode: cgroup of '{Task}' is back")]
        public static partial void Back(ILogger logger, string task);

        [LoggerMessage(EventId = 2212, Level = LogLevel.Warning, Message = "StaticNode: there is no directory '{Directory}': no tasks from it until it exists")]
        public static partial void NoDirectory(ILogger logger, string directory);

        [LoggerMessage(EventId = 2213, Level = LogLevel.Information, Message = "StaticNode: directory '{Directory}' is back")]
        public static partial void DirectoryBack(ILogger logger, string directory);
    }
}
