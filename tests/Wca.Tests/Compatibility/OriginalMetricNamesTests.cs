using Wca.Api;
using Wca.Measurement.Catalog;

namespace Wca.Tests.Compatibility;

/// <summary>
/// Dashboards, alerts and recording rules written for the original query its metric names with their types and
/// labels: every catalogue entry that carries an original name must keep them. The table is transcribed by hand from
/// ../shared/reference (agent-core.md §3.3, §4, §6.5 for the 2019 line; later-versions.md §5 and §6 for the final
/// release), on purpose not derived from the catalogue, so a change to the catalogue cannot silently move with it.
/// </summary>
public sealed class OriginalMetricNamesTests
{
    private const MetricType C = MetricType.Counter;
    private const MetricType G = MetricType.Gauge;

    private sealed record OriginalMetric(string Name, MetricType Type, MetricProvenance Line, params string[] Labels)
    {
        /// <summary>Labels the agent adds on purpose (said in the catalogue's help), e.g. the cpuset list the original wrote as the value.</summary>
        public string[] Added { get; init; } = [];
    }

    private static OriginalMetric Y2019(string name, MetricType type, params string[] labels) => new(name, type, MetricProvenance.Original2019, labels);
    private static OriginalMetric Final(string name, MetricType type, params string[] labels) => new(name, type, MetricProvenance.OriginalFinal, labels);

    private static readonly OriginalMetric[] Reference =
    [
        // 2019 line, names unchanged in the final release (agent-core.md §3.3, §4, §6.5).
        Y2019("wca_up", C), Y2019("wca_tasks", G),
        Y2019("wca_duration_seconds", G, "function"), Y2019("wca_duration_seconds_avg", G, "function"),
        Y2019("wca_warning_count", C, "module"), Y2019("wca_error_count", C, "module"),
        // Final release, task metrics (later-versions.md §5.1; perf series get `cpu` only with perf_aggregate_cpus: false).
        Final("task_instructions", C), Final("task_cycles", C), Final("task_cache_misses", C), Final("task_cache_references", C),
        Final("task_stalled_mem_loads", C), Final("task_offcore_requests_l3_miss_demand_data_rd", C),
        Final("task_offcore_requests_demand_data_rd", C), Final("task_offcore_requests_demand_rfo", C),
        Final("task_offcore_requests_outstanding_l3_miss_demand_data_rd", C), Final("task_mem_load_retired_local_pmm", C),
        Final("task_mem_load_retired_local_dram", C), Final("task_mem_load_retired_remote_dram", C),
        Final("task_mem_inst_retired_loads", C), Final("task_mem_inst_retired_stores", C), Final("task_dtlb_load_misses", C),
        Final("task_scaling_factor_avg", G), Final("task_scaling_factor_max", G),
        Final("task_ips", G), Final("task_ipc", G), Final("task_cache_hit_ratio", G), Final("task_cache_misses_per_kilo_instructions", G),
        Final("task_llc_occupancy_bytes", G), Final("task_mem_bandwidth_bytes", C),
        Final("task_mem_bandwidth_local_bytes", C), Final("task_mem_bandwidth_remote_bytes", C),
        Final("task_cpu_usage_seconds", C), Final("task_mem_usage_bytes", G), Final("task_mem_max_usage_bytes", G),
        Final("task_mem_limit_bytes", G), Final("task_mem_soft_limit_bytes", G), Final("task_mem_numa_pages", G, "numa_node"),
        Final("task_mem_page_faults", C), Final("task_wss_referenced_bytes", G), Final("task_working_set_size_bytes", G),
        Final("task_wss_measure_overhead_seconds", C), Final("task_sched_stat", C, "key"),
        Final("task_sched_stat_numa_faults", C, "numa_node", "fault_type"), Final("task_requested_cpus", G),
        Final("task_requested_mem_bytes", G), Final("task_last_seen", C), Final("task_up", C), Final("task_subcontainers", G),
        // Final release, platform metrics (§5.2).
        Final("platform_topology_cores", G), Final("platform_topology_cpus", G), Final("platform_topology_sockets", G),
        Final("platform_dimm_count", G, "dimm_type"), Final("platform_dimm_total_size_bytes", G, "dimm_type"),
        Final("platform_mem_mode_size_bytes", G), Final("platform_dimm_speed_bytes_per_second", G),
        Final("platform_cpu_usage", C, "cpu"), Final("platform_mem_usage_bytes", G),
        Final("platform_mem_numa_free_bytes", G, "numa_node"), Final("platform_mem_numa_used_bytes", G, "numa_node"),
        Final("platform_vmstat_numa_pages_migrated", C), Final("platform_vmstat_pgmigrate_success", C),
        Final("platform_vmstat_pgmigrate_fail", C), Final("platform_vmstat_numa_hint_faults", C),
        Final("platform_vmstat_numa_hint_faults_local", C), Final("platform_vmstat_pgfaults", C),
        Final("platform_vmstat", C, "key"), Final("platform_node_vmstat", C, "numa_node", "key"),
        Final("platform_pmm_bandwidth_reads", C, "socket", "pmu_type"), Final("platform_pmm_bandwidth_writes", C, "socket", "pmu_type"),
        Final("platform_cas_count_reads", C, "socket", "pmu_type"), Final("platform_cas_count_writes", C, "socket", "pmu_type"),
        Final("platform_upi_rxl_flits", C, "socket", "pmu_type"), Final("platform_upi_txl_flits", C, "socket", "pmu_type"),
        Final("platform_rpq_occupancy", G, "socket", "pmu_type"), Final("platform_rpq_inserts", G, "socket", "pmu_type"),
        Final("platform_imc_clockticks", C, "socket", "pmu_type"), Final("platform_rpq_read_latency_seconds", G, "socket"),
        Final("platform_pmm_reads_bytes_per_second", G, "socket", "pmu_type"), Final("platform_pmm_writes_bytes_per_second", G, "socket", "pmu_type"),
        Final("platform_pmm_total_bytes_per_second", G, "socket", "pmu_type"), Final("platform_dram_reads_bytes_per_second", G, "socket", "pmu_type"),
        Final("platform_dram_writes_bytes_per_second", G, "socket", "pmu_type"), Final("platform_dram_total_bytes_per_second", G, "socket", "pmu_type"),
        Final("platform_dram_hit_ratio", G, "socket", "pmu_type"), Final("platform_upi_bandwidth_bytes_per_second", G, "socket", "pmu_type"), // the original typed it a counter: a bug (later-versions.md §7), fixed
        Final("platform_scaling_uncore_factor", G, "socket", "pmu_type"), Final("platform_zoneinfo", G, "numa_node", "zone", "key"),
        Final("platform_last_seen", C), Final("platform_capacity_per_nvdimm_bytes", G), Final("platform_avg_power_per_nvdimm_watts", G),
        Final("platform_nvdimm_read_bandwidth_bytes_per_second", G, "socket"), Final("platform_nvdimm_write_bandwidth_bytes_per_second", G, "socket"),
        // Final release, internal metrics (§5.3; wca_information's labels are the optional labels of §4.1).
        Final("wca_information", G, "wca_version", "cpu_model", "cpu_model_number", "sockets", "cores", "cpus"),
        Final("wca_mem_usage_bytes", G),
        // Allocation metrics (agent-core.md §6.8.2, §6.8.6; later-versions.md §5.4), with the per-task labels of §6.8.3.
        Y2019("allocation_cpu_quota", G, "allocation_type", "container_name", "task"),
        Y2019("allocation_cpu_shares", G, "allocation_type", "container_name", "task"),
        Y2019("allocations_count", C), Y2019("allocations_errors", C), Y2019("allocation_duration", G),
        Final("allocation_cpuset_cpus_number_of_cpus", G, "allocation_type", "container_name", "task") with { Added = ["cpuset_cpus"] },
        Final("allocation_cpuset_mems_number_of_mems", G, "allocation_type", "container_name", "task") with { Added = ["cpuset_mems"] },
        Final("allocation_cpuset_memory_migrate", G, "allocation_type", "container_name", "task"),
        Final("allocation_migrate_pages", G, "allocation_type", "container_name", "task"),
        // NUMAAllocator's extra metrics (later-versions.md §4.13; untyped in the original, gauges here); task labels are not levels.
        Final("numa__task_current_node", G), Final("numa__balanced_memory_tasks", G, "numa_node"), Final("numa__balanced_memory_size", G, "numa_node"),
        Final("numa__task_tasks_count", G), Final("numa__task_pages_to_move", G), Final("numa__total_pages_to_move", G),
    ];

    public static TheoryData<string> OriginalNamesInTheCatalogue()
    {
        var data = new TheoryData<string>();
        foreach (var entry in MetricCatalog.All.Where(e => e.Provenance != MetricProvenance.Ours)) data.Add(entry.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(OriginalNamesInTheCatalogue))]
    public void An_original_name_keeps_the_originals_type_and_labels(string name)
    {
        var entry = MetricCatalog.Find(name)!;
        var original = Reference.SingleOrDefault(r => r.Name == name);
        Assert.True(original is not null, $"{name} is marked {entry.Provenance} but the original has no metric of that name: mark it Ours");
        Assert.True(original.Type == entry.Descriptor.Type, $"{name}: the original's type is {original.Type}, the catalogue says {entry.Descriptor.Type}");
        Assert.True(original.Labels.Concat(original.Added).Order(StringComparer.Ordinal).SequenceEqual(entry.Levels.Order(StringComparer.Ordinal)),
            $"{name}: the original's labels are [{string.Join(", ", original.Labels)}] (plus ours: [{string.Join(", ", original.Added)}]), the catalogue says [{string.Join(", ", entry.Levels)}]");
        Assert.True(original.Line == entry.Provenance, $"{name}: named by the original's {original.Line}, the catalogue says {entry.Provenance}");
    }

    [Fact]
    public void A_catalogue_metric_with_an_original_name_is_not_marked_ours()
    {
        var mislabelled = MetricCatalog.All
            .Where(e => e.Provenance == MetricProvenance.Ours && Reference.Any(r => r.Name == e.Name))
            .Select(e => e.Name).ToArray();
        Assert.True(mislabelled.Length == 0, $"these carry an original name but are marked Ours (their type and labels would go unchecked): {string.Join(", ", mislabelled)}");
    }

    [Fact]
    public void The_reference_table_names_each_metric_once() =>
        Assert.Equal(Reference.Length, Reference.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count());

    [Theory]
    [InlineData("task_cpu_usage_seconds", NamingDeviation.CounterWithoutTotal)]
    [InlineData("task_last_seen", NamingDeviation.CounterWithoutTotal | NamingDeviation.TimestampWithoutSuffix)]
    [InlineData("platform_cpu_usage", NamingDeviation.CounterWithoutTotal | NamingDeviation.NonBaseUnit)]
    [InlineData("platform_dimm_count", NamingDeviation.ReservedSuffix)]
    [InlineData("wca_information", NamingDeviation.InfoWithoutSuffix)]
    [InlineData("task_mem_usage_bytes", NamingDeviation.None)]
    public void Convention_deviations_of_original_names_are_flagged(string name, NamingDeviation expected)
    {
        var entry = MetricCatalog.Find(name)!;
        Assert.Equal(expected, entry.Deviations);
        Assert.Equal(expected != NamingDeviation.None, entry.KeptForDashboards);
    }

    [Fact]
    public void Metrics_documentation_lists_every_name_kept_for_dashboards()
    {
        var doc = MetricsDocumentation.Render();
        var section = doc[doc.IndexOf("## Names: the original's and ours", StringComparison.Ordinal)..doc.IndexOf("## Task metrics", StringComparison.Ordinal)];
        Assert.All(MetricCatalog.All.Where(e => e.KeptForDashboards), e => Assert.Contains($"- `{e.Name}`: ", section, StringComparison.Ordinal));
        Assert.DoesNotContain("`task_cpu_cfs_periods`", section, StringComparison.Ordinal); // ours: not a kept original name
    }
}
