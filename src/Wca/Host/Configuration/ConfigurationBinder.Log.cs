using Microsoft.Extensions.Logging;

namespace Wca.Host.Configuration;

internal sealed partial class ConfigurationBinder
{
    /// <summary>Event ids 1000–1099 (Wca.Host.Configuration); an id, once shipped, never changes meaning.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Value '{Value}' for class '{Class}' ignored! ({File}, line {Line})")]
        public static partial void ScalarValueIgnored(ILogger logger, string value, string @class, string file, int line);

        [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Disposing {Type} failed: {Error}")]
        public static partial void DisposeFailed(ILogger logger, string type, string error);
    }
}
