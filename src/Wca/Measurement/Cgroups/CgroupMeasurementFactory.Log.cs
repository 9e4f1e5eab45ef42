using Microsoft.Extensions.Logging;

namespace Wca.Measurement.Cgroups;

internal sealed partial class CgroupMeasurementFactory
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2120, Level = LogLevel.Information, Message = "Cgroups: {Kind} (cpu: {Cpu}, cpuacct: {Cpuacct}, memory: {Memory}, unified: {Unified})")]
        public static partial void Layout(ILogger logger, string kind, string cpu, string cpuacct, string memory, string unified);

        [LoggerMessage(EventId = 2121, Level = LogLevel.Warning, Message = "No cgroup hierarchy found under {Root}: tasks cannot be measured")]
        public static partial void NoHierarchy(ILogger logger, string root);
    }
}
