using Microsoft.Extensions.Logging;
using Wca.Host.Logging;

namespace Wca.Tests.Logging;

public sealed class AgentLoggerProviderTests
{
    private sealed class Harness : IDisposable
    {
        public readonly StringWriter Output = new();
        public readonly LogCounters Counters = new();
        public readonly AgentLogging Logging;

        public Harness(params string[] commandLine)
        {
            var levels = commandLine.Select(t => { Assert.Null(ModuleLevel.TryParse(t, out var s)); return s; }).ToArray();
            Logging = AgentLogging.Create(new LogLineWriter(Output, ownsWriter: false), Counters, LogLevelTable.Build([], levels));
        }

        public string[] Lines => Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public void Dispose() => Logging.Dispose();
    }

    [Fact]
    public void Records_below_the_module_level_are_neither_written_nor_counted()
    {
        using var h = new Harness();
        var wca = h.Logging.Factory.CreateLogger("Wca.Runners.MeasurementRunner");
        var plugin = h.Logging.Factory.CreateLogger("Example.ExampleDetector");
        wca.LogDebug("hidden");
        wca.LogInformation("shown {Value}", 42);
        plugin.LogInformation("hidden too");
        plugin.LogWarning("plugin warning");

        Assert.Equal(2, h.Lines.Length);
        Assert.EndsWith("[wca.runners.measurementrunner] shown 42", h.Lines[0]);
        Assert.EndsWith("[example.exampledetector] plugin warning", h.Lines[1]);
        Assert.Equal(1, h.Counters.Warnings("example.exampledetector"));
        Assert.Equal(["example.exampledetector", "wca.runners.measurementrunner"], h.Counters.Snapshot().Select(s => s.Module));
    }

    [Fact]
    public void Warnings_errors_and_criticals_are_counted_per_module()
    {
        using var h = new Harness();
        var log = h.Logging.Factory.CreateLogger("Wca.Storage.LogStorage");
        log.LogWarning("w1");
        log.LogWarning("w2");
        log.LogError("e1");
        log.LogCritical("c1");
        log.LogInformation("i");
        Assert.Equal(2, h.Counters.Warnings("wca.storage.logstorage"));
        Assert.Equal(2, h.Counters.Errors("wca.storage.logstorage"));
    }

    [Fact]
    public void A_module_that_only_logged_info_appears_with_zero_counts()
    {
        using var h = new Harness();
        h.Logging.Factory.CreateLogger("Wca.Main").LogInformation("hello");
        Assert.Equal([("wca.main", 0L, 0L)], h.Counters.Snapshot());
    }

    [Fact]
    public void Applying_new_levels_changes_loggers_already_created()
    {
        using var h = new Harness("wca:error");
        var log = h.Logging.Factory.CreateLogger("Wca.Main");
        Assert.False(log.IsEnabled(LogLevel.Debug));
        h.Logging.Provider.ApplyLevels(LogLevelTable.Build([new ModuleLevel("wca", LogLevel.Debug)], []));
        Assert.True(log.IsEnabled(LogLevel.Debug));
        log.LogDebug("now visible");
        Assert.Single(h.Lines);
    }

    [Fact]
    public void Root_level_reaches_libraries_outside_wca()
    {
        using var h = new Harness(":debug");
        h.Logging.Factory.CreateLogger("System.Net.Http.HttpClient").LogDebug("library detail");
        Assert.EndsWith("[system.net.http.httpclient] library detail", Assert.Single(h.Lines));
    }
}
