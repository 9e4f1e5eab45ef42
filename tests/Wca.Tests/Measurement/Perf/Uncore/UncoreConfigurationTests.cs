using Wca.Host;
using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Perf.Uncore;

/// <summary>
/// uncore_event_names in a runner's YAML: a flat list (one group) or a list of lists, predefined names and user
/// definitions checked at load; and on this VM, which has no uncore PMU, the agent says so once and measures on.
/// </summary>
public sealed class UncoreConfigurationTests
{
    private static MeasurementRunner Load(TestDirectory dir, string keys, RecordingLoggerFactory? loggers = null)
    {
        var yaml = $"runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: []\n{keys}";
        var services = loggers is null ? AgentServices.ForTests() : new AgentServices(loggers, HostPaths.Default, new LogCounters(), TimeProvider.System);
        return Assert.IsType<MeasurementRunner>(ConfigurationLoader.Load(dir.Write("wca.yaml", yaml), BuiltInComponents.CreateRegistry(), services).Runner);
    }

    private static string[][] Groups(MeasurementRunner runner) =>
        [.. runner.UncoreEventGroups.Groups.Select(g => g.Select(e => e.Name).ToArray())];

    [Fact]
    public void A_flat_list_is_one_group()
    {
        using var dir = new TestDirectory();
        using var runner = Load(dir, "  uncore_event_names: [platform_cas_count_reads, 'my_reads/uncore_imc/event=0x04,umask=0x03/']\n");
        Assert.Equal([["platform_cas_count_reads", "my_reads"]], Groups(runner));
        Assert.Equal(["platform_cas_count_reads", "my_reads"], runner.UncoreEventNames);
    }

    [Fact]
    public void A_list_of_lists_is_one_group_per_inner_list()
    {
        using var dir = new TestDirectory();
        using var runner = Load(dir, """
              uncore_event_names:
                - [platform_cas_count_reads, platform_cas_count_writes]
                - [platform_rpq_occupancy, platform_rpq_inserts, platform_imc_clockticks]
                - ['upi_rx/uncore_upi/event=0x03,umask=0x0f/']

            """);
        Assert.Equal([["platform_cas_count_reads", "platform_cas_count_writes"], ["platform_rpq_occupancy", "platform_rpq_inserts", "platform_imc_clockticks"], ["upi_rx"]], Groups(runner));
    }

    [Fact]
    public void No_key_an_empty_list_and_null_mean_no_uncore_events()
    {
        using var dir = new TestDirectory();
        Assert.Empty(Load(dir, "").UncoreEventNames);
        Assert.Empty(Load(dir, "  uncore_event_names: []\n").UncoreEventNames);
        Assert.Empty(Load(dir, "  uncore_event_names:\n").UncoreEventNames);
    }

    [Theory]
    [InlineData("[platform_cas_count_read]", "'platform_cas_count_read' is not a predefined uncore event (did you mean 'platform_cas_count_reads'?)")]
    [InlineData("[[platform_cas_count_reads], []]", "an inner list of uncore events is empty")]
    [InlineData("[platform_cas_count_reads, [platform_cas_count_writes]]", "uncore_event_names[1]': expected a string, found a list of 1 item")]
    [InlineData("[[platform_cas_count_reads], [platform_cas_count_reads]]", "'platform_cas_count_reads' is given twice")]
    [InlineData("['x/uncore_imc/event=0xgg/']", "'event=0xgg' in 'x/uncore_imc/event=0xgg/' is not a field=value term")]
    public void A_bad_value_is_an_error_naming_the_key(string value, string message)
    {
        using var dir = new TestDirectory();
        var e = Assert.Throws<ConfigurationException>(() => Load(dir, $"  uncore_event_names: {value}\n"));
        Assert.Contains("runner.uncore_event_names", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Without_uncore_PMUs_the_agent_says_so_once_naming_the_events_and_where_it_looked_and_measures_on()
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries("/sys/bus/event_source/devices", "uncore_*")); // this VM
        using var dir = new TestDirectory();
        var loggers = new RecordingLoggerFactory();
        var output = dir.File("metrics.prom");
        using var runner = Load(dir, $"""
              uncore_event_names: [[platform_cas_count_reads, platform_cas_count_writes], [platform_upi_rxl_flits]]
              enable_derived_metrics: true
              metrics_storage: !LogStorage
                output_filename: {output}
                overwrite: true

            """, loggers);
        Assert.Equal(0, runner.Initialize());
        for (var i = 0; i < 3; i++) runner.RunIteration(0);

        Assert.Equal(3, runner.Iterations);
        Assert.Single(loggers.Lines, l => l.Message == "No uncore PMU on this host (nothing matches /sys/bus/event_source/devices/uncore_*): "
            + "uncore_event_names (platform_cas_count_reads, platform_cas_count_writes, platform_upi_rxl_flits) are not measured; the rest is");
        var samples = PrometheusSamples.Parse(File.ReadAllText(output));
        Assert.Contains(samples, s => s.Name == "platform_topology_cpus");
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("platform_cas_", StringComparison.Ordinal) || s.Name == "platform_scaling_uncore_factor");
    }
}
