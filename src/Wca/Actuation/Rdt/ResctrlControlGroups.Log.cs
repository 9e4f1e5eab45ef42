using Microsoft.Extensions.Logging;

namespace Wca.Actuation.Rdt;

internal sealed partial class ResctrlControlGroups
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3220, Level = LogLevel.Information, Message = "RDT: removed {Directory}: {What}")]
        public static partial void Removed(ILogger logger, string directory, string what);

        [LoggerMessage(EventId = 3221, Level = LogLevel.Warning, Message = "RDT: cannot remove {Directory}: {Error}")]
        public static partial void RemoveFailed(ILogger logger, string directory, string error);

        [LoggerMessage(EventId = 3222, Level = LogLevel.Information, Message = "RDT: kept {Directory}, a control group the agent did not make ({Threads} threads; remove_all_resctrl_groups: true removes it)")]
        public static partial void ForeignKept(ILogger logger, string directory, int threads);

        [LoggerMessage(EventId = 3223, Level = LogLevel.Information, Message = "RDT: adopted {Directory} from an earlier run ({Threads} threads): its schemata are read back, it goes when no task uses it")]
        public static partial void Adopted(ILogger logger, string directory, int threads);

        [LoggerMessage(EventId = 3224, Level = LogLevel.Information, Message = "RDT: root group set to {Line} ({File})")]
        public static partial void RootSet(ILogger logger, string line, string file);

        [LoggerMessage(EventId = 3225, Level = LogLevel.Warning, Message = "RDT: {Key}: {Value} is ignored: this platform has no {Control} allocation")]
        public static partial void DefaultIgnored(ILogger logger, string key, string value, string control);
    }
}
