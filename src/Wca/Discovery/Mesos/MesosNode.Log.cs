using Microsoft.Extensions.Logging;

namespace Wca.Discovery.Mesos;

public sealed partial class MesosNode
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2250, Level = LogLevel.Warning, Message = "MesosNode: {Reason}")]
        public static partial void TaskSkipped(ILogger logger, string reason);
    }
}
