using Microsoft.Extensions.Logging;

namespace Wca.Wrapper.Pipeline;

internal sealed partial class ParseLoop
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5010, Level = LogLevel.Error, Message = "The parser failed: {Type}: {Error} (the line is skipped; logged once until it parses again)")]
        public static partial void ParserFailed(ILogger logger, string type, string error);

        [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "The parser works again after {Failures} failed calls")]
        public static partial void ParserRecovered(ILogger logger, long failures);

        [LoggerMessage(EventId = 5012, Level = LogLevel.Debug, Message = "{Metric}")]
        public static partial void SliSource(ILogger logger, string metric);

        [LoggerMessage(EventId = 5013, Level = LogLevel.Debug, Message = "Found metric: {Metric}")]
        public static partial void FoundMetric(ILogger logger, string metric);

        [LoggerMessage(EventId = 5014, Level = LogLevel.Error, Message = "failed to convert metrics into prometheus exposition format; error: \"{Error}\" (such metrics are dropped, the rest stored; logged once until all are valid)")]
        public static partial void InvalidMetrics(ILogger logger, string error);

        [LoggerMessage(EventId = 5015, Level = LogLevel.Information, Message = "All parsed metrics are valid again")]
        public static partial void MetricsValidAgain(ILogger logger);
    }
}
