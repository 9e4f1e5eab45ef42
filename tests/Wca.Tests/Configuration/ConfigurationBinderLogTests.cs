using Wca.Host;
using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Configuration;

/// <summary>What the binder logs, through the agent's real logging (levels, line format, counters).</summary>
public sealed class ConfigurationBinderLogTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly ComponentRegistry _registry = new();
    private readonly StringWriter _output = new();
    private readonly LogCounters _counters = new();
    private readonly AgentLogging _logging;
    private readonly AgentServices _services;

    public ConfigurationBinderLogTests()
    {
        Assert.Null(ModuleLevel.TryParse("wca.host.configuration:debug", out var debug));
        _logging = AgentLogging.Create(new LogLineWriter(_output, ownsWriter: false), _counters, LogLevelTable.Build([], [debug]));
        _services = new AgentServices(_logging.Factory, HostPaths.Default, _counters, TimeProvider.System);
        foreach (var type in new[] { typeof(FakeNode), typeof(FakeStorage), typeof(FakeRunner), typeof(DisposeFailingStorage) })
            _registry.Register(type);
    }

    public void Dispose()
    {
        _logging.Dispose();
        _dir.Dispose();
    }

    private string[] Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private AgentConfiguration Load(string file) => ConfigurationLoader.Load(file, _registry, _services, _ => null);

    [Fact]
    public void A_scalar_given_to_a_component_is_a_warning_naming_the_file_and_line()
    {
        var file = _dir.Write("config.yaml", "runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  metrics_storage: !FakeStorage oops\n");
        var runner = (FakeRunner)Load(file).Runner;

        Assert.IsType<FakeStorage>(runner.MetricsStorage);
        var line = Assert.Single(Lines);
        Assert.Contains(" WARNING  ", line);
        Assert.EndsWith($"[wca.host.configuration] Value 'oops' for class 'FakeStorage' ignored! ({file}, line 3)", line);
        Assert.Equal(1, _counters.Warnings("wca.host.configuration"));
    }

    [Fact]
    public void An_empty_or_null_scalar_is_no_warning()
    {
        Load(_dir.Write("config.yaml", "runner: !FakeRunner\n  node: !FakeNode {tasks: []}\n  metrics_storage: !FakeStorage ~\n  anomalies_storage: !FakeStorage\n"));
        Assert.Empty(Lines);
    }

    [Fact]
    public void A_component_failing_to_dispose_after_a_failed_load_is_logged_at_debug_and_the_others_are_still_disposed()
    {
        var file = _dir.Write("config.yaml", """
            runner: !FakeRunner
              node: !FakeNode {tasks: []}
              metrics_storage: !DisposeFailingStorage {message: first}
              anomalies_storage: !DisposeFailingStorage {message: second}
              interval: 99
            """);

        var e = Assert.Throws<ConfigurationException>(() => Load(file));

        Assert.Contains("Maximum value is 60", e.Message);
        // Last built first: the second failure did not stop the first storage's disposal.
        Assert.Equal(2, Lines.Length);
        Assert.All(Lines, line => Assert.Contains(" DEBUG    ", line));
        Assert.EndsWith("[wca.host.configuration] Disposing DisposeFailingStorage failed: second", Lines[0]);
        Assert.EndsWith("[wca.host.configuration] Disposing DisposeFailingStorage failed: first", Lines[1]);
        Assert.Equal(0, _counters.Warnings("wca.host.configuration") + _counters.Errors("wca.host.configuration"));
    }
}
