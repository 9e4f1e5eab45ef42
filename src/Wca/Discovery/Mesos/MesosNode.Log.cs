using Microsoft.Extensions.Logging;

namespace Wca.Discovery.Mesos;

public sealed partial class MesosNode
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2250, Level = LogLevel.Warning, Message = "MesosNode: {Reason}")]
        public static partial void TaskSkipped(ILogger logger, string reason);

        [LoggerMessage(EventId = 2251, Level = LogLevel.Information, Message = "MesosNode: tasks from {Url} ({Tls}, timeout {Timeout} s)")]
        public static partial void Polling(ILogger logger, string url, string tls, double timeout);

        [LoggerMessage(EventId = 2252, Level = LogLevel.Warning, Message = "MesosNode: ssl is set but mesos_agent_endpoint '{Endpoint}' is plain http: the TLS settings are not used (use https://)")]
        public static partial void SslUnused(ILogger logger, string endpoint);
    }
}
