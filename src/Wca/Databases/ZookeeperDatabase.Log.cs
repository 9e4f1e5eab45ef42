using Microsoft.Extensions.Logging;

namespace Wca.Databases;

public sealed partial class ZookeeperDatabase
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1510, Level = LogLevel.Warning, Message = "ZookeeperDatabase: the session 0x{SessionId:x} with {Hosts} expired; opening a new one")]
        public static partial void SessionExpired(ILogger logger, string hosts, long sessionId);

        [LoggerMessage(EventId = 1511, Level = LogLevel.Debug, Message = "ZooKeeper C client: {Message}")]
        public static partial void NativeClient(ILogger logger, string message);
    }
}
