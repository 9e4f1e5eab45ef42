using Microsoft.Extensions.Logging;

namespace Wca.Wrapper.Pipeline;

internal sealed partial class ApmStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5020, Level = LogLevel.Debug, Message = "Storing {Count} metrics to {Destination}.")]
        public static partial void Storing(ILogger logger, int count, string destination);

        [LoggerMessage(EventId = 5021, Level = LogLevel.Error, Message = "Storing metrics to {Destination} failed: {Error} (logged once until it works again)")]
        public static partial void StoreFailed(ILogger logger, string destination, string error);

        [LoggerMessage(EventId = 5022, Level = LogLevel.Warning, Message = "Storing metrics to {Destination} works again after {Failures} failed stores")]
        public static partial void StoreRecovered(ILogger logger, string destination, long failures);

        [LoggerMessage(EventId = 5023, Level = LogLevel.Warning, Message = "Storage {Destination} does not keep up: the oldest waiting batches are dropped (counted, logged once)")]
        public static partial void QueueFull(ILogger logger, string destination);

        [LoggerMessage(EventId = 5024, Level = LogLevel.Warning, Message = "{Dropped} batches were dropped because storage {Destination} did not keep up")]
        public static partial void DroppedTotal(ILogger logger, long dropped, string destination);
    }
}
