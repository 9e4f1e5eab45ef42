using Microsoft.Extensions.Logging;

namespace Wca.Host.Logging;

/// <summary>
/// Effective level per module. Built from the default (<c>wca: INFO</c>), then the configuration file's
/// <c>loggers:</c> map, then the command line's <c>-l</c> values: later sources win. A category takes the
/// level of its most specific configured module (longest dotted prefix), then the root (<c>""</c>);
/// a category outside every configured module logs WARNING and above.
/// </summary>
public sealed class LogLevelTable
{
    public const LogLevel UnconfiguredLevel = LogLevel.Warning;

    private readonly Dictionary<string, LogLevel> _levels;

    private LogLevelTable(Dictionary<string, LogLevel> levels) => _levels = levels;

    public static LogLevelTable Build(IEnumerable<ModuleLevel> configFile, IEnumerable<ModuleLevel> commandLine)
    {
        var levels = new Dictionary<string, LogLevel>(StringComparer.Ordinal) { [ModuleLevel.DefaultModule] = LogLevel.Information };
        foreach (var s in configFile) levels[s.Module] = s.Level;
        foreach (var s in commandLine) levels[s.Module] = s.Level;
        return new LogLevelTable(levels);
    }

    public static LogLevelTable Default { get; } = Build([], []);

    /// <summary>Configured modules and their levels.</summary>
    public IReadOnlyDictionary<string, LogLevel> Levels => _levels;

    /// <summary>The level a logger of <paramref name="module"/> (a lower-cased category) logs at.</summary>
    public LogLevel LevelFor(string module)
    {
        var candidate = module;
        while (true)
        {
            if (_levels.TryGetValue(candidate, out var level)) return level;
            var dot = candidate.LastIndexOf('.');
            if (dot < 0) break;
            candidate = candidate[..dot];
        }
        return _levels.TryGetValue(string.Empty, out var root) ? root : UnconfiguredLevel;
    }
}
