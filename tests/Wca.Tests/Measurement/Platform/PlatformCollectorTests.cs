using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Host;
using Wca.Measurement.Platform;
using Wca.Measurement.Catalog;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Platform;

public sealed class PlatformCollectorTests
{
    private static readonly LabelSet Common = LabelSet.From(("host", "test-host"));

    private static Dictionary<string, double> Values(MetricBatch batch) =>
        batch.ToDictionary(m => m.Name + Levels(m.Labels), m => m.Value);

    private static string Levels(LabelSet labels)
    {
        var extra = labels.Pairs.ToArray().Where(p => p.Key != "host").Select(p => $"{p.Key}={p.Value}");
        return extra.Any() ? "{" + string.Join(",", extra) + "}" : "";
    }

    [Fact]
    public void Fixture_tree_gives_the_reference_formulas_exact_values()
    {
        using var fixture = new PlatformFixture();
        using var collector = new PlatformCollector(fixture.Paths, Common, NullLogger.Instance);
        var batch = new MetricBatch { TimestampMilliseconds = 1 };
        var before = DateTimeOffset.UtcNow;
        var platform = collector.Collect(batch);

        var values = Values(batch);
        var expected = new Dictionary<string, double>
        {
            ["platform_topology_cpus"] = 4,
            ["platform_topology_cores"] = 4,
            ["platform_topology_sockets"] = 2,
            ["platform_cpu_usage{cpu=0}"] = 1 + 2 + 3 + 6 + 7 + 8,
            ["platform_cpu_usage{cpu=1}"] = 500,
            ["platform_cpu_usage{cpu=2}"] = 10,
            ["platform_cpu_usage{cpu=3}"] = 7,
            ["platform_mem_usage_bytes"] = 6560739328,
            ["platform_mem_numa_free_bytes{numa_node=0}"] = 9000000L * 1024,
            ["platform_mem_numa_used_bytes{numa_node=0}"] = 7000000L * 1024,
            ["platform_mem_numa_free_bytes{numa_node=1}"] = 1000L * 1024,
            ["platform_mem_numa_used_bytes{numa_node=1}"] = 15999000L * 1024,
            ["platform_vmstat_numa_pages_migrated"] = 3,
            ["platform_vmstat_pgmigrate_success"] = 5,
            ["platform_vmstat_pgmigrate_fail"] = 1,
            ["platform_vmstat_numa_hint_faults"] = 11,
            ["platform_vmstat_numa_hint_faults_local"] = 7,
            ["platform_vmstat_pgfaults"] = 123456789,
            ["platform_vmstat_pgmajfaults"] = 42,
            ["platform_pressure_avg10_ratio{kind=some,resource=cpu}"] = 0.0204,
            ["platform_pressure_stalled_seconds{kind=some,resource=cpu}"] = 4.703042,
            ["platform_pressure_avg10_ratio{kind=some,resource=memory}"] = 0.005,
            ["platform_pressure_stalled_seconds{kind=some,resource=memory}"] = 1.5,
            ["platform_pressure_avg10_ratio{kind=full,resource=memory}"] = 0.0025,
            ["platform_pressure_stalled_seconds{kind=full,resource=memory}"] = 0.00025,
        };
        var lastSeen = values["platform_last_seen"];
        values.Remove("platform_last_seen");
        Assert.Equal(expected.OrderBy(p => p.Key), values.OrderBy(p => p.Key));
        Assert.InRange(lastSeen, before.ToUnixTimeMilliseconds() / 1000.0 - 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 + 1);
        Assert.All(batch, m => Assert.Equal("test-host", m.Labels["host"]));
        Assert.All(batch, m => Assert.Same(MetricCatalog.Find(m.Name)!.Descriptor, m.Descriptor));

        Assert.Equal((4, 4, 2), (platform.Cpus, platform.Cores, platform.Sockets));
        Assert.Equal("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", platform.CpuModel);
        Assert.Equal(new Dictionary<int, long> { [0] = 27, [1] = 500, [2] = 10, [3] = 7 }, platform.CpuUsage);
        Assert.Equal(6560739328, platform.TotalMemoryUsedBytes);
        Assert.Equal([0, 1], platform.NumaNodes.Select(n => n.Id));
        Assert.Equal([2, 3], platform.NumaNodes[1].Cpus);
        Assert.Equal(1000L * 1024, platform.NumaNodes[1].FreeBytes);
    }

    [Fact]
    public void Values_follow_the_files_and_a_cpu_going_offline_updates_the_topology()
    {
        using var fixture = new PlatformFixture();
        using var collector = new PlatformCollector(fixture.Paths, Common, NullLogger.Instance);
        collector.Collect(new MetricBatch());
        fixture.Directory.Write("sys/devices/system/cpu/cpu3/online", "0\n");
        fixture.Directory.Write("proc/stat", PlatformFixture.Stat.Replace("cpu3 0 0 0 0 0 0 0 7 0 0\n", "", StringComparison.Ordinal)
            .Replace("cpu1 100 100 100", "cpu1 200 100 100", StringComparison.Ordinal));
        var batch = new MetricBatch();
        var platform = collector.Collect(batch);
        var values = Values(batch);
        Assert.Equal(600, values["platform_cpu_usage{cpu=1}"]);
        Assert.False(values.ContainsKey("platform_cpu_usage{cpu=3}"));
        Assert.Equal(3, values["platform_topology_cpus"]);
        Assert.Equal((3, 3, 2), (platform.Cpus, platform.Cores, platform.Sockets));
    }

    [Fact]
    public void Steady_state_metric_collection_allocates_nothing()
    {
        using var fixture = new PlatformFixture();
        using var collector = new PlatformCollector(fixture.Paths, Common, NullLogger.Instance);
        AssertSteadyStateAllocatesNothing(collector);
    }

    /// <summary>A second collection gives as many metrics as the first and allocates nothing.</summary>
    internal static void AssertSteadyStateAllocatesNothing(PlatformCollector collector)
    {
        var batch = new MetricBatch(512);
        collector.CollectMetrics(batch);
        var count = batch.Count;
        batch.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        collector.CollectMetrics(batch);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(count, batch.Count);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Missing_optional_files_are_skipped_and_nothing_readable_is_an_error()
    {
        using var fixture = new PlatformFixture();
        Directory.Delete(fixture.Directory.File("proc/pressure"), recursive: true);
        File.Delete(fixture.Directory.File("proc/vmstat"));
        using (var collector = new PlatformCollector(fixture.Paths, Common, NullLogger.Instance))
        {
            var batch = new MetricBatch();
            collector.Collect(batch);
            Assert.DoesNotContain(batch, m => m.Name.StartsWith("platform_pressure", StringComparison.Ordinal) || m.Name.StartsWith("platform_vmstat", StringComparison.Ordinal));
            Assert.Contains(batch, m => m.Name == "platform_mem_usage_bytes");
        }

        using var empty = new TestDirectory();
        Directory.CreateDirectory(empty.File("sys/devices/system/cpu"));
        var paths = new HostPaths(empty.File("proc"), empty.File("sys"), empty.File("cgroup"), empty.File("resctrl"));
        using var nothing = new PlatformCollector(paths, Common, NullLogger.Instance);
        Assert.Throws<InvalidOperationException>(() => nothing.Collect(new MetricBatch()));
    }

    [Fact]
    public void This_machine_gives_sane_values_that_promtool_accepts()
    {
        using var collector = new PlatformCollector(HostPaths.Default, Common, NullLogger.Instance);
        var batch = new MetricBatch { TimestampMilliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
        var platform = collector.Collect(batch);

        Assert.Equal(Environment.ProcessorCount, platform.Cpus);
        Assert.Equal(Environment.ProcessorCount, batch.Count(m => m.Name == "platform_cpu_usage"));
        Assert.All(platform.CpuUsage.Values, ticks => Assert.True(ticks > 0));
        var memTotal = long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        Assert.InRange(platform.TotalMemoryUsedBytes, 1, memTotal);
        Assert.InRange(platform.Cores, 1, platform.Cpus);
        Assert.InRange(platform.Sockets, 1, platform.Cores);
        Assert.NotEmpty(platform.NumaNodes);
        Assert.All(platform.NumaNodes, n => Assert.InRange(n.FreeBytes + n.UsedBytes, 1, memTotal));
        Assert.Contains(batch, m => m.Name == "platform_vmstat_pgfaults" && m.Value > 0);
        if (File.Exists("/proc/pressure/cpu"))
            Assert.Contains(batch, m => m.Name == "platform_pressure_stalled_seconds" && m.Labels["resource"] == "cpu");

        var output = new ArrayBufferWriter<byte>();
        new PrometheusTextWriter().Write(batch, includeTimestamp: true, output);
        Promtool.AssertParses(Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
