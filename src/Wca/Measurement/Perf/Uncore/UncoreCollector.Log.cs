using Microsoft.Extensions.Logging;

namespace Wca.Measurement.Perf.Uncore;

internal sealed partial class UncoreCollector
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2190, Level = LogLevel.Warning, Message = "No uncore PMU on this host (nothing matches {Where}): uncore_event_names ({Events}) are not measured; the rest is")]
        public static partial void NoUncorePmus(ILogger logger, string events, string where);

        [LoggerMessage(EventId = 2191, Level = LogLevel.Warning, Message = "No {Kind} PMU on this host (nothing matches {Where}; uncore PMUs here: {Present}): {Events} not measured")]
        public static partial void NoPmuOfKind(ILogger logger, string kind, string events, string where, string present);

        [LoggerMessage(EventId = 2192, Level = LogLevel.Warning, Message = "Uncore event {Event} left out: {Error}")]
        public static partial void EventNotEncodable(ILogger logger, string @event, string error);

        [LoggerMessage(EventId = 2193, Level = LogLevel.Warning, Message = "Uncore event {Event} left out: {Pmu} refused it: {Meaning}")]
        public static partial void EventRefused(ILogger logger, string @event, string pmu, string meaning);

        [LoggerMessage(EventId = 2194, Level = LogLevel.Warning, Message = "Uncore PMU {Pmu} left out ({Events} not measured on it): {Meaning}; other PMUs of its kind that fail so are left out without another line")]
        public static partial void PmuRefused(ILogger logger, string pmu, string events, string meaning);

        [LoggerMessage(EventId = 2195, Level = LogLevel.Warning, Message = "Uncore counters of {Pmu} not opened ({Events}): {Meaning}")]
        public static partial void GroupRefused(ILogger logger, string pmu, string events, string meaning);

        [LoggerMessage(EventId = 2196, Level = LogLevel.Warning, Message = "Uncore PMU left out: {Problem}")]
        public static partial void PmuUnreadable(ILogger logger, string problem);

        [LoggerMessage(EventId = 2197, Level = LogLevel.Warning, Message = "Cannot read uncore counters of {Pmu} on cpu {Cpu} ({Events}): {Error}; groups that fail are skipped until all read again")]
        public static partial void ReadFailed(ILogger logger, string pmu, int cpu, string events, string error);

        [LoggerMessage(EventId = 2198, Level = LogLevel.Information, Message = "Uncore counters read again (after {Failures} iterations with failed reads)")]
        public static partial void ReadsAgain(ILogger logger, long failures);

        [LoggerMessage(EventId = 2199, Level = LogLevel.Information, Message = "Uncore counters open: {Groups} groups, {Descriptors} descriptors, {Channels} PMU instances x sockets")]
        public static partial void Opened(ILogger logger, int groups, int descriptors, int channels);
    }
}
