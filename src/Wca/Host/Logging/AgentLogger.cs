using Microsoft.Extensions.Logging;

namespace Wca.Host.Logging;

/// <summary>A logger of one category; the level check is a single field read.</summary>
internal sealed class AgentLogger(AgentLoggerProvider provider, string module, LogLevel minLevel) : ILogger
{
    private volatile int _minLevel = (int)minLevel;

    public string Module { get; } = module;

    public LogLevel MinLevel
    {
        get => (LogLevel)_minLevel;
        set => _minLevel = (int)value;
    }

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && (int)logLevel >= _minLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        provider.Write(this, logLevel, formatter(state, exception), exception);
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
}
