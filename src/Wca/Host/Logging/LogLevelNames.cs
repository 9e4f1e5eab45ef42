using Microsoft.Extensions.Logging;

namespace Wca.Host.Logging;

/// <summary>The reference's level names (CRITICAL ... TRACE) mapped onto <see cref="LogLevel"/>.</summary>
public static class LogLevelNames
{
    /// <summary>Accepted names, for error messages.</summary>
    public const string Accepted = "CRITICAL, ERROR, WARNING, INFO, DEBUG, TRACE";

    /// <summary>Parses a level name, case-insensitively. Also accepts the Python aliases WARN, FATAL and NOTSET.</summary>
    public static bool TryParse(string? name, out LogLevel level)
    {
        level = name?.Trim().ToUpperInvariant() switch
        {
            "CRITICAL" or "FATAL" => LogLevel.Critical,
            "ERROR" => LogLevel.Error,
            "WARNING" or "WARN" => LogLevel.Warning,
            "INFO" => LogLevel.Information,
            "DEBUG" => LogLevel.Debug,
            "TRACE" or "NOTSET" => LogLevel.Trace,
            _ => LogLevel.None,
        };
        return level != LogLevel.None;
    }

    /// <summary>The name printed in log lines.</summary>
    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Critical => "CRITICAL",
        LogLevel.Error => "ERROR",
        LogLevel.Warning => "WARNING",
        LogLevel.Information => "INFO",
        LogLevel.Debug => "DEBUG",
        LogLevel.Trace => "TRACE",
        _ => "NONE",
    };
}
