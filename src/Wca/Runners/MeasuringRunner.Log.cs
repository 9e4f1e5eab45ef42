using Microsoft.Extensions.Logging;

namespace Wca.Runners;

public abstract partial class MeasuringRunner
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3110, Level = LogLevel.Information, Message = "Measuring every {Interval} s")]
        public static partial void Measuring(ILogger logger, double interval);

        [LoggerMessage(EventId = 3111, Level = LogLevel.Information, Message = "Stopping after {Iterations} iterations")]
        public static partial void Stopping(ILogger logger, long iterations);
    }
}
