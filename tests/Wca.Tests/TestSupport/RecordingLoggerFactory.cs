using Microsoft.Extensions.Logging;

namespace Wca.Tests.TestSupport;

/// <summary>One <see cref="RecordingLogger"/> for every category: the lines a user would see in the agent's log.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    public RecordingLogger Logger { get; } = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Lines => Logger.Lines;

    public ILogger CreateLogger(string categoryName) => Logger;

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}
