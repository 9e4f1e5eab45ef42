using Wca.Measurement.Perf.Uncore;

namespace Wca.Tests.Measurement.Perf.Uncore;

/// <summary>
/// Every predefined event and user definitions encoded through the fixture PMUs' format/ into perf_event_attr
/// config words; the expected values are the kernel's documented event codes placed by hand into the documented bits.
/// </summary>
public sealed class UncoreEventEncodingTests : IDisposable
{
    private readonly UncoreSysfsFixture _fixture = new();
    private readonly IReadOnlyList<UncorePmu> _pmus;

    public UncoreEventEncodingTests() => _pmus = UncorePmuDiscovery.Discover(_fixture.Paths, []);

    public void Dispose() => _fixture.Dispose();

    private UncorePmu Pmu(string name) => _pmus.Single(p => p.Name == name);

    [Theory]
    [InlineData("platform_cas_count_reads", "uncore_imc", 0x0304UL)]
    [InlineData("platform_cas_count_writes", "uncore_imc", 0x0c04UL)]
    [InlineData("platform_pmm_bandwidth_reads", "uncore_imc", 0xe3UL)]
    [InlineData("platform_pmm_bandwidth_writes", "uncore_imc", 0xe7UL)]
    [InlineData("platform_rpq_occupancy", "uncore_imc", 0x80UL)]
    [InlineData("platform_rpq_inserts", "uncore_imc", 0x10UL)]
    [InlineData("platform_imc_clockticks", "uncore_imc", 0x00UL)]
    [InlineData("platform_upi_rxl_flits", "uncore_upi", 0x0f03UL)]
    [InlineData("platform_upi_txl_flits", "uncore_upi", 0x0f02UL)]
    public void A_predefined_event_encodes_to_its_documented_config(string name, string kind, ulong config)
    {
        var e = UncoreEventParser.Parse(name, "uncore_event_names");
        Assert.True(e.IsPredefined);
        Assert.Equal(kind, e.PmuKind);
        Assert.Equal(name, e.Descriptor.Name);
        Assert.True(e.TryEncode(Pmu(kind + "_1"), out var encoded, out var error), error);
        Assert.Equal(new UncoreEventConfig(config, 0, 0, 0), encoded);
    }

    [Fact]
    public void Every_predefined_event_is_covered_above() => Assert.Equal(9, PredefinedUncoreEvents.All.Count);

    [Theory]
    [InlineData("reads/uncore_imc/event=0x04,umask=0x03/", "uncore_imc_0", 0x0304UL, 0UL)]
    [InlineData("reads/uncore_imc/event=4,umask=3/", "uncore_imc_0", 0x0304UL, 0UL)]
    [InlineData("edgy/uncore_imc/event=0x01,edge,inv,thresh=0xff/", "uncore_imc_0", 0xff84_0001UL, 0UL)]
    [InlineData("raw/uncore_imc/config=0x1234,config1=0x5/", "uncore_imc_0", 0x1234UL, 0x5UL)]
    [InlineData("mixed/uncore_imc/event=0x01,config1=0xff00/", "uncore_imc_0", 0x01UL, 0xff00UL)]
    // The UPI umask continues at bit 32 after its first 8 bits, and skips bit 44.
    [InlineData("wide/uncore_upi/event=0x02,umask=0x1ff/", "uncore_upi_0", 0x1_0000_ff02UL, 0UL)]
    [InlineData("wider/uncore_upi/event=0x02,umask=0x1000ff/", "uncore_upi_0", (1UL << 45) | 0xff02UL, 0UL)]
    public void A_user_definition_encodes_through_the_PMUs_format(string text, string pmu, ulong config, ulong config1)
    {
        var e = UncoreEventParser.Parse(text, "uncore_event_names");
        Assert.False(e.IsPredefined);
        Assert.Equal(Wca.Api.MetricType.Gauge, e.Descriptor.Type);
        Assert.Equal(UncoreEventParser.UserHelp, e.Descriptor.Help);
        Assert.True(e.TryEncode(Pmu(pmu), out var encoded, out var error), error);
        Assert.Equal((config, config1), (encoded.Config, encoded.Config1));
    }

    [Theory]
    [InlineData("x/uncore_imc/event=0x01,umask_ext=0x1/", "uncore_imc_0 has no format field 'umask_ext' (its fields: edge, event, inv, thresh, umask; or give config=, config1= directly)")]
    [InlineData("x/uncore_imc/event=0x100/", "event=0x100 does not fit uncore_imc_0's event (config:0-7: 8 bits)")]
    [InlineData("x/uncore_upi/umask=0x80000000/", "umask=0x80000000 does not fit uncore_upi_0's umask (config:8-15,32-43,45-55: 31 bits)")]
    public void A_term_the_PMU_cannot_take_is_refused_with_the_reason(string text, string reason)
    {
        var e = UncoreEventParser.Parse(text, "uncore_event_names");
        Assert.False(e.TryEncode(Pmu(e.PmuKind + "_0"), out _, out var error));
        Assert.Equal(reason, error);
    }

    [Theory]
    [InlineData("platform_cas_count_read", "'platform_cas_count_read' is not a predefined uncore event (did you mean 'platform_cas_count_reads'?)")]
    [InlineData("reads/imc/event=0x04/", "'reads/imc/event=0x04/' is not an uncore event definition: expected name/uncore_<pmu>/field=value,.../")]
    [InlineData("reads/uncore_imc/event=0x04", "is not an uncore event definition")]
    [InlineData("reads/uncore_imc/event=0xzz/", "'event=0xzz' in 'reads/uncore_imc/event=0xzz/' is not a field=value term")]
    [InlineData("reads/uncore_imc/event=0x1,event=0x2/", "gives event twice")]
    [InlineData("reads/uncore_imc//", "has no terms")]
    [InlineData("platform_topology_cpus/uncore_imc/event=0x1/", "'platform_topology_cpus' is the name of the agent's own metric")]
    public void A_bad_item_is_an_error_naming_the_key_and_what_is_expected(string text, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => UncoreEventParser.Parse(text, "uncore_event_names"));
        Assert.Equal("uncore_event_names", e.ParamName);
        Assert.Contains(message, e.Message);
    }
}
