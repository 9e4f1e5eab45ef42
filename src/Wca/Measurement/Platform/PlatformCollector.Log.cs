using Microsoft.Extensions.Logging;

namespace Wca.Measurement.Platform;

public sealed partial class PlatformCollector
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2150, Level = LogLevel.Debug, Message = "No PSI files under {Path}: platform_pressure_* metrics are not collected")]
        public static partial void NoPressure(ILogger logger, string path);

        [LoggerMessage(EventId = 2151, Level = LogLevel.Information, Message = "{Path} can be read again")]
        public static partial void ReadableAgain(ILogger logger, string path);

        [LoggerMessage(EventId = 2152, Level = LogLevel.Warning, Message = "Cannot read {Path}: {Error}")]
        public static partial void CannotRead(ILogger logger, string path, string error);

        [LoggerMessage(EventId = 2153, Level = LogLevel.Warning, Message = "Cannot open {Path}: its platform metrics are not collected")]
        public static partial void CannotOpen(ILogger logger, string path);
    }
}
