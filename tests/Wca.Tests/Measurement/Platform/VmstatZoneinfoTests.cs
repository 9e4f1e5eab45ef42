using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Measurement.Catalog;
using Wca.Measurement.Platform;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Platform;

/// <summary>The final release's default-on platform files: every vmstat key (platform and per node) and /proc/zoneinfo.</summary>
public sealed class VmstatZoneinfoTests
{
    private static readonly LabelSet Common = LabelSet.From(("host", "test-host"));
    private static readonly PlatformOptions Everything = new() { Vmstat = true, Zoneinfo = true };

    // Two nodes: node 0's first zone has the per-node stats, "pages free" is the free key, and per-cpu lines with a
    // colon and the protection tuple are not key/value lines of the default pattern.
    private const string Zoneinfo =
        "Node 0, zone      DMA\n" +
        "  per-node stats\n" +
        "      nr_inactive_anon 213800\n" +
        "      nr_mapped    80110\n" +
        "  pages free     3840\n" +
        "        min      35\n" +
        "        high     51\n" +
        "        protection: (0, 2887, 23933, 23933, 23933)\n" +
        "  pagesets\n" +
        "    cpu: 0\n" +
        "              count: 0\n" +
        "  node_unreclaimable:  0\n" +
        "  start_pfn:           1\n" +
        "Node 0, zone   Normal\n" +
        "  pages free     1000\n" +
        "        min      7\n" +
        "Node 1, zone   Normal\n" +
        "  per-node stats\n" +
        "      nr_inactive_anon 5\n" +
        "  pages free     2000\n" +
        "        min      9\n";

    private static (PlatformFixture Fixture, PlatformCollector Collector) Collector(PlatformOptions options)
    {
        var fixture = new PlatformFixture();
        fixture.Directory.Write("proc/zoneinfo", Zoneinfo);
        fixture.Directory.Write("sys/devices/system/node/node0/vmstat", "nr_free_pages 40\nnuma_hit 1000\n");
        fixture.Directory.Write("sys/devices/system/node/node1/vmstat", "nr_free_pages 60\nnuma_hit 2000\n");
        return (fixture, new PlatformCollector(fixture.Paths, Common, NullLogger.Instance, options));
    }

    private static List<Metric> Collect(PlatformCollector collector)
    {
        var batch = new MetricBatch(512);
        collector.CollectMetrics(batch);
        return [.. batch];
    }

    private static double Value(IEnumerable<Metric> metrics, string name, params (string Key, string Value)[] labels) =>
        Assert.Single(metrics, m => m.Name == name && labels.All(l => m.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Value;

    [Fact]
    public void Every_vmstat_key_and_every_node_vmstat_key_is_a_series()
    {
        var (fixture, collector) = Collector(Everything);
        using (fixture)
        using (collector)
        {
            var metrics = Collect(collector);
            Assert.Equal(100, Value(metrics, "platform_vmstat", ("key", "nr_free_pages")));
            Assert.Equal(123456789, Value(metrics, "platform_vmstat", ("key", "pgfault")));
            Assert.Equal(8, metrics.Count(m => m.Name == "platform_vmstat"));
            // The fixed counters stay as they were.
            Assert.Equal(123456789, Value(metrics, "platform_vmstat_pgfaults"));
            Assert.Equal(1000, Value(metrics, "platform_node_vmstat", ("numa_node", "0"), ("key", "numa_hit")));
            Assert.Equal(60, Value(metrics, "platform_node_vmstat", ("numa_node", "1"), ("key", "nr_free_pages")));
            Assert.All(metrics, m => Assert.Equal("test-host", m.Labels["host"]));
        }
    }

    [Fact]
    public void A_vmstat_regex_keeps_the_matching_keys_platform_and_per_node()
    {
        var (fixture, collector) = Collector(Everything with { VmstatKeys = new Regex("^numa_") });
        using (fixture)
        using (collector)
        {
            var metrics = Collect(collector);
            Assert.Equal(["numa_hint_faults", "numa_hint_faults_local", "numa_pages_migrated"],
                metrics.Where(m => m.Name == "platform_vmstat").Select(m => m.Labels["key"]).Order(StringComparer.Ordinal));
            Assert.Equal(["numa_hit", "numa_hit"], metrics.Where(m => m.Name == "platform_node_vmstat").Select(m => m.Labels["key"]));
        }
    }

    [Fact]
    public void Zoneinfo_is_a_series_per_node_zone_and_key_with_pages_free_as_free()
    {
        var (fixture, collector) = Collector(Everything);
        using (fixture)
        using (collector)
        {
            var metrics = Collect(collector);
            Assert.Equal(3840, Value(metrics, "platform_zoneinfo", ("numa_node", "0"), ("zone", "DMA"), ("key", "free")));
            Assert.Equal(35, Value(metrics, "platform_zoneinfo", ("numa_node", "0"), ("zone", "DMA"), ("key", "min")));
            // Per-node stats belong to the zone they follow.
            Assert.Equal(80110, Value(metrics, "platform_zoneinfo", ("numa_node", "0"), ("zone", "DMA"), ("key", "nr_mapped")));
            Assert.Equal(5, Value(metrics, "platform_zoneinfo", ("numa_node", "1"), ("zone", "Normal"), ("key", "nr_inactive_anon")));
            Assert.Equal(1000, Value(metrics, "platform_zoneinfo", ("numa_node", "0"), ("zone", "Normal"), ("key", "free")));
            Assert.Equal(2000, Value(metrics, "platform_zoneinfo", ("numa_node", "1"), ("zone", "Normal"), ("key", "free")));
            // Lines with a colon (per-cpu pagesets, start_pfn) and the protection tuple give nothing.
            var keys = metrics.Where(m => m.Name == "platform_zoneinfo").Select(m => m.Labels["key"]).ToHashSet();
            Assert.Equal(["free", "high", "min", "nr_inactive_anon", "nr_mapped"], keys.Order(StringComparer.Ordinal));
            Assert.Equal(MetricType.Gauge, metrics.First(m => m.Name == "platform_zoneinfo").Type);
        }
    }

    [Fact]
    public void A_zoneinfo_pattern_with_two_groups_picks_key_and_value()
    {
        var (fixture, collector) = Collector(Everything with { ZoneinfoLine = new Regex(@"\s+(min)\s+(\d+)") });
        using (fixture)
        using (collector)
        {
            var metrics = Collect(collector).Where(m => m.Name == "platform_zoneinfo").ToList();
            // free stays (the original normalises it whatever the pattern); of the others only min matches.
            Assert.Equal(["free", "min"], metrics.Select(m => m.Labels["key"]).Distinct().Order(StringComparer.Ordinal));
            Assert.Equal(9, Value(metrics, "platform_zoneinfo", ("numa_node", "1"), ("key", "min")));
        }
    }

    [Fact]
    public void With_everything_on_a_steady_state_collection_allocates_nothing()
    {
        var (fixture, collector) = Collector(Everything);
        using (fixture)
        using (collector) PlatformCollectorTests.AssertSteadyStateAllocatesNothing(collector);
    }

    [Fact]
    public void This_machine_reports_its_own_vmstat_and_zoneinfo()
    {
        using var collector = new PlatformCollector(HostPaths.Default, Common, NullLogger.Instance, Everything);
        var metrics = Collect(collector);
        var pgfault = long.Parse(File.ReadLines("/proc/vmstat").First(l => l.StartsWith("pgfault ", StringComparison.Ordinal)).Split(' ')[1],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(Value(metrics, "platform_vmstat", ("key", "pgfault")), pgfault - 1_000_000, pgfault);
        var firstZone = File.ReadLines("/proc/zoneinfo").First().Split(',');
        var node = firstZone[0]["Node ".Length..];
        var zone = firstZone[1].Trim()["zone".Length..].Trim();
        Assert.Contains(metrics, m => m.Name == "platform_zoneinfo" && m.Labels["numa_node"] == node && m.Labels["zone"] == zone && m.Labels["key"] == "free");
        var text = PrometheusTextWriter.Format(MetricPackage.Create(PackageKind.Metrics, DateTimeOffset.UtcNow, metrics), includeTimestamp: false);
        Promtool.AssertParses(text);
    }

    private static string Config(string keys) => $"runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: []\n{keys}";

    private static object? Load(string yaml)
    {
        using var dir = new TestDirectory();
        return ConfigurationLoader.Load(dir.Write("wca.yaml", yaml), BuiltInComponents.CreateRegistry(), AgentServices.ForTests()).Runner;
    }

    [Fact]
    public void Both_are_on_by_default_and_take_false_or_a_regex_from_yaml()
    {
        var runner = Assert.IsType<MeasurementRunner>(Load(Config("")));
        Assert.True(runner.Vmstat.First);
        Assert.True(runner.Zoneinfo.First);
        runner = Assert.IsType<MeasurementRunner>(Load(Config("  vmstat: false\n  zoneinfo: '\\s+([a-z_]+)\\s+(\\d+)'\n")));
        Assert.False(runner.Vmstat.First);
        Assert.Equal(@"\s+([a-z_]+)\s+(\d+)", runner.Zoneinfo.Second);
    }

    [Fact]
    public void A_bad_regex_or_a_zoneinfo_pattern_without_two_groups_is_a_configuration_error_naming_the_key()
    {
        var bad = Assert.Throws<ConfigurationException>(() => Load(Config("  vmstat: '(unclosed'\n")));
        Assert.Contains("runner.vmstat", bad.Message);
        Assert.Contains("not a valid regular expression", bad.Message);
        var groups = Assert.Throws<ConfigurationException>(() => Load(Config("  zoneinfo: '\\s+(\\w+)'\n")));
        Assert.Contains("runner.zoneinfo", groups.Message);
        Assert.Contains("needs 2 groups", groups.Message);
    }
}
