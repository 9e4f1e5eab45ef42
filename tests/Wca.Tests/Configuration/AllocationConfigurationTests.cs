using Wca.Actuation;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Configuration;

/// <summary>The final release accepts allocation_configuration on a MeasurementRunner (and its 2019 spelling _allocation_configuration).</summary>
public sealed class AllocationConfigurationTests
{
    private static MeasurementRunner Load(string keys)
    {
        using var dir = new TestDirectory();
        var yaml = $"runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: []\n{keys}";
        return Assert.IsType<MeasurementRunner>(ConfigurationLoader.Load(dir.Write("wca.yaml", yaml), BuiltInComponents.CreateRegistry(), AgentServices.ForTests()).Runner);
    }

    [Fact]
    public void The_original_keys_and_defaults_bind_under_either_name()
    {
        var runner = Load("  allocation_configuration: !AllocationConfiguration\n    cpu_quota_period: 100000\n    default_rdt_l3: 'L3:0=fffff;1=fffff'\n");
        var configuration = Assert.IsType<AllocationConfiguration>(runner.AllocationConfiguration);
        Assert.Equal((100000, 1000, "L3:0=fffff;1=fffff", (string?)null),
            (configuration.CpuQuotaPeriod, configuration.CpuSharesUnit, configuration.DefaultRdtL3, configuration.DefaultRdtMb));
        var internalName = Load("  _allocation_configuration: !AllocationConfiguration {}\n");
        Assert.Equal(100000, internalName.AllocationConfiguration!.CpuQuotaPeriod);
        Assert.Null(Load("").AllocationConfiguration);
    }

    [Fact]
    public void A_period_out_of_the_originals_range_is_an_error_naming_the_key()
    {
        var e = Assert.Throws<ConfigurationException>(() => Load("  allocation_configuration: !AllocationConfiguration\n    cpu_quota_period: 999\n"));
        Assert.Contains("runner.allocation_configuration.cpu_quota_period", e.Message);
        Assert.Contains("1000", e.Message);
    }
}
