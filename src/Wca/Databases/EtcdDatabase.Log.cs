using Microsoft.Extensions.Logging;

namespace Wca.Databases;

public sealed partial class EtcdDatabase
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "EtcdDatabase: Timeout on host {Host} (after {Seconds:0.###} s)")]
        public static partial void HostTimeout(ILogger logger, string host, double seconds);

        [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "EtcdDatabase: host {Host} failed: {Reason}; trying the next host")]
        public static partial void HostFailed(ILogger logger, string host, string reason);

        [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "EtcdDatabase: host {Host} answers again (after {Failures} failed calls)")]
        public static partial void HostRecovered(ILogger logger, string host, long failures);
    }
}
