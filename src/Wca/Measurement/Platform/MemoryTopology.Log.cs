using Microsoft.Extensions.Logging;

namespace Wca.Measurement.Platform;

public sealed partial class MemoryTopology
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2160, Level = LogLevel.Information, Message = "gather_hw_mm_topology: {Tools} not found on PATH ({SearchPath}): their platform metrics are not collected")]
        public static partial void ToolsMissing(ILogger logger, string tools, string searchPath);

        [LoggerMessage(EventId = 2161, Level = LogLevel.Warning, Message = "gather_hw_mm_topology: {Command} failed ({Error}): its platform metrics are not collected")]
        public static partial void ToolFailed(ILogger logger, string command, string error);

        [LoggerMessage(EventId = 2162, Level = LogLevel.Warning, Message = "gather_hw_mm_topology: {Tool} reports no Memory Mode capacity: platform_mem_mode_size_bytes is not collected")]
        public static partial void NoMemoryMode(ILogger logger, string tool);

        [LoggerMessage(EventId = 2163, Level = LogLevel.Information, Message = "gather_hw_mm_topology: {Tool} lists no persistent-memory modules: the platform_*nvdimm* metrics are not collected")]
        public static partial void NoNvdimms(ILogger logger, string tool);

        [LoggerMessage(EventId = 2164, Level = LogLevel.Debug, Message = "gather_hw_mm_topology: {Count} series gathered")]
        public static partial void Gathered(ILogger logger, int count);
    }
}
