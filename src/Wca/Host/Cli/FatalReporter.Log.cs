using Microsoft.Extensions.Logging;

namespace Wca.Host.Cli;

internal sealed partial class FatalReporter
{
    private static partial class Log
    {
        // The level is the caller's: Critical for a refused root or a crashed runner, Error otherwise.
        [LoggerMessage(EventId = 1410, Message = "{Message}")]
        public static partial void Fatal(ILogger logger, LogLevel level, Exception? exception, string message);
    }
}
