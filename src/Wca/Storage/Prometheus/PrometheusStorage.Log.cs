using Microsoft.Extensions.Logging;

namespace Wca.Storage.Prometheus;

public sealed partial class PrometheusStorage
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1360, Level = LogLevel.Information, Message = "Serving Prometheus metrics on {Url} (authentication: {Authentication})")]
        public static partial void Listening(ILogger logger, string url, string authentication);

        [LoggerMessage(EventId = 1361, Level = LogLevel.Warning, Message = "Basic authentication on {Url} without TLS: passwords cross the network in clear text (set tls_cert_path and tls_key_path)")]
        public static partial void BasicAuthWithoutTls(ILogger logger, string url);
    }
}
