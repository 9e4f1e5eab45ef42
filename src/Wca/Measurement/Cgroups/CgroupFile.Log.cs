using Microsoft.Extensions.Logging;

namespace Wca.Measurement.Cgroups;

internal abstract partial class CgroupFile
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "{Path} cannot be read: {Error}")]
        public static partial void CannotRead(ILogger logger, string path, string error);

        [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "{Path} has content that cannot be parsed: {Error}")]
        public static partial void CannotParse(ILogger logger, string path, string error);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "{Path} can be read and parsed again (after {Failures} failed collections)")]
        public static partial void Recovered(ILogger logger, string path, long failures);
    }
}
