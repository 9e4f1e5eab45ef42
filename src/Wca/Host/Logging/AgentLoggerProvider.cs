using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Wca.Host.Logging;

/// <summary>
/// The agent's only logging provider: per-module levels (<see cref="LogLevelTable"/>), one line per record
/// (<see cref="LogLineWriter"/>), and every written record counted in <see cref="LogCounters"/>.
/// Levels can be replaced while running (after the configuration file's <c>loggers:</c> is read).
/// </summary>
public sealed class AgentLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, AgentLogger> _loggers = new(StringComparer.Ordinal);
    private readonly LogLineWriter _writer;
    private readonly LogCounters _counters;
    private LogLevelTable _levels;

    public AgentLoggerProvider(LogLineWriter writer, LogCounters counters, LogLevelTable levels)
    {
        _writer = writer;
        _counters = counters;
        _levels = levels;
    }

    public LogLevelTable Levels => Volatile.Read(ref _levels);

    /// <summary>Replaces the levels of every existing and future logger.</summary>
    public void ApplyLevels(LogLevelTable levels)
    {
        lock (_loggers)
        {
            Volatile.Write(ref _levels, levels);
            foreach (var logger in _loggers.Values) logger.MinLevel = levels.LevelFor(logger.Module);
        }
    }

    public ILogger CreateLogger(string categoryName)
    {
        if (_loggers.TryGetValue(categoryName, out var existing)) return existing;
        lock (_loggers)
        {
            var module = ModuleLevel.ModuleOf(categoryName);
            return _loggers.GetOrAdd(categoryName, new AgentLogger(this, module, _levels.LevelFor(module)));
        }
    }

    internal void Write(AgentLogger logger, LogLevel level, string message, Exception? exception)
    {
        _counters.Count(logger.Module, level);
        _writer.Write(level, logger.Module, message, exception);
    }

    public void Dispose() => _writer.Dispose();
}
