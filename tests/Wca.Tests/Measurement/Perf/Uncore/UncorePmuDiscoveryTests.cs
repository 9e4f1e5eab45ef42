using Wca.Host;
using Wca.Measurement.Perf.Uncore;

namespace Wca.Tests.Measurement.Perf.Uncore;

/// <summary>The event_source tree of a 2-socket server parsed: PMUs, types, sockets, format fields as bit masks.</summary>
public sealed class UncorePmuDiscoveryTests
{
    [Fact]
    public void Every_uncore_PMU_is_found_with_its_type_sockets_and_format_and_the_core_PMUs_are_not()
    {
        using var fixture = new UncoreSysfsFixture();
        var problems = new List<string>();
        var pmus = UncorePmuDiscovery.Discover(fixture.Paths, problems);

        Assert.Empty(problems);
        Assert.Equal([.. Enumerable.Range(0, 6).Select(i => $"uncore_imc_{i}"), .. Enumerable.Range(0, 3).Select(i => $"uncore_upi_{i}")], pmus.Select(p => p.Name));
        Assert.Equal([40u, 41, 42, 43, 44, 45, 50, 51, 52], pmus.Select(p => p.Type));
        Assert.All(pmus, p => Assert.Equal([(0, 0), (1, 1)], p.Sockets));
        Assert.Equal(["uncore_imc", "uncore_upi"], pmus.Select(p => p.Kind).Distinct());

        var imc = pmus[0].Format;
        Assert.Equal("edge, event, inv, thresh, umask", imc.Names);
        Assert.True(imc.TryGet("event", out var e));
        Assert.Equal((0, 0xFFUL, 8), (e.Word, e.Mask, e.Width));
        Assert.True(imc.TryGet("umask", out var u));
        Assert.Equal(0xFF00UL, u.Mask);
        Assert.True(imc.TryGet("inv", out var inv));
        Assert.Equal(1UL << 23, inv.Mask);
        Assert.True(pmus[6].Format.TryGet("umask", out var upiUmask));
        // config:8-15,32-43,45-55: 8 + 12 + 11 bits.
        Assert.Equal(0x00FF_EFFF_0000_FF00UL, upiUmask.Mask);
        Assert.Equal(31, upiUmask.Width);
    }

    [Fact]
    public void Instances_are_ordered_by_number_and_a_socket_comes_from_the_cpu_topology()
    {
        using var fixture = new UncoreSysfsFixture();
        fixture.Pmu("uncore_cha_10", 60, new() { ["event"] = "config:0-7" }, [], cpumask: "1,0");
        fixture.Pmu("uncore_cha_2", 61, new() { ["event"] = "config:0-7" }, [], cpumask: "1,0");
        var pmus = UncorePmuDiscovery.Discover(fixture.Paths, []);
        Assert.Equal(["uncore_cha_2", "uncore_cha_10"], pmus.Where(p => p.Kind == "uncore_cha").Select(p => p.Name));
        // cpumask order is kept; cpu 1 is on socket 1 whatever its place in the mask.
        Assert.Equal([(1, 1), (0, 0)], pmus.First(p => p.Kind == "uncore_cha").Sockets);
    }

    [Theory]
    [InlineData("uncore_imc_0", "uncore_imc")]
    [InlineData("uncore_imc_12", "uncore_imc")]
    [InlineData("uncore_upi", "uncore_upi")]
    [InlineData("uncore_imc_free_running_0", "uncore_imc_free_running")]
    [InlineData("uncore_iio_free", "uncore_iio_free")]
    public void The_kind_is_the_name_without_its_instance_number(string name, string kind) => Assert.Equal(kind, UncorePmu.KindOf(name));

    [Theory]
    [InlineData("config:0-7", 0, 0xFFUL)]
    [InlineData("config1:1,6-10,44", 1, (1UL << 1) | (0x1FUL << 6) | (1UL << 44))] // the ABI document's example
    [InlineData("config2:63", 2, 1UL << 63)]
    [InlineData("config3:0-63", 3, ulong.MaxValue)]
    [InlineData("config:0-7\n", 0, 0xFFUL)]
    public void A_format_file_in_the_ABI_form_is_a_word_and_a_bit_mask(string text, int word, ulong mask)
    {
        var field = PmuFormatField.TryParse("f", text, out var error);
        Assert.Null(error);
        Assert.Equal((word, mask), (field!.Word, field.Mask));
    }

    [Theory]
    [InlineData("config4:0-7")]
    [InlineData("0-7")]
    [InlineData("config:7-0")]
    [InlineData("config:0-64")]
    [InlineData("config:a")]
    public void A_format_file_not_in_the_ABI_form_is_a_problem_and_that_PMU_keeps_its_other_fields(string text)
    {
        Assert.Null(PmuFormatField.TryParse("f", text, out var error));
        Assert.NotNull(error);

        using var fixture = new UncoreSysfsFixture();
        fixture.WriteFormat("uncore_imc_0", "broken", text);
        var problems = new List<string>();
        var imc = UncorePmuDiscovery.Discover(fixture.Paths, problems)[0];
        Assert.Contains(Path.Combine(fixture.Sys, "bus", "event_source", "devices", "uncore_imc_0", "format", "broken"), Assert.Single(problems));
        Assert.True(imc.Format.TryGet("umask", out _));
    }

    [Fact]
    public void A_PMU_without_a_readable_type_is_a_problem_and_left_out()
    {
        using var fixture = new UncoreSysfsFixture();
        File.WriteAllText(Path.Combine(fixture.Sys, "devices", "uncore_upi_2", "type"), "upi\n");
        var problems = new List<string>();
        var pmus = UncorePmuDiscovery.Discover(fixture.Paths, problems);
        Assert.DoesNotContain(pmus, p => p.Name == "uncore_upi_2");
        Assert.Contains("'upi' is not a perf type number", Assert.Single(problems));
    }

    [Fact]
    public void No_event_source_tree_means_no_PMU() =>
        Assert.Empty(UncorePmuDiscovery.Discover(HostPaths.Default with { Sys = "/nonexistent-sys" }, []));
}
