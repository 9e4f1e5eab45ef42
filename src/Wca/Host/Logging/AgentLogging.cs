using Microsoft.Extensions.Logging;

namespace Wca.Host.Logging;

/// <summary>The agent's logger factory with its provider, so that levels can be re-applied after the configuration loads.</summary>
public sealed class AgentLogging : IDisposable
{
    private AgentLogging(AgentLoggerProvider provider)
    {
        Provider = provider;
        // Filtering is the provider's job (per module); the factory passes everything through.
        Factory = new LoggerFactory([provider], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
    }

    public AgentLoggerProvider Provider { get; }
    public ILoggerFactory Factory { get; }

    /// <param name="writer">Where lines go.</param>
    /// <param name="counters">Counted per written record.</param>
    /// <param name="levels">Initial levels (the command line's, before the configuration file is read).</param>
    public static AgentLogging Create(LogLineWriter writer, LogCounters counters, LogLevelTable levels) =>
        new(new AgentLoggerProvider(writer, counters, levels));

    public void Dispose()
    {
        Factory.Dispose();
        Provider.Dispose();
    }
}
