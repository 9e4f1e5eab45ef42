using Wca.Actuation.Rdt;
using Wca.Api;
using Wca.Decision.Allocation;

namespace Wca.Tests.Actuation.Rdt;

/// <summary>Schemata lines, their normalised comparison, the validation rules (each its own message), the rdt merge and metrics.</summary>
public sealed class RdtAllocationRulesTests
{
    // A 2-socket Skylake-like machine: 11 ways, min 1 bit, 16 CLOSIDs for L3 and 8 for MB, MB in steps of 10 from 10.
    private static readonly RdtControlInfo TwoSockets = new(true, true, 0x7ff, 1, 8, 10, 10, false, ["0", "1"], ["0", "1"]);

    private static List<string> Check(string? l3 = null, string? mb = null, string? name = "be", RdtControlInfo? info = null) =>
        RdtAllocationRules.Check(new RdtAllocation(name, l3, mb), info ?? TwoSockets).Select(p => p.Message).ToList();

    [Theory]
    [InlineData("L3:0=00ff;1=0ff", "L3:0=ff;1=ff", true)]
    [InlineData("L3:0=00f;1=00f", "L3:0=0000f;1=0000f", true)]
    [InlineData("L3:0=00f", "L3:0=0000f;1=0000f", true)] // a domain not given keeps its value
    [InlineData("L3:0= 00f", "L3:0=  0000f", true)]
    [InlineData("MB:0= 70;1=100", "MB:0=70;1=100", true)]
    [InlineData("L3:0=00f0;1=00f0", "L3:0=00f;1=00f", false)]
    [InlineData("L3:0=f;2=f", "L3:0=f;1=f", false)] // a domain the group lacks
    [InlineData("MB:0=70", "L3:0=70", false)]
    public void LinesCompareWithoutTheKernelsPadding(string wanted, string held, bool same) =>
        Assert.Equal(same, SchemataLine.TryParse(wanted, out _)!.IsHeldBy(SchemataLine.TryParse(held, out _)));

    [Theory]
    [InlineData("L3:0=f;;1=f", "an empty domain")]
    [InlineData("L3:0f", "has no '=' between domain id and value")]
    [InlineData("L3:=f", "has no domain id")]
    [InlineData("L3:0=", "has no value")]
    [InlineData("L3:0=f;0=f", "domain 0 is given twice")]
    [InlineData("0=f", "has no resource name")]
    public void ABrokenLineSaysWhatIsWrong(string text, string problem)
    {
        Assert.Null(SchemataLine.TryParse(text, out var error));
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidValuesPass()
    {
        Assert.Empty(Check("L3:0=7ff;1=00f", "MB:0=100;1=10"));
        Assert.Empty(Check("L3:1=1")); // a domain may be left out
        Assert.Empty(Check(name: ""));
    }

    [Theory]
    [InlineData("L3:0=70f", "l3 \"L3:0=70f\": domain 0 mask 70f has a gap: the set bits must be one contiguous run (cbm_mask 7ff)")]
    [InlineData("L3:0=fff", "l3 \"L3:0=fff\": domain 0 mask fff sets bits outside cbm_mask 7ff")]
    [InlineData("L3:0=0", "l3 \"L3:0=0\": domain 0 mask 0 sets 0 bits, fewer than min_cbm_bits 1")]
    [InlineData("L3:2=f", "l3 \"L3:2=f\": domain 2 does not exist (domains: 0, 1)")]
    [InlineData("L3:x=f", "l3 \"L3:x=f\": domain x does not exist (domains: 0, 1)")]
    [InlineData("L3:0=0xf", "l3 \"L3:0=0xf\": domain 0 mask \"0xf\" is not hexadecimal (e.g. ff0, no 0x)")]
    [InlineData("l3:0=f", "l3 \"l3:0=f\" should start with \"L3:\" (e.g. \"L3:0=fffff;1=fffff\")")]
    [InlineData("L3:", "l3 \"L3:\" names no domain (e.g. \"L3:0=fffff;1=fffff\")")]
    public void EachBrokenL3RuleIsItsOwnMessage(string l3, string message) => Assert.Equal([message], Check(l3));

    [Theory]
    [InlineData("MB:0=5", "mb \"MB:0=5\": domain 0 value 5 is below min_bandwidth 10")]
    [InlineData("MB:0=25", "mb \"MB:0=25\": domain 0 value 25 is not a multiple of bandwidth_gran 10 (the kernel would round it up to 30)")]
    [InlineData("MB:0=110", "mb \"MB:0=110\": domain 0 value 110 is above 100 percent")]
    [InlineData("MB:0=50%", "mb \"MB:0=50%\": domain 0 value \"50%\" is not a whole number (percent)")]
    [InlineData("MB:3=50", "mb \"MB:3=50\": domain 3 does not exist (domains: 0, 1)")]
    [InlineData("L3:0=50", "mb \"L3:0=50\" should start with \"MB:\" (e.g. \"MB:0=100;1=100\")")]
    public void EachBrokenMbRuleIsItsOwnMessage(string mb, string message) => Assert.Equal([message], Check(mb: mb));

    [Fact]
    public void SeveralViolationsAreSeveralMessages() =>
        Assert.Equal(2, Check("L3:0=f0f;1=fff", "MB:0=100").Count);

    [Fact]
    public void InMbaMbpsModeMbIsAnyWholeNumberOfMbps()
    {
        var mbps = TwoSockets with { MbaMbps = true };
        Assert.Empty(Check(mb: "MB:0=2500;1=5", info: mbps));
        Assert.Single(Check(mb: "MB:0=2.5", info: mbps));
    }

    [Fact]
    public void AMissingControlIsNotSupportedNotAWrongValue()
    {
        var cacheOnly = TwoSockets with { MbControl = false, MbDomains = [] };
        var problem = Assert.Single(RdtAllocationRules.Check(new RdtAllocation("be", Mb: "MB:0=50"), cacheOnly));
        Assert.True(problem.NotSupported);
        Assert.Equal("mb \"MB:0=50\": RDT memory bandwidth allocation is not available (the root schemata has no MB line)", problem.Message);
        Assert.True(Assert.Single(RdtAllocationRules.Check(new RdtAllocation("be", L3: "L3:0=f"), RdtControlInfo.None)).NotSupported);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("two words")]
    public void AGroupNameMustMakeADirectory(string name) =>
        Assert.Contains("cannot name a directory", Assert.Single(Check(name: name)), StringComparison.Ordinal);

    [Fact]
    public void TheSameGroupKeepsItsNameAndTakesTheGivenLinesOverTheCurrentOnes()
    {
        var current = new RdtAllocation("be", "L3:0=7ff;1=7ff", "MB:0=100;1=100");
        Assert.True(AllocationMerge.RdtHeld(current, new RdtAllocation("be", "L3:0=07ff")));
        Assert.False(AllocationMerge.RdtHeld(current, new RdtAllocation("lc", "L3:0=7ff")));
        Assert.False(AllocationMerge.RdtHeld(current, new RdtAllocation("be", Mb: "MB:1=50")));
        Assert.Equal(new RdtAllocation("be", "L3:0=f;1=7ff", "MB:0=100;1=100"), AllocationMerge.MergeRdt(current, new RdtAllocation("be", "L3:0=00f")));
        // Another group: the requested value alone (agent-core §6.8.4: nothing inherited).
        Assert.Equal(new RdtAllocation("lc", "L3:0=f"), AllocationMerge.MergeRdt(current, new RdtAllocation("lc", "L3:0=f")));
        Assert.Same(current, AllocationMerge.MergeRdt(current, null));
    }

    [Fact]
    public void MetricsArePerDomainWithTheGroupName()
    {
        var series = RdtMetrics.Series(new RdtAllocation("be", "L3:0=f1;1=7ff", "MB:0=20;1=30"),
            (type, group, domain) => LabelSet.From(("allocation_type", type), ("group_name", group), ("domain_id", domain)));
        Assert.Equal(
            ["allocation_rdt_l3_cache_ways 0 5", "allocation_rdt_l3_mask 0 241", "allocation_rdt_l3_cache_ways 1 11", "allocation_rdt_l3_mask 1 2047",
             "allocation_rdt_mb 0 20", "allocation_rdt_mb 1 30"],
            series.Select(s => $"{s.Descriptor.Name} {s.Labels["domain_id"]} {s.Value}"));
        Assert.All(series, s => Assert.Equal("be", s.Labels["group_name"]));
    }
}
