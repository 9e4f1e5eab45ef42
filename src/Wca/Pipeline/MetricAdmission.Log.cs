using Microsoft.Extensions.Logging;

namespace Wca.Pipeline;

internal sealed partial class MetricAdmission
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "{Component} returned metric '{Name}' that cannot be stored: {Problem}; dropped (the rest of the package is stored; logged once per metric name)")]
        public static partial void Dropped(ILogger logger, string component, string name, string problem);
    }
}
