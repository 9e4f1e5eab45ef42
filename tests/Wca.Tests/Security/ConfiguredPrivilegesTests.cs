using Wca.Api;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Host.Security;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Security;

/// <summary>The needs of a bound configuration, asked of its runner: the built-in registry and real YAML files.</summary>
public sealed class ConfiguredPrivilegesTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IRunner Bind(string runnerFields)
    {
        var path = _dir.Write("wca.yaml", "runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: [task1]\n" + runnerFields);
        return ConfigurationLoader.Load(path, BuiltInComponents.CreateRegistry(), AgentServices.ForTests()).Runner;
    }

    [Fact]
    public void A_measurement_only_configuration_needs_nothing_even_with_RDT_on_auto()
    {
        Assert.Equal(PrivilegeNeeds.None, ConfiguredPrivileges.Of(Bind("")));
        Assert.Equal(PrivilegeNeeds.None, ConfiguredPrivileges.Of(Bind("  rdt_enabled: false\n  event_names: []\n")));
        Assert.Empty(ConfiguredPrivileges.Causes(Bind("")));
    }

    [Fact]
    public void Event_names_or_derived_metrics_need_perf_events_and_are_named_as_the_cause()
    {
        var runner = Bind("  event_names: [instructions, cycles]\n");
        Assert.Equal(PrivilegeNeeds.PerfEvents, ConfiguredPrivileges.Of(runner));
        Assert.Equal("event_names: instructions, cycles", ConfiguredPrivileges.Causes(runner)[PrivilegeNeeds.PerfEvents]);

        var derived = Bind("  enable_derived_metrics: true\n");
        Assert.Equal(PrivilegeNeeds.PerfEvents, ConfiguredPrivileges.Of(derived));
        Assert.Equal("enable_derived_metrics: true", ConfiguredPrivileges.Causes(derived)[PrivilegeNeeds.PerfEvents]);
    }

    [Fact]
    public void Rdt_enabled_true_needs_resctrl()
    {
        var runner = Bind("  rdt_enabled: true\n  event_names: [instructions]\n  enable_derived_metrics: true\n");
        Assert.Equal(PrivilegeNeeds.PerfEvents | PrivilegeNeeds.Resctrl, ConfiguredPrivileges.Of(runner));
        var causes = ConfiguredPrivileges.Causes(runner);
        Assert.Equal("rdt_enabled: true", causes[PrivilegeNeeds.Resctrl]);
        Assert.Equal("event_names: instructions and enable_derived_metrics: true", causes[PrivilegeNeeds.PerfEvents]);
    }

    [Fact]
    public void Wss_reset_cycles_needs_smaps_reads_and_with_resets_clear_refs_writes()
    {
        var measureOnly = Bind("  wss_reset_cycles: 0\n");
        Assert.Equal(PrivilegeNeeds.ProcessMemoryReads, ConfiguredPrivileges.Of(measureOnly));
        Assert.Equal("wss_reset_cycles: 0", ConfiguredPrivileges.Causes(measureOnly)[PrivilegeNeeds.ProcessMemoryReads]);

        var resetting = Bind("  wss_reset_cycles: 20\n  wss_stable_cycles: -5\n  wss_membw_threshold: 0.01\n");
        Assert.Equal(PrivilegeNeeds.ProcessMemoryReads | PrivilegeNeeds.ReferencedBitsResets, ConfiguredPrivileges.Of(resetting));
        Assert.Equal("wss_reset_cycles: 20", ConfiguredPrivileges.Causes(resetting)[PrivilegeNeeds.ReferencedBitsResets]);
    }

    private sealed class PluginRunner(PrivilegeNeeds needs) : IRunner, IPrivilegedComponent
    {
        public PrivilegeNeeds PrivilegeNeeds => needs;
        public string? PrivilegeCause(PrivilegeNeeds need) => null;
        public int Run(CancellationToken stopping) => 0;
    }

    private sealed class PlainRunner : IRunner
    {
        public int Run(CancellationToken stopping) => 0;
    }

    [Fact]
    public void Another_runner_declares_its_own_needs_and_is_named_as_their_cause()
    {
        var runner = new PluginRunner(PrivilegeNeeds.CgroupWrites | PrivilegeNeeds.Resctrl);
        Assert.Equal(PrivilegeNeeds.CgroupWrites | PrivilegeNeeds.Resctrl, ConfiguredPrivileges.Of(runner));
        Assert.Equal(new Dictionary<PrivilegeNeeds, string> { [PrivilegeNeeds.CgroupWrites] = nameof(PluginRunner), [PrivilegeNeeds.Resctrl] = nameof(PluginRunner) },
            ConfiguredPrivileges.Causes(runner));
        Assert.Equal(PrivilegeNeeds.None, ConfiguredPrivileges.Of(new PlainRunner()));
    }
}
