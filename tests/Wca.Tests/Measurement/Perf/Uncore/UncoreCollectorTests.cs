using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Measurement.Catalog;
using Wca.Measurement.Perf.Uncore;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Perf.Uncore;

/// <summary>
/// The uncore collector over the fixture's 2-socket event_source tree with synthetic readings: one group per
/// configured group, PMU and socket, series labelled socket and pmu_type, scaling, the derived bandwidth and latency
/// from two readings, and every refusal said once while the rest is measured.
/// </summary>
public sealed class UncoreCollectorTests : IDisposable
{
    private static readonly LabelSet Common = LabelSet.From(("host", "h"));
    private readonly UncoreSysfsFixture _fixture = new();
    private readonly SyntheticUncore _kernel = new();
    private readonly RecordingLogger _log = new();

    public void Dispose() => _fixture.Dispose();

    private static readonly string[] Bandwidth = ["platform_cas_count_reads", "platform_cas_count_writes", "platform_pmm_bandwidth_reads", "platform_pmm_bandwidth_writes"];
    private static readonly string[] Latency = ["platform_rpq_occupancy", "platform_rpq_inserts", "platform_imc_clockticks"];
    private static readonly string[] Upi = ["platform_upi_rxl_flits", "platform_upi_txl_flits"];

    private UncoreCollector Open(bool derived, params string[][] groups) =>
        UncoreCollector.Open(UncoreEventGroups.Parse(groups, "uncore_event_names"), derived, _fixture.Paths, Common, _log, _kernel);

    private static string Pmu(string kind, int i) => $"{kind}_{i}";

    /// <summary>Every channel's counts at iteration <paramref name="n"/> (0, 1 ...): channel i of socket s grows by known amounts.</summary>
    private void SetCounts(int n)
    {
        for (var socket = 0; socket < 2; socket++)
        {
            for (var i = 0; i < UncoreSysfsFixture.ImcChannels; i++)
            {
                var imc = Pmu("uncore_imc", i);
                ulong k = (ulong)(i + 1);
                _kernel.Counts[(imc, socket, "platform_cas_count_reads")] = 7 + (ulong)n * 1000 * k;
                _kernel.Counts[(imc, socket, "platform_cas_count_writes")] = 11 + (ulong)n * 500 * k;
                _kernel.Counts[(imc, socket, "platform_pmm_bandwidth_reads")] = (ulong)n * 250 * k;
                _kernel.Counts[(imc, socket, "platform_pmm_bandwidth_writes")] = (ulong)n * 250 * k;
                _kernel.Counts[(imc, socket, "platform_rpq_occupancy")] = (ulong)n * 6000 * (ulong)(socket + 1);
                _kernel.Counts[(imc, socket, "platform_rpq_inserts")] = (ulong)n * 100;
                _kernel.Counts[(imc, socket, "platform_imc_clockticks")] = (ulong)n * 2_000_000_000;
            }
            for (var l = 0; l < UncoreSysfsFixture.UpiLinks; l++)
            {
                _kernel.Counts[(Pmu("uncore_upi", l), socket, "platform_upi_rxl_flits")] = (ulong)n * 900 * (ulong)(l + 1);
                _kernel.Counts[(Pmu("uncore_upi", l), socket, "platform_upi_txl_flits")] = (ulong)n * 900 * (ulong)(l + 1);
            }
        }
    }

    private static double Value(MetricBatch batch, string name, string socket, string? pmuType = null) =>
        Assert.Single(batch.AsSpan().ToArray(), m => m.Name == name && m.Labels["socket"] == socket
            && (pmuType is null ? !m.Labels.ContainsKey("pmu_type") : m.Labels["pmu_type"] == pmuType)).Value;

    [Fact]
    public void A_list_of_groups_opens_one_group_per_configured_group_PMU_and_socket_on_the_sockets_cpu()
    {
        using var uncore = Open(false, Bandwidth, Latency, Upi);
        // (6 iMC × 2 groups + 3 UPI × 1 group) × 2 sockets.
        Assert.Equal(30, uncore.OpenGroups);
        Assert.Equal(30, _kernel.OpenCount);
        Assert.Equal(2 * (6 * 7 + 3 * 2), uncore.OpenDescriptors);
        var first = _kernel.Opened[0];
        Assert.Equal(("uncore_imc_0", 0), (first.Pmu, first.Cpu));
        Assert.Equal(Bandwidth, first.Names);
        Assert.Equal([0x0304UL, 0x0c04, 0xe3, 0xe7], first.Configs.Select(c => c.Config));
        Assert.Equal(("uncore_imc_0", 1), (_kernel.Opened[1].Pmu, _kernel.Opened[1].Cpu));
        Assert.Contains(_kernel.Opened, o => o.Pmu == "uncore_upi_2" && o.Cpu == 1 && o.Configs.Select(c => c.Config).SequenceEqual(new[] { 0x0f03UL, 0x0f02UL }));
        uncore.Dispose();
        Assert.Equal(0, _kernel.OpenCount);
    }

    [Fact]
    public void A_flat_list_with_events_of_two_PMU_kinds_makes_one_group_per_kind()
    {
        using var uncore = Open(false, ["platform_cas_count_reads", "platform_upi_rxl_flits", "platform_cas_count_writes"]);
        Assert.Equal(2 * (6 + 3), uncore.OpenGroups);
        Assert.Equal(["platform_cas_count_reads", "platform_cas_count_writes"], _kernel.Opened.First(o => o.Pmu == "uncore_imc_3").Names);
        Assert.Equal(["platform_upi_rxl_flits"], _kernel.Opened.First(o => o.Pmu == "uncore_upi_1").Names);
    }

    [Fact]
    public void Each_event_is_a_series_per_socket_and_pmu_type_and_multiplexing_is_scaled()
    {
        using var uncore = Open(false, Bandwidth);
        SetCounts(1);
        _kernel.Times = (3_000_000, 2_000_000);
        var batch = new MetricBatch();
        uncore.Collect(batch, 100);

        // uncore_imc_2 has type 42; its cas reads 7 + 3000, scaled by 1.5 (round half to even).
        Assert.Equal(Math.Round(3007 * 1.5, MidpointRounding.ToEven), Value(batch, "platform_cas_count_reads", "1", "42"));
        Assert.Equal(1.5, Value(batch, "platform_scaling_uncore_factor", "0", "40"));
        Assert.Equal(12, batch.AsSpan().ToArray().Count(m => m.Name == "platform_scaling_uncore_factor"));
        var series = batch.AsSpan().ToArray().First(m => m.Name == "platform_cas_count_reads");
        Assert.Equal(MetricCatalog.PlatformCasCountReads, series.Descriptor);
        Assert.Equal(["host", "pmu_type", "socket"], series.Labels.Keys.Order());
        Assert.DoesNotContain(batch.AsSpan().ToArray(), m => m.Name.EndsWith("_per_second", StringComparison.Ordinal)); // derived off
    }

    [Fact]
    public void Derived_bandwidth_and_latency_come_from_the_deltas_of_two_readings_and_are_absent_on_the_first()
    {
        using var uncore = Open(true, Bandwidth, Latency, Upi);
        SetCounts(1);
        var first = new MetricBatch();
        uncore.Collect(first, 100);
        Assert.DoesNotContain(first.AsSpan().ToArray(), m => m.Descriptor.Name is "platform_dram_reads_bytes_per_second" or "platform_rpq_read_latency_seconds"
            or "platform_upi_bandwidth_bytes_per_second" or "platform_dram_hit_ratio");

        SetCounts(2);
        var second = new MetricBatch();
        uncore.Collect(second, 102); // 2 s later

        // Channel uncore_imc_1 (type 41): Δreads 2000, Δwrites 1000, ΔPMM reads and writes 500 each, over 2 s.
        Assert.Equal(2000 * 64 / 2.0, Value(second, "platform_dram_reads_bytes_per_second", "0", "41"));
        Assert.Equal(1000 * 64 / 2.0, Value(second, "platform_dram_writes_bytes_per_second", "1", "41"));
        Assert.Equal(3000 * 64 / 2.0, Value(second, "platform_dram_total_bytes_per_second", "1", "41"));
        Assert.Equal(500 * 64 / 2.0, Value(second, "platform_pmm_reads_bytes_per_second", "0", "41"));
        Assert.Equal(1000 * 64 / 2.0, Value(second, "platform_pmm_total_bytes_per_second", "0", "41"));
        Assert.Equal(0.75, Value(second, "platform_dram_hit_ratio", "0", "45"));
        // UPI link 2 (type 52): 2700 flits each way over 2 s, 9 flits per 64 bytes.
        Assert.Equal(5400 / 9.0 * 64 / 2, Value(second, "platform_upi_bandwidth_bytes_per_second", "1", "52"));
        // Socket 0: per channel 6000 occupancy / 100 inserts = 60 cycles per read; 2e9 ticks in 2 s = 1 GHz → 60 ns.
        Assert.Equal(60e-9, Value(second, "platform_rpq_read_latency_seconds", "0"), 15);
        Assert.Equal(120e-9, Value(second, "platform_rpq_read_latency_seconds", "1"), 15);
        Assert.Equal(2, second.AsSpan().ToArray().Count(m => m.Name == "platform_rpq_read_latency_seconds"));
        Assert.All(second.AsSpan().ToArray(), m => Assert.True(double.IsFinite(m.Value), m.Name));
    }

    [Fact]
    public void Counts_that_did_not_move_give_zero_bandwidth_and_no_ratio_or_latency_and_never_nan()
    {
        using var uncore = Open(true, Bandwidth, Latency, Upi);
        SetCounts(1);
        uncore.Collect(new MetricBatch(), 100);
        SetCounts(1); // an idle socket: nothing moved in 2 s
        var idle = new MetricBatch();
        uncore.Collect(idle, 102);
        var series = idle.AsSpan().ToArray();
        Assert.All(series, m => Assert.True(double.IsFinite(m.Value), m.Name));
        // A bandwidth of 0 bytes/s is a measurement; a ratio or a latency of nothing over nothing is not.
        Assert.Equal(0.0, Value(idle, "platform_dram_total_bytes_per_second", "0", "40"));
        Assert.Equal(0.0, Value(idle, "platform_upi_bandwidth_bytes_per_second", "1", "50"));
        Assert.DoesNotContain(series, m => m.Name is "platform_dram_hit_ratio" or "platform_rpq_read_latency_seconds");
        // No time between two readings: no rate at all.
        SetCounts(2);
        var same = new MetricBatch();
        uncore.Collect(same, 102);
        Assert.DoesNotContain(same.AsSpan().ToArray(), m => m.Name.EndsWith("_per_second", StringComparison.Ordinal) || m.Name is "platform_dram_hit_ratio" or "platform_rpq_read_latency_seconds");
    }

    [Fact]
    public void A_count_that_went_back_gives_no_derived_value_for_it()
    {
        using var uncore = Open(true, Bandwidth);
        SetCounts(2);
        uncore.Collect(new MetricBatch(), 10);
        SetCounts(1); // a counter re-opened by the kernel starts again
        var batch = new MetricBatch();
        uncore.Collect(batch, 11);
        Assert.DoesNotContain(batch.AsSpan().ToArray(), m => m.Name.StartsWith("platform_dram_", StringComparison.Ordinal) || m.Name.StartsWith("platform_pmm_", StringComparison.Ordinal)
            && m.Name.EndsWith("_per_second", StringComparison.Ordinal));
    }

    [Fact]
    public void A_derived_metric_whose_input_is_missing_is_absent()
    {
        using var uncore = Open(true, ["platform_cas_count_reads", "platform_rpq_occupancy", "platform_rpq_inserts"]);
        SetCounts(1);
        uncore.Collect(new MetricBatch(), 10);
        SetCounts(2);
        var batch = new MetricBatch();
        uncore.Collect(batch, 11);
        var names = batch.AsSpan().ToArray().Select(m => m.Name).ToHashSet();
        Assert.Contains("platform_dram_reads_bytes_per_second", names);
        Assert.DoesNotContain("platform_dram_writes_bytes_per_second", names);
        Assert.DoesNotContain("platform_dram_total_bytes_per_second", names);
        Assert.DoesNotContain("platform_dram_hit_ratio", names);
        Assert.DoesNotContain("platform_rpq_read_latency_seconds", names); // no clock ticks
    }

    [Fact]
    public void An_iteration_whose_reads_failed_gives_no_values_and_no_deltas_and_the_failure_is_said_once()
    {
        using var uncore = Open(true, Bandwidth);
        SetCounts(1);
        uncore.Collect(new MetricBatch(), 10);
        _kernel.ReadErrno = 5;
        for (var t = 11; t < 14; t++)
        {
            var failed = new MetricBatch();
            uncore.Collect(failed, t);
            Assert.Empty(failed);
        }
        Assert.Single(_log.Lines, l => l.Message.StartsWith("Cannot read uncore counters of uncore_imc_0 on cpu 0 (platform_cas_count_reads", StringComparison.Ordinal));
        _kernel.ReadErrno = null;
        SetCounts(2);
        var again = new MetricBatch();
        uncore.Collect(again, 14);
        Assert.DoesNotContain(again.AsSpan().ToArray(), m => m.Name == "platform_dram_reads_bytes_per_second"); // the last reading is missing
        Assert.Single(_log.Lines, l => l.Message == "Uncore counters read again (after 3 iterations with failed reads)");
        SetCounts(3);
        var next = new MetricBatch();
        uncore.Collect(next, 15);
        Assert.Equal(1000 * 64.0, Value(next, "platform_dram_reads_bytes_per_second", "0", "40"));
    }

    [Fact]
    public void An_event_the_PMU_refuses_is_reported_once_and_left_out_while_the_others_count()
    {
        _kernel.RefusedEvents["platform_pmm_bandwidth_reads"] = 22;
        using var uncore = Open(false, Bandwidth);
        Assert.Equal(12, uncore.OpenGroups);
        Assert.All(_kernel.Opened, o => Assert.Equal(["platform_cas_count_reads", "platform_cas_count_writes", "platform_pmm_bandwidth_writes"], o.Names));
        var line = Assert.Single(_log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Equal("Uncore event platform_pmm_bandwidth_reads/uncore_imc/event=0xe3/ left out: uncore_imc_0 (type 40, cpu 0, config=0xe3) refused it: "
            + "EINVAL: the PMU refuses this config (an event code this CPU model does not have, or bits outside its format)", line.Message);
    }

    [Fact]
    public void A_PMU_kind_the_host_lacks_and_a_PMU_type_the_kernel_lacks_are_said_once_each_and_the_rest_counts()
    {
        _kernel.UnknownTypes.UnionWith([50, 51, 52]);
        using var uncore = Open(false, Bandwidth, Upi, ["cha_reads/uncore_cha/event=0x35/"]);
        Assert.Equal(12, uncore.OpenGroups);
        var warnings = _log.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.Contains(warnings, w => w.StartsWith("Uncore PMU uncore_upi_0 (type 50, cpu 0) left out (platform_upi_rxl_flits, platform_upi_txl_flits not measured on it): "
            + "ENOENT: the kernel has no PMU of type 50", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w == $"No uncore_cha PMU on this host (nothing matches {Path.Combine(_fixture.Sys, "bus", "event_source", "devices", "uncore_cha_*")}; "
            + "uncore PMUs here: uncore_imc, uncore_upi): cha_reads not measured");
    }

    [Fact]
    public void Missing_privileges_are_said_once_for_all_groups()
    {
        _kernel.RefuseAllWith = 13;
        using var uncore = Open(false, Bandwidth, Latency, Upi);
        Assert.Equal(0, uncore.OpenGroups);
        var line = Assert.Single(_log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("EACCES: uncore counters are system-wide: they need CAP_PERFMON (or CAP_SYS_ADMIN) or kernel.perf_event_paranoid at most 0", line.Message);
    }

    [Fact]
    public void A_user_definition_is_measured_as_a_gauge_with_the_originals_help()
    {
        using var uncore = Open(false, ["my_reads/uncore_imc/event=0x04,umask=0x03/"]);
        _kernel.Counts[("uncore_imc_5", 1, "my_reads")] = 42;
        var batch = new MetricBatch();
        uncore.Collect(batch, 1);
        var m = Assert.Single(batch.AsSpan().ToArray(), m => m.Name == "my_reads" && m.Labels["socket"] == "1" && m.Labels["pmu_type"] == "45");
        Assert.Equal((42.0, MetricType.Gauge, "Uncore metric provided by user"), (m.Value, m.Type, m.Descriptor.Help));
        Assert.Equal(0x0304UL, _kernel.Opened[0].Configs[0].Config);
    }

    [Fact]
    public void An_event_that_does_not_fit_a_PMUs_format_is_reported_once_not_once_per_PMU()
    {
        using var uncore = Open(false, ["bad/uncore_imc/event=0x04,umask_ext=0x1/", "platform_cas_count_reads"]);
        Assert.Equal(12, uncore.OpenGroups);
        Assert.Single(_log.Lines, l => l.Message.StartsWith("Uncore event bad/uncore_imc/event=0x4,umask_ext=0x1/ left out: uncore_imc_0 has no format field 'umask_ext'", StringComparison.Ordinal));
    }

    [Fact]
    public void On_the_real_kernel_a_fixture_PMU_type_gets_the_kernels_answer_named_with_the_PMU_and_what_it_means()
    {
        // The production opener: perf_event_open(type 40, pid -1, cpu 0) on this VM, which has no such PMU.
        using var uncore = UncoreCollector.Open(UncoreEventGroups.Parse([["platform_cas_count_reads", "platform_cas_count_writes"]], "uncore_event_names"),
            true, _fixture.Paths, Common, _log, PerfUncoreGroupOpener.Instance);
        Assert.Equal(0, uncore.OpenGroups);
        var line = Assert.Single(_log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Equal("Uncore PMU uncore_imc_0 (type 40, cpu 0) left out (platform_cas_count_reads, platform_cas_count_writes not measured on it): "
            + "ENOENT: the kernel has no PMU of type 40 (the PMU is gone, or the sys root's event_source tree is not this kernel's); "
            + "other PMUs of its kind that fail so are left out without another line", line.Message);
        var batch = new MetricBatch();
        uncore.Collect(batch, 1);
        Assert.Empty(batch);
    }
}
