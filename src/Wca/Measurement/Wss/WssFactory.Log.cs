using Microsoft.Extensions.Logging;

namespace Wca.Measurement.Wss;

internal sealed partial class WssFactory
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2170, Level = LogLevel.Warning, Message = "wss_stable_cycles: {StableCycles} with wss_membw_threshold: {Threshold} needs task memory-bandwidth monitoring (RDT MBM), which is not available: {Reason}. task_working_set_size_bytes is not measured, task_wss_referenced_bytes is")]
        public static partial void StabilityNeedsMemoryBandwidth(ILogger logger, int stableCycles, double threshold, string reason);
    }
}
