using Microsoft.Extensions.Logging;

namespace Wca.Storage.Kafka;

public sealed partial class KafkaStorage
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1350, Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Message}")]
        public static partial void Librdkafka(ILogger logger, string facility, string message);

        [LoggerMessage(EventId = 1351, Level = LogLevel.Warning, Message = "Empty package, not sent to Kafka topic '{Topic}'")]
        public static partial void EmptyPackageSkipped(ILogger logger, string topic);

        [LoggerMessage(EventId = 1352, Level = LogLevel.Warning, Message = "Kafka topic '{Topic}': the queue of undelivered packages is full ({MaxPackages} packages or {MaxBytes} bytes): the oldest are dropped (wca_storage_dropped_packages_total; logged again after the next outage)")]
        public static partial void QueueFull(ILogger logger, string topic, int maxPackages, long maxBytes);

        [LoggerMessage(EventId = 1353, Level = LogLevel.Error, Message = "Kafka topic '{Topic}' refused a package of {Bytes} bytes for good, dropped: {Error} (a bigger message.max.bytes in extra_config and on the broker lets such packages through)")]
        public static partial void PackageRefused(ILogger logger, string topic, int bytes, string error);

        [LoggerMessage(EventId = 1354, Level = LogLevel.Information, Message = "Kafka topic '{Topic}' takes packages again after {Seconds:0.0} s; {Queued} queued packages follow in order")]
        public static partial void Resumed(ILogger logger, string topic, double seconds, int queued);

        [LoggerMessage(EventId = 1355, Level = LogLevel.Warning, Message = "{Packages} packages ({Bytes} bytes) were not delivered to Kafka topic '{Topic}' within {Seconds} s at shutdown and are lost")]
        public static partial void NotDelivered(ILogger logger, int packages, long bytes, string topic, double seconds);

        [LoggerMessage(EventId = 1356, Level = LogLevel.Warning, Message = "Kafka broker '{Broker}' looks like an unexpanded placeholder: write ${{NAME}} for the environment variable NAME")]
        public static partial void BrokerPlaceholder(ILogger logger, string broker);
    }
}
