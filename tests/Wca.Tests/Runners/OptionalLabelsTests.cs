using Microsoft.Extensions.Logging.Abstractions;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Kernel.Cgroups;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Runners;

/// <summary>include_optional_labels: off by default as in the final release (facts on wca_information only), on = the 2019 label set.</summary>
public sealed class OptionalLabelsTests
{
    private static readonly string[] Optional = ["sockets", "cores", "cpus", "cpu_model", "cpu_model_number", "wca_version"];

    private static IReadOnlyList<PrometheusSample> OneIteration(bool? includeOptionalLabels)
    {
        using var task = TestCgroup.Create("optional");
        using var dir = new TestDirectory();
        var output = dir.File("metrics.prom");
        var services = new AgentServices(NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System);
        var node = new StaticNode([task.RelativePath], services.Cgroups, NullLogger.Instance);
        using var runner = includeOptionalLabels is { } include
            ? new MeasurementRunner(services) { Node = node, MetricsStorage = new LogStorage(output, overwrite: true), IncludeOptionalLabels = include }
            : new MeasurementRunner(services) { Node = node, MetricsStorage = new LogStorage(output, overwrite: true) };
        Assert.Equal(0, runner.Initialize());
        runner.RunIteration(0);
        var text = File.ReadAllText(output);
        Promtool.AssertParses(text);
        return PrometheusSamples.Parse(text);
    }

    [Fact]
    public void By_default_only_wca_information_carries_the_platform_facts()
    {
        var samples = OneIteration(null);
        var information = Assert.Single(samples, s => s.Name == "wca_information");
        Assert.All(Optional, label => Assert.NotNull(information[label]));
        Assert.Equal(AgentVersion.Current, information["wca_version"]);
        Assert.All(samples.Where(s => s.Name != "wca_information"), s =>
        {
            Assert.Equal(Environment.MachineName, s["host"]);
            Assert.All(Optional, label => Assert.Null(s[label]));
        });
    }

    [Fact]
    public void Set_to_true_every_line_carries_them_as_in_2019()
    {
        var samples = OneIteration(true);
        Assert.Contains(samples, s => s.Name == "task_cpu_usage_seconds");
        Assert.All(samples, s => Assert.All(Optional, label => Assert.NotNull(s[label])));
    }
}
