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
    }
}
