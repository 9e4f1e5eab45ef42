using Microsoft.Extensions.Logging;
using Wca.Host.Logging;

namespace Wca.Wrapper.Logging;

/// <summary>
/// The wrapper's own log, in the original's format <c>2018-11-26 13:58:59,327 DEBUG parser message</c> (local time,
/// level, module: wrapper_main, parser or storage), one threshold (<c>--log_level</c>), to stderr. One lock, flushed
/// per line, so lines from the parse and storage threads never interleave.
/// </summary>
internal sealed class WrapperLoggerProvider(TextWriter output, LogLevel threshold, TimeProvider? time = null) : ILoggerProvider
{
    private readonly object _lock = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public LogLevel Threshold { get; } = threshold;

    public ILogger CreateLogger(string categoryName) => new Logger(this, ModuleOf(categoryName));

    /// <summary>The original's module (source file) names for our categories.</summary>
    internal static string ModuleOf(string category) => category switch
    {
        _ when category.StartsWith("Wca.Wrapper.Pipeline.ApmStore", StringComparison.Ordinal) => "storage",
        _ when category.StartsWith("Wca.Storage", StringComparison.Ordinal) => "storage",
        _ when category.StartsWith("Wca.Wrapper.Pipeline", StringComparison.Ordinal) => "parser",
        _ when category.StartsWith("Wca.Wrapper.Parsers", StringComparison.Ordinal) => "parser",
        _ => "wrapper_main",
    };

    private void Write(LogLevel level, string module, string message, Exception? exception)
    {
        // One write per record: stderr is shared with LogStorage's metrics, and a pipe keeps a write of up to 4 KiB whole.
        var line = string.Concat(
            _time.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss,fff", System.Globalization.CultureInfo.InvariantCulture),
            " ", LogLevelNames.Name(level), " ", module, " ", message,
            exception is null ? "\n" : "\n" + exception + "\n");
        lock (_lock)
        {
            output.Write(line);
            output.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock) output.Flush();
    }

    private sealed class Logger(WrapperLoggerProvider provider, string module) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.Threshold;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            provider.Write(logLevel, module, formatter(state, exception), exception);
        }
    }
}
