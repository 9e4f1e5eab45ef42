using Microsoft.Extensions.Logging;

namespace Wca.Decision.Static;

public sealed partial class StaticAllocator
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3400, Level = LogLevel.Warning, Message = "StaticAllocator: no rules were provided (neither rules nor a config file with rules); allocating nothing")]
        public static partial void NoRules(ILogger logger);

        [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "StaticAllocator rule {Index} '{Name}': missing \"allocations\"; the rule is ignored")]
        public static partial void RuleWithoutAllocations(ILogger logger, int index, string name);

        [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "StaticAllocator: cannot use the rules file: {Problem}; {Kept} (logged again when the problem changes)")]
        public static partial void RulesFileBroken(ILogger logger, string problem, string kept);

        [LoggerMessage(EventId = 3403, Level = LogLevel.Information, Message = "StaticAllocator: {Rules} rules read from {File}")]
        public static partial void RulesFileRead(ILogger logger, int rules, string file);
    }
}
