using Microsoft.Extensions.Logging;

namespace Wca.Measurement.Cgroups;

internal sealed partial class CgroupMeasurementSource
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2110, Level = LogLevel.Debug, Message = "Cgroup {Cgroup}: reading {Files}")]
        public static partial void ReadingFiles(ILogger logger, string cgroup, string files);
    }
}
