using Wca.Host;
using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Host.Security;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Configuration;

/// <summary>
/// The final release's perf keys are accepted and validated now: perf_aggregate_cpus and uncore_event_names (their
/// counters come with the perf issue; until then one clear warning, as event_names gives).
/// </summary>
public sealed class PerfKeysTests
{
    private static MeasurementRunner Load(string keys, RecordingLoggerFactory? loggers = null)
    {
        using var dir = new TestDirectory();
        var yaml = $"runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: []\n{keys}";
        var services = loggers is null ? AgentServices.ForTests() : new AgentServices(loggers, HostPaths.Default, new LogCounters(), TimeProvider.System);
        return Assert.IsType<MeasurementRunner>(ConfigurationLoader.Load(dir.Write("wca.yaml", yaml), BuiltInComponents.CreateRegistry(), services).Runner);
    }

    [Fact]
    public void Uncore_events_and_per_cpu_perf_are_accepted_and_need_perf_privileges()
    {
        var loggers = new RecordingLoggerFactory();
        using var runner = Load("  uncore_event_names: [platform_cas_count_reads, platform_cas_count_writes]\n  perf_aggregate_cpus: false\n", loggers);
        Assert.Equal(["platform_cas_count_reads", "platform_cas_count_writes"], runner.UncoreEventNames);
        Assert.False(runner.PerfAggregateCpus);
        Assert.True(Load("").PerfAggregateCpus);
        Assert.Equal(PrivilegeNeeds.PerfEvents, runner.PrivilegeNeeds);
        Assert.Equal("uncore_event_names: platform_cas_count_reads, platform_cas_count_writes", runner.PrivilegeCause(PrivilegeNeeds.PerfEvents));

        Assert.Equal(0, runner.Initialize()); // no uncore PMU on this VM: said once (Measurement/Perf/Uncore/UncoreConfigurationTests)
    }

    [Fact]
    public void An_uncore_event_name_with_a_space_is_an_error_naming_the_key()
    {
        var e = Assert.Throws<ConfigurationException>(() => Load("  uncore_event_names: ['cas count']\n"));
        Assert.Contains("runner.uncore_event_names", e.Message);
        Assert.Contains("'cas count' is not an uncore event name", e.Message);
    }
}
