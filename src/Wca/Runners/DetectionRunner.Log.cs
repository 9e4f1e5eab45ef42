using Microsoft.Extensions.Logging;

namespace Wca.Runners;

public sealed partial class DetectionRunner
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3120, Level = LogLevel.Debug, Message = "Anomalies detected: {Count}")]
        public static partial void AnomaliesDetected(ILogger logger, int count);

        [LoggerMessage(EventId = 3121, Level = LogLevel.Error, Message = "Detector {Detector} failed: {Failure}; no anomalies this iteration (logged again when the failure changes or clears)")]
        public static partial void DetectorFailed(ILogger logger, string detector, string failure);

        [LoggerMessage(EventId = 3122, Level = LogLevel.Information, Message = "Detector {Detector} works again (after {Failures} failed iterations)")]
        public static partial void DetectorRecovered(ILogger logger, string detector, long failures);
    }
}
