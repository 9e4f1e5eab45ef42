using Microsoft.Extensions.Logging;

namespace Wca.Storage;

public sealed partial class LogStorage
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Reopened {File} for appending: {Reason}")]
        public static partial void Reopened(ILogger logger, string file, string reason);
    }
}
