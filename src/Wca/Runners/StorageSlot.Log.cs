using Microsoft.Extensions.Logging;

namespace Wca.Runners;

internal sealed partial class StorageSlot
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3100, Level = LogLevel.Error, Message = "Cannot store metrics in {Storage}: {Error} ({Slot}; logged again when the error changes or clears)")]
        public static partial void Failed(ILogger logger, string storage, string error, string slot);

        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "{Slot}: {Storage} stores again (after {Failures} failed packages)")]
        public static partial void Recovered(ILogger logger, string slot, string storage, long failures);
    }
}
