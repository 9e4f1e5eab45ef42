using Wca.Api;
using static Wca.Measurement.Catalog.MetricProvenance;

namespace Wca.Measurement.Catalog;

/// <summary>
/// The one list of metrics the agent produces (final WCA names, see later-versions.md §5/§6, plus
/// wca-dotnet additions). Exposition, docs/metrics.md and tests all read from here.
/// </summary>
public static class MetricCatalog
{
    private static readonly List<CatalogEntry> Entries = [];

    private static MetricDescriptor Add(MetricProvenance provenance, string name, MetricType type, string? unit, MetricSource source,
        MetricGranularity granularity, string help, string origin, string enabledBy = "always", params string[] levels)
    {
        var d = new MetricDescriptor(name, type, help, unit);
        Entries.Add(new CatalogEntry(d, provenance, source, granularity, levels, enabledBy, origin));
        return d;
    }

    /// <summary>Records that the value of the metric just added is in <paramref name="unit"/>, not a base unit.</summary>
    private static MetricDescriptor InNonBaseUnit(MetricDescriptor descriptor, string unit)
    {
        var index = Entries.FindIndex(e => ReferenceEquals(e.Descriptor, descriptor));
        Entries[index] = Entries[index] with { NonBaseUnit = unit };
        return descriptor;
    }

    // ---- Task metrics: cgroup (v1 and v2) ----
    public static readonly MetricDescriptor TaskCpuUsageSeconds = Add(OriginalFinal, "task_cpu_usage_seconds", MetricType.Counter, "seconds",
        MetricSource.Cgroup, MetricGranularity.Task, "[seconds] CPU time consumed by the task (user and system, all its processes).",
        "v1 cpuacct.usage / 1e9; v2 cpu.stat usage_usec / 1e6");
    public static readonly MetricDescriptor TaskCpuCfsPeriods = Add(Ours, "task_cpu_cfs_periods", MetricType.Counter, "numeric",
        MetricSource.Cgroup, MetricGranularity.Task, "Number of CFS enforcement periods that elapsed while the task was runnable.",
        "v1 cpu.stat nr_periods; v2 cpu.stat nr_periods");
    public static readonly MetricDescriptor TaskCpuCfsThrottledPeriods = Add(Ours, "task_cpu_cfs_throttled_periods", MetricType.Counter, "numeric",
        MetricSource.Cgroup, MetricGranularity.Task, "Number of CFS periods in which the task was throttled by its CPU quota.",
        "v1 cpu.stat nr_throttled; v2 cpu.stat nr_throttled");
    public static readonly MetricDescriptor TaskCpuCfsThrottledSeconds = Add(Ours, "task_cpu_cfs_throttled_seconds", MetricType.Counter, "seconds",
        MetricSource.Cgroup, MetricGranularity.Task, "[seconds] Total time the task was throttled by its CPU quota.",
        "v1 cpu.stat throttled_time / 1e9; v2 cpu.stat throttled_usec / 1e6");
    public static readonly MetricDescriptor TaskMemUsageBytes = Add(OriginalFinal, "task_mem_usage_bytes", MetricType.Gauge, "bytes",
        MetricSource.Cgroup, MetricGranularity.Task, "[bytes] Memory charged to the task's cgroup.",
        "v1 memory.usage_in_bytes; v2 memory.current");
    public static readonly MetricDescriptor TaskMemMaxUsageBytes = Add(OriginalFinal, "task_mem_max_usage_bytes", MetricType.Gauge, "bytes",
        MetricSource.Cgroup, MetricGranularity.Task, "[bytes] Peak memory charged to the task's cgroup.",
        "v1 memory.max_usage_in_bytes; v2 memory.peak");
    public static readonly MetricDescriptor TaskMemLimitBytes = Add(OriginalFinal, "task_mem_limit_bytes", MetricType.Gauge, "bytes",
        MetricSource.Cgroup, MetricGranularity.Task, "[bytes] Hard memory limit of the task's cgroup (+Inf when v2 says max).",
        "v1 memory.limit_in_bytes; v2 memory.max");
    public static readonly MetricDescriptor TaskMemSoftLimitBytes = Add(OriginalFinal, "task_mem_soft_limit_bytes", MetricType.Gauge, "bytes",
        MetricSource.Cgroup, MetricGranularity.Task, "[bytes] Soft memory limit (v1) or memory protection (v2 memory.low).",
        "v1 memory.soft_limit_in_bytes; v2 memory.low");
    public static readonly MetricDescriptor TaskMemPageFaults = Add(OriginalFinal, "task_mem_page_faults", MetricType.Counter, "numeric",
        MetricSource.Cgroup, MetricGranularity.Task, "Page faults of the task's processes.",
        "v1 memory.stat total_pgfault; v2 memory.stat pgfault");
    public static readonly MetricDescriptor TaskMemMajorPageFaults = Add(Ours, "task_mem_major_page_faults", MetricType.Counter, "numeric",
        MetricSource.Cgroup, MetricGranularity.Task, "Major page faults (read from disk) of the task's processes.",
        "v1 memory.stat total_pgmajfault; v2 memory.stat pgmajfault");
    public static readonly MetricDescriptor TaskMemAnonBytes = Add(Ours, "task_mem_anon_bytes", MetricType.Gauge, "bytes",
        MetricSource.Cgroup, MetricGranularity.Task, "[bytes] Anonymous memory (heap, stacks) of the task.",
        "v1 memory.stat total_rss; v2 memory.stat anon");
    public static readonly MetricDescriptor TaskMemFileBytes = Add(Ours, "task_mem_file_bytes", MetricType.Gauge, "bytes",
        MetricSource.Cgroup, MetricGranularity.Task, "[bytes] Page cache memory of the task.",
        "v1 memory.stat total_cache; v2 memory.stat file");
    public static readonly MetricDescriptor TaskMemNumaPages = InNonBaseUnit(Add(OriginalFinal, "task_mem_numa_pages", MetricType.Gauge, "numeric",
        MetricSource.Cgroup, MetricGranularity.Task, "Pages of the task's memory on each NUMA node.",
        "v1 memory.numa_stat hierarchical_total (else total); v2 memory.numa_stat (anon+file)/page size", "always", "numa_node"), "pages");
    public static readonly MetricDescriptor TaskPressureStalledSeconds = Add(Ours, "task_pressure_stalled_seconds", MetricType.Counter, "seconds",
        MetricSource.Cgroup, MetricGranularity.Task, "[seconds] Time some (or all, kind=full) of the task's processes were stalled on the resource (PSI).",
        "v2 cpu.pressure, memory.pressure, io.pressure total / 1e6", "always (cgroup v2 with PSI)", "resource", "kind");
    public static readonly MetricDescriptor TaskPressureAvg10Ratio = Add(Ours, "task_pressure_avg10_ratio", MetricType.Gauge, "numeric",
        MetricSource.Cgroup, MetricGranularity.Task, "Share of the last 10 s in which the task was stalled on the resource (PSI avg10 / 100).",
        "v2 cpu.pressure, memory.pressure, io.pressure avg10", "always (cgroup v2 with PSI)", "resource", "kind");

    // ---- Task metrics: orchestrator and internal ----
    public static readonly MetricDescriptor TaskRequestedCpus = Add(OriginalFinal, "task_requested_cpus", MetricType.Gauge, "numeric",
        MetricSource.Orchestrator, MetricGranularity.Task, "CPUs requested by the task (orchestrator resources cpus).",
        "task resources 'cpus'", "when the node reports it");
    public static readonly MetricDescriptor TaskRequestedMemBytes = Add(OriginalFinal, "task_requested_mem_bytes", MetricType.Gauge, "bytes",
        MetricSource.Orchestrator, MetricGranularity.Task, "[bytes] Memory requested by the task (orchestrator resources mem).",
        "task resources 'mem'", "when the node reports it");
    public static readonly MetricDescriptor TaskUp = Add(OriginalFinal, "task_up", MetricType.Counter, "numeric",
        MetricSource.Internal, MetricGranularity.Task, "1 while the task is measured.", "computed");
    public static readonly MetricDescriptor TaskLastSeen = Add(OriginalFinal, "task_last_seen", MetricType.Counter, "timestamp",
        MetricSource.Internal, MetricGranularity.Task, "[unix timestamp] Time the task was last measured.", "computed");
    public static readonly MetricDescriptor TaskSubcontainers = Add(OriginalFinal, "task_subcontainers", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Task, "Number of containers of the task (pods); 0 for a plain task.", "computed");
    public static readonly MetricDescriptor TaskSchedStat = InNonBaseUnit(Add(OriginalFinal, "task_sched_stat", MetricType.Counter, null,
        MetricSource.Proc, MetricGranularity.Task, "Any key of /proc/<tid>/sched, summed over the task's threads (values as the kernel prints them: ms, counts).",
        "/proc/<tid>/sched of every thread in the cgroup's tasks / cgroup.threads", "sched (default false; a regex keeps the matching keys)", "key"), "ms and counts, as the kernel prints them");
    public static readonly MetricDescriptor TaskSchedStatNumaFaults = Add(OriginalFinal, "task_sched_stat_numa_faults", MetricType.Counter, null,
        MetricSource.Proc, MetricGranularity.Task, "NUMA faults of the task's threads by node and kind (the numa_faults lines of /proc/<tid>/sched).",
        "/proc/<tid>/sched numa_faults lines", "sched", "numa_node", "fault_type");
    public static readonly MetricDescriptor TaskWssReferencedBytes = Add(OriginalFinal, "task_wss_referenced_bytes", MetricType.Gauge, "bytes",
        MetricSource.Proc, MetricGranularity.Task, "[bytes] Memory the task's processes referenced since the last reset (Referenced: of every smaps mapping, kB x 1000 as the original).",
        "/proc/<pid>/smaps Referenced: of every process in the cgroup's cgroup.procs", "wss_reset_cycles (default none = off)");
    public static readonly MetricDescriptor TaskWorkingSetSizeBytes = Add(OriginalFinal, "task_working_set_size_bytes", MetricType.Gauge, "bytes",
        MetricSource.Proc, MetricGranularity.Task, "[bytes] Stable working-set estimate: (referenced bytes at the first of wss_stable_cycles stable cycles + now) / 2, kept until the next estimate.",
        "task_wss_referenced_bytes judged against the task's RDT MBM traffic (mbm_total_bytes delta x wss_membw_threshold)", "wss_reset_cycles + wss_membw_threshold + wss_stable_cycles, RDT MBM");
    public static readonly MetricDescriptor TaskWssMeasureOverheadSeconds = Add(OriginalFinal, "task_wss_measure_overhead_seconds", MetricType.Counter, "seconds",
        MetricSource.Internal, MetricGranularity.Task, "[seconds] Time the agent spent reading the task's smaps and writing its clear_refs.",
        "measured around the smaps reads and clear_refs writes", "wss_reset_cycles");

    // ---- RDT (resctrl): task, platform and internal metrics ----
    public static readonly MetricDescriptor TaskLlcOccupancyBytes = Add(OriginalFinal, "task_llc_occupancy_bytes", MetricType.Gauge, "bytes",
        MetricSource.Resctrl, MetricGranularity.Task, "[bytes] Last-level cache the task occupies (CMT), summed over every L3 domain.",
        "resctrl mon_groups/wca-<task>/mon_data/mon_L3_*/llc_occupancy", "rdt_enabled (auto: when resctrl is mounted)");
    public static readonly MetricDescriptor TaskMemBandwidthBytes = Add(OriginalFinal, "task_mem_bandwidth_bytes", MetricType.Counter, "bytes",
        MetricSource.Resctrl, MetricGranularity.Task, "[bytes] Memory traffic of the task (MBM total) since its monitoring group was made, summed over every L3 domain.",
        "resctrl mon_data/mon_L3_*/mbm_total_bytes", "rdt_enabled (auto: when resctrl is mounted)");
    public static readonly MetricDescriptor TaskMemBandwidthLocalBytes = Add(OriginalFinal, "task_mem_bandwidth_local_bytes", MetricType.Counter, "bytes",
        MetricSource.Resctrl, MetricGranularity.Task, "[bytes] Memory traffic of the task to its local NUMA node (MBM local).",
        "resctrl mon_data/mon_L3_*/mbm_local_bytes", "rdt_enabled, when the CPU has MBM local");
    public static readonly MetricDescriptor TaskMemBandwidthRemoteBytes = Add(OriginalFinal, "task_mem_bandwidth_remote_bytes", MetricType.Counter, "bytes",
        MetricSource.Resctrl, MetricGranularity.Task, "[bytes] Memory traffic of the task to remote NUMA nodes (MBM total - local).",
        "mbm_total_bytes - mbm_local_bytes", "rdt_enabled, when the CPU has MBM local");
    public static readonly MetricDescriptor TaskMemBandwidthBytesPerSecond = Add(Ours, "task_mem_bandwidth_bytes_per_second", MetricType.Gauge, "bytes_per_second",
        MetricSource.Resctrl, MetricGranularity.Task, "[bytes/s] Memory bandwidth of the task over the last iteration (MBM total delta / interval); absent on its first iteration.",
        "delta of mbm_total_bytes over the iteration", "rdt_enabled (auto: when resctrl is mounted)");
    public static readonly MetricDescriptor PlatformRdtFeature = Add(Ours, "platform_rdt_feature", MetricType.Gauge, "numeric",
        MetricSource.Resctrl, MetricGranularity.Platform, "1 when the RDT feature is available (cat_l3, cdp_l3, mba, mba_mbps, cmt, mbm_total, mbm_local), else 0.",
        "resctrl root schemata, info/L3*, info/MB, info/L3_MON/mon_features, /proc/mounts", "rdt_enabled", "feature");
    public static readonly MetricDescriptor PlatformRdtCacheBitMask = Add(Ours, "platform_rdt_cache_bit_mask", MetricType.Gauge, "numeric",
        MetricSource.Resctrl, MetricGranularity.Platform, "The L3 capacity bit mask every L3 allocation must fit in (info/L3/cbm_mask as an integer).",
        "info/L3/cbm_mask", "rdt_enabled, with cache allocation");
    public static readonly MetricDescriptor PlatformRdtMinCacheBits = Add(Ours, "platform_rdt_min_cache_bits", MetricType.Gauge, "numeric",
        MetricSource.Resctrl, MetricGranularity.Platform, "The fewest consecutive bits an L3 mask may have.", "info/L3/min_cbm_bits", "rdt_enabled, with cache allocation");
    public static readonly MetricDescriptor PlatformRdtClosids = Add(Ours, "platform_rdt_closids", MetricType.Gauge, "numeric",
        MetricSource.Resctrl, MetricGranularity.Platform, "Control groups the platform allows, the root group included (the smaller num_closids of L3 and MB).",
        "info/L3/num_closids, info/MB/num_closids", "rdt_enabled, with allocation");
    public static readonly MetricDescriptor PlatformRdtRmids = Add(Ours, "platform_rdt_rmids", MetricType.Gauge, "numeric",
        MetricSource.Resctrl, MetricGranularity.Platform, "Monitoring groups the platform allows, control groups included.", "info/L3_MON/num_rmids", "rdt_enabled, with monitoring");
    public static readonly MetricDescriptor PlatformRdtMbGranularity = Add(Ours, "platform_rdt_mb_granularity", MetricType.Gauge, "numeric",
        MetricSource.Resctrl, MetricGranularity.Platform, "Step of memory-bandwidth allocation values (percent; AMD: 1/8 GB/s).", "info/MB/bandwidth_gran", "rdt_enabled, with MBA");
    public static readonly MetricDescriptor PlatformRdtMbMinBandwidth = Add(Ours, "platform_rdt_mb_min_bandwidth", MetricType.Gauge, "numeric",
        MetricSource.Resctrl, MetricGranularity.Platform, "Smallest memory-bandwidth allocation value.", "info/MB/min_bandwidth", "rdt_enabled, with MBA");
    public static readonly MetricDescriptor WcaRdtMonitoringGroups = Add(Ours, "wca_rdt_monitoring_groups", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "resctrl monitoring groups the agent holds (one per monitored task).", "computed", "rdt_enabled");
    public static readonly MetricDescriptor WcaRdtUnmonitoredTasks = Add(Ours, "wca_rdt_unmonitored_tasks", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "Tasks measured without RDT because the platform had no RMID left for their monitoring group.", "computed", "rdt_enabled");

    // ---- Task metrics: perf events per task cgroup (event_names; `cpu` level with perf_aggregate_cpus: false) ----
    private const string PerfOrigin = "perf_event_open on the task's perf_event cgroup (v1 perf_event or the v2 directory), one group per online CPU, scaled by enabled/running";
    public static readonly MetricDescriptor TaskInstructions = Add(OriginalFinal, "task_instructions", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Linux Perf counter for instructions per container.", PerfOrigin + "; PERF_COUNT_HW_INSTRUCTIONS", "event_names: task_instructions");
    public static readonly MetricDescriptor TaskCycles = Add(OriginalFinal, "task_cycles", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Linux Perf counter for cycles per container.", PerfOrigin + "; PERF_COUNT_HW_CPU_CYCLES", "event_names: task_cycles");
    public static readonly MetricDescriptor TaskCacheMisses = Add(OriginalFinal, "task_cache_misses", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Linux Perf counter for cache-misses per container.", PerfOrigin + "; PERF_COUNT_HW_CACHE_MISSES", "event_names: task_cache_misses");
    public static readonly MetricDescriptor TaskCacheReferences = Add(OriginalFinal, "task_cache_references", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Linux Perf counter for cache-references per container.", PerfOrigin + "; PERF_COUNT_HW_CACHE_REFERENCES", "event_names: task_cache_references");
    public static readonly MetricDescriptor TaskStalledMemLoads = Add(OriginalFinal, "task_stalled_mem_loads", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Execution stalls while memory subsystem has an outstanding load. CYCLE_ACTIVITY.STALLS_MEM_ANY", PerfOrigin + "; raw 0xA3/0x14 cmask 20 (Broadwell 0x06, cmask 6)", "event_names: task_stalled_mem_loads (Broadwell, Skylake, Cascade Lake)");
    public static readonly MetricDescriptor TaskOffcoreRequestsL3MissDemandDataRd = Add(OriginalFinal, "task_offcore_requests_l3_miss_demand_data_rd", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Increment each cycle of the number of offcore outstanding demand data read requests from SQ that missed L3. OFFCORE_REQUESTS_OUTSTANDING.L3_MISS_DEMAND_DATA_RD", PerfOrigin + "; raw 0x60/0x10", "event_names (Skylake, Cascade Lake)");
    public static readonly MetricDescriptor TaskOffcoreRequestsDemandDataRd = Add(OriginalFinal, "task_offcore_requests_demand_data_rd", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Counts the Demand Data Read requests sent to uncore. OFFCORE_REQUESTS.DEMAND_DATA_RD", PerfOrigin + "; raw 0xB0/0x01", "event_names (Skylake, Cascade Lake)");
    public static readonly MetricDescriptor TaskOffcoreRequestsDemandRfo = Add(OriginalFinal, "task_offcore_requests_demand_rfo", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Demand RFO read requests sent to uncore, including regular RFOs, locks, ItoM. OFFCORE_REQUESTS.DEMAND_RFO", PerfOrigin + "; raw 0xB0/0x04", "event_names (Skylake, Cascade Lake)");
    public static readonly MetricDescriptor TaskOffcoreRequestsOutstandingL3MissDemandDataRd = Add(OriginalFinal, "task_offcore_requests_outstanding_l3_miss_demand_data_rd", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Demand Data Read requests who miss L3 cache. OFFCORE_REQUESTS.L3_MISS_DEMAND_DATA_RD", PerfOrigin + "; raw 0xB0/0x10", "event_names (Skylake, Cascade Lake)");
    public static readonly MetricDescriptor TaskMemLoadRetiredLocalPmm = Add(OriginalFinal, "task_mem_load_retired_local_pmm", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Retired load instructions with local persistent memory (PMM) as the data source that missed L3. MEM_LOAD_RETIRED.LOCAL_PMM", PerfOrigin + "; raw 0xD1/0x80", "event_names (Cascade Lake)");
    public static readonly MetricDescriptor TaskMemLoadRetiredLocalDram = Add(OriginalFinal, "task_mem_load_retired_local_dram", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Retired load instructions which data sources missed L3 but serviced from local DRAM. MEM_LOAD_L3_MISS_RETIRED.LOCAL_DRAM", PerfOrigin + "; raw 0xD3/0x01", "event_names (Skylake, Cascade Lake)");
    public static readonly MetricDescriptor TaskMemLoadRetiredRemoteDram = Add(OriginalFinal, "task_mem_load_retired_remote_dram", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Retired load instructions which data sources missed L3 but serviced from remote DRAM. MEM_LOAD_L3_MISS_RETIRED.REMOTE_DRAM", PerfOrigin + "; raw 0xD3/0x02", "event_names (Skylake, Cascade Lake)");
    public static readonly MetricDescriptor TaskMemInstRetiredLoads = Add(OriginalFinal, "task_mem_inst_retired_loads", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "All retired load instructions. MEM_INST_RETIRED.ALL_LOADS", PerfOrigin + "; raw 0xD0/0x81", "event_names (Skylake, Cascade Lake)");
    public static readonly MetricDescriptor TaskMemInstRetiredStores = Add(OriginalFinal, "task_mem_inst_retired_stores", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "All retired store instructions. MEM_INST_RETIRED.ALL_STORES", PerfOrigin + "; raw 0xD0/0x82", "event_names (Skylake, Cascade Lake)");
    public static readonly MetricDescriptor TaskDtlbLoadMisses = Add(OriginalFinal, "task_dtlb_load_misses", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Load misses in all DTLB levels that cause a completed page walk. DTLB_LOAD_MISSES.WALK_COMPLETED", PerfOrigin + "; raw 0x08/0x0E", "event_names (Skylake, Cascade Lake)");
    public static readonly MetricDescriptor TaskPerfClockSeconds = Add(Ours, "task_perf_clock_seconds", MetricType.Counter, "seconds",
        MetricSource.Perf, MetricGranularity.Task, "[seconds] CPU time of the task's cgroup as the perf task-clock software event counts it.", PerfOrigin + "; PERF_COUNT_SW_TASK_CLOCK / 1e9", "event_names: task_clock");
    public static readonly MetricDescriptor TaskPerfContextSwitches = Add(Ours, "task_perf_context_switches", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Context switches of the task's threads (perf software event).", PerfOrigin + "; PERF_COUNT_SW_CONTEXT_SWITCHES", "event_names: context_switches");
    public static readonly MetricDescriptor TaskPerfCpuMigrations = Add(Ours, "task_perf_cpu_migrations", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Migrations of the task's threads between CPUs (perf software event).", PerfOrigin + "; PERF_COUNT_SW_CPU_MIGRATIONS", "event_names: cpu_migrations");
    public static readonly MetricDescriptor TaskPerfPageFaults = Add(Ours, "task_perf_page_faults", MetricType.Counter, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Page faults of the task's threads (perf software event).", PerfOrigin + "; PERF_COUNT_SW_PAGE_FAULTS", "event_names: page_faults");
    public static readonly MetricDescriptor TaskScalingFactorAvg = Add(OriginalFinal, "task_scaling_factor_avg", MetricType.Gauge, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Perf metric scaling factor, average from all CPUs (enabled / running time; 1.0 = not multiplexed, 0 = not scheduled).", "perf group read times", "event_names");
    public static readonly MetricDescriptor TaskScalingFactorMax = Add(OriginalFinal, "task_scaling_factor_max", MetricType.Gauge, "numeric",
        MetricSource.Perf, MetricGranularity.Task, "Perf metric scaling factor, maximum of all CPUs.", "perf group read times", "event_names");
    public static readonly MetricDescriptor TaskIps = Add(OriginalFinal, "task_ips", MetricType.Gauge, "numeric",
        MetricSource.Derived, MetricGranularity.Task, "Instructions per second.", "delta task_instructions / delta seconds over the last iteration", "enable_derived_metrics (task_instructions)");
    public static readonly MetricDescriptor TaskIpc = Add(OriginalFinal, "task_ipc", MetricType.Gauge, "numeric",
        MetricSource.Derived, MetricGranularity.Task, "Instructions per cycle.", "delta task_instructions / delta task_cycles over the last iteration", "enable_derived_metrics (task_instructions, task_cycles)");
    public static readonly MetricDescriptor TaskCacheHitRatio = Add(OriginalFinal, "task_cache_hit_ratio", MetricType.Gauge, "numeric",
        MetricSource.Derived, MetricGranularity.Task, "Cache hit ratio, based on cache-misses and cache-references.", "(delta refs - delta misses) / delta refs over the last iteration", "enable_derived_metrics (task_cache_references, task_cache_misses)");
    public static readonly MetricDescriptor TaskCacheMissesPerKiloInstructions = Add(OriginalFinal, "task_cache_misses_per_kilo_instructions", MetricType.Gauge, "numeric",
        MetricSource.Derived, MetricGranularity.Task, "Cache misses per kilo instructions.", "delta misses x 1000 / delta instructions over the last iteration", "enable_derived_metrics (task_cache_misses, task_instructions)");

    // ---- Platform metrics ----
    public static readonly MetricDescriptor PlatformTopologyCpus = Add(OriginalFinal, "platform_topology_cpus", MetricType.Gauge, "numeric",
        MetricSource.Sys, MetricGranularity.Platform, "Online logical CPUs.", "/sys/devices/system/cpu");
    public static readonly MetricDescriptor PlatformTopologyCores = Add(OriginalFinal, "platform_topology_cores", MetricType.Gauge, "numeric",
        MetricSource.Sys, MetricGranularity.Platform, "Physical cores (distinct socket and core id pairs of online CPUs).", "/sys/devices/system/cpu/cpu*/topology");
    public static readonly MetricDescriptor PlatformTopologySockets = Add(OriginalFinal, "platform_topology_sockets", MetricType.Gauge, "numeric",
        MetricSource.Sys, MetricGranularity.Platform, "Sockets (distinct physical package ids of online CPUs).", "/sys/devices/system/cpu/cpu*/topology");
    public static readonly MetricDescriptor PlatformCpuUsage = InNonBaseUnit(Add(OriginalFinal, "platform_cpu_usage", MetricType.Counter, "numeric",
        MetricSource.Proc, MetricGranularity.Platform, "[1/USER_HZ] Logical CPU busy time (user+nice+system+irq+softirq+steal) from /proc/stat.",
        "/proc/stat", "always", "cpu"), "USER_HZ ticks");
    public static readonly MetricDescriptor PlatformMemUsageBytes = Add(OriginalFinal, "platform_mem_usage_bytes", MetricType.Gauge, "bytes",
        MetricSource.Proc, MetricGranularity.Platform, "[bytes] Memory used by the platform: MemTotal - MemFree - Buffers - Cached from /proc/meminfo.",
        "/proc/meminfo");
    public static readonly MetricDescriptor PlatformMemNumaFreeBytes = Add(OriginalFinal, "platform_mem_numa_free_bytes", MetricType.Gauge, "bytes",
        MetricSource.Sys, MetricGranularity.Platform, "[bytes] Free memory of the NUMA node.",
        "/sys/devices/system/node/node*/meminfo MemFree", "always", "numa_node");
    public static readonly MetricDescriptor PlatformMemNumaUsedBytes = Add(OriginalFinal, "platform_mem_numa_used_bytes", MetricType.Gauge, "bytes",
        MetricSource.Sys, MetricGranularity.Platform, "[bytes] Used memory of the NUMA node.",
        "/sys/devices/system/node/node*/meminfo MemUsed", "always", "numa_node");
    public static readonly MetricDescriptor PlatformVmstatNumaPagesMigrated = Add(OriginalFinal, "platform_vmstat_numa_pages_migrated", MetricType.Counter, "numeric",
        MetricSource.Proc, MetricGranularity.Platform, "Pages migrated by automatic NUMA balancing.", "/proc/vmstat numa_pages_migrated");
    public static readonly MetricDescriptor PlatformVmstatPgmigrateSuccess = Add(OriginalFinal, "platform_vmstat_pgmigrate_success", MetricType.Counter, "numeric",
        MetricSource.Proc, MetricGranularity.Platform, "Successful page migrations.", "/proc/vmstat pgmigrate_success");
    public static readonly MetricDescriptor PlatformVmstatPgmigrateFail = Add(OriginalFinal, "platform_vmstat_pgmigrate_fail", MetricType.Counter, "numeric",
        MetricSource.Proc, MetricGranularity.Platform, "Failed page migrations.", "/proc/vmstat pgmigrate_fail");
    public static readonly MetricDescriptor PlatformVmstatNumaHintFaults = Add(OriginalFinal, "platform_vmstat_numa_hint_faults", MetricType.Counter, "numeric",
        MetricSource.Proc, MetricGranularity.Platform, "NUMA hinting faults.", "/proc/vmstat numa_hint_faults");
    public static readonly MetricDescriptor PlatformVmstatNumaHintFaultsLocal = Add(OriginalFinal, "platform_vmstat_numa_hint_faults_local", MetricType.Counter, "numeric",
        MetricSource.Proc, MetricGranularity.Platform, "NUMA hinting faults that were local.", "/proc/vmstat numa_hint_faults_local");
    public static readonly MetricDescriptor PlatformVmstatPgfaults = Add(OriginalFinal, "platform_vmstat_pgfaults", MetricType.Counter, "numeric",
        MetricSource.Proc, MetricGranularity.Platform, "Page faults of the whole platform.", "/proc/vmstat pgfault");
    public static readonly MetricDescriptor PlatformVmstatPgmajfaults = Add(Ours, "platform_vmstat_pgmajfaults", MetricType.Counter, "numeric",
        MetricSource.Proc, MetricGranularity.Platform, "Major page faults of the whole platform.", "/proc/vmstat pgmajfault");
    public static readonly MetricDescriptor PlatformVmstat = Add(OriginalFinal, "platform_vmstat", MetricType.Counter, "numeric",
        MetricSource.Proc, MetricGranularity.Platform, "Any /proc/vmstat key (the kernel's own name and value).", "/proc/vmstat",
        "vmstat (default true; a regex keeps the matching keys)", "key");
    public static readonly MetricDescriptor PlatformNodeVmstat = Add(OriginalFinal, "platform_node_vmstat", MetricType.Counter, "numeric",
        MetricSource.Sys, MetricGranularity.Platform, "Any key of a NUMA node's vmstat.", "/sys/devices/system/node/node*/vmstat",
        "vmstat (default true; a regex keeps the matching keys)", "numa_node", "key");
    public static readonly MetricDescriptor PlatformZoneinfo = Add(OriginalFinal, "platform_zoneinfo", MetricType.Gauge, "numeric",
        MetricSource.Proc, MetricGranularity.Platform, "/proc/zoneinfo fields per NUMA node and zone (pages free as key free).", "/proc/zoneinfo",
        "zoneinfo (default true; a regex with two groups picks key and value)", "numa_node", "zone", "key");
    public static readonly MetricDescriptor PlatformDimmCount = Add(OriginalFinal, "platform_dimm_count", MetricType.Gauge, "numeric",
        MetricSource.Dmi, MetricGranularity.Platform, "Populated memory modules: volatile (dimm_type=ram) and persistent (dimm_type=nvm).",
        "dmidecode --quiet -t memory at start", "gather_hw_mm_topology (default auto: when dmidecode is on PATH)", "dimm_type");
    public static readonly MetricDescriptor PlatformDimmTotalSizeBytes = Add(OriginalFinal, "platform_dimm_total_size_bytes", MetricType.Gauge, "bytes",
        MetricSource.Dmi, MetricGranularity.Platform, "[bytes] Total size of the populated memory modules of the type.",
        "dmidecode --quiet -t memory at start", "gather_hw_mm_topology (default auto: when dmidecode is on PATH)", "dimm_type");
    public static readonly MetricDescriptor PlatformDimmSpeedBytesPerSecond = Add(OriginalFinal, "platform_dimm_speed_bytes_per_second", MetricType.Gauge, "bytes_per_second",
        MetricSource.Dmi, MetricGranularity.Platform, "[bytes/s] Total DRAM speed: sum over volatile DIMMs of configured MT/s x data width.",
        "dmidecode --quiet -t memory at start", "gather_hw_mm_topology (default auto: when dmidecode is on PATH)");
    public static readonly MetricDescriptor PlatformMemModeSizeBytes = Add(OriginalFinal, "platform_mem_mode_size_bytes", MetricType.Gauge, "numeric",
        MetricSource.Ipmctl, MetricGranularity.Platform, "[bytes] Persistent-memory capacity configured in Memory Mode (unit numeric as the original's).",
        "ipmctl show -u B -memoryresources at start", "gather_hw_mm_topology (default auto: when ipmctl is on PATH)");
    public static readonly MetricDescriptor PlatformCapacityPerNvdimmBytes = Add(OriginalFinal, "platform_capacity_per_nvdimm_bytes", MetricType.Gauge, "bytes",
        MetricSource.Ipmctl, MetricGranularity.Platform, "[bytes] Capacity of one persistent-memory module.",
        "ipmctl show -u B -dimm at start", "gather_hw_mm_topology, when ipmctl lists modules");
    public static readonly MetricDescriptor PlatformAvgPowerPerNvdimmWatts = Add(OriginalFinal, "platform_avg_power_per_nvdimm_watts", MetricType.Gauge, "watts",
        MetricSource.Ipmctl, MetricGranularity.Platform, "[watts] Average power budget of one persistent-memory module.",
        "ipmctl show -u B -dimm AvgPowerBudget at start", "gather_hw_mm_topology, when ipmctl lists modules");
    public static readonly MetricDescriptor PlatformNvdimmReadBandwidthBytesPerSecond = Add(OriginalFinal, "platform_nvdimm_read_bandwidth_bytes_per_second", MetricType.Gauge, "bytes_per_second",
        MetricSource.Ipmctl, MetricGranularity.Platform, "[bytes/s] Theoretical persistent-memory read bandwidth of the socket (modules x Intel's per-module figure for their power budget and capacity).",
        "ipmctl show -dimm and -region at start", "gather_hw_mm_topology, when ipmctl lists modules", "socket");
    public static readonly MetricDescriptor PlatformNvdimmWriteBandwidthBytesPerSecond = Add(OriginalFinal, "platform_nvdimm_write_bandwidth_bytes_per_second", MetricType.Gauge, "bytes_per_second",
        MetricSource.Ipmctl, MetricGranularity.Platform, "[bytes/s] Theoretical persistent-memory write bandwidth of the socket (modules x Intel's per-module figure for their power budget and capacity).",
        "ipmctl show -dimm and -region at start", "gather_hw_mm_topology, when ipmctl lists modules", "socket");
    public static readonly MetricDescriptor PlatformPressureStalledSeconds = Add(Ours, "platform_pressure_stalled_seconds", MetricType.Counter, "seconds",
        MetricSource.Proc, MetricGranularity.Platform, "[seconds] Time some (or all, kind=full) runnable tasks were stalled on the resource (PSI).",
        "/proc/pressure/{cpu,memory,io} total / 1e6", "always (kernel with PSI)", "resource", "kind");
    public static readonly MetricDescriptor PlatformPressureAvg10Ratio = Add(Ours, "platform_pressure_avg10_ratio", MetricType.Gauge, "numeric",
        MetricSource.Proc, MetricGranularity.Platform, "Share of the last 10 s with stalls on the resource (PSI avg10 / 100).",
        "/proc/pressure/{cpu,memory,io} avg10", "always (kernel with PSI)", "resource", "kind");
    public static readonly MetricDescriptor PlatformLastSeen = Add(OriginalFinal, "platform_last_seen", MetricType.Counter, "timestamp",
        MetricSource.Internal, MetricGranularity.Platform, "[unix timestamp] Time of the last platform collection.", "computed");

    // ---- Platform metrics: uncore PMUs (uncore_event_names; Measurement/Perf/Uncore) ----
    public static readonly MetricDescriptor PlatformCasCountReads = Uncore("platform_cas_count_reads", MetricType.Counter,
        "DRAM read CAS commands of the memory-controller channel (64 bytes each).", "iMC event=0x04,umask=0x03");
    public static readonly MetricDescriptor PlatformCasCountWrites = Uncore("platform_cas_count_writes", MetricType.Counter,
        "DRAM write CAS commands of the memory-controller channel (64 bytes each).", "iMC event=0x04,umask=0x0c");
    public static readonly MetricDescriptor PlatformPmmBandwidthReads = Uncore("platform_pmm_bandwidth_reads", MetricType.Counter,
        "Persistent-memory (PMM) read requests of the memory-controller channel (64 bytes each).", "iMC event=0xe3");
    public static readonly MetricDescriptor PlatformPmmBandwidthWrites = Uncore("platform_pmm_bandwidth_writes", MetricType.Counter,
        "Persistent-memory (PMM) write requests of the memory-controller channel (64 bytes each).", "iMC event=0xe7");
    public static readonly MetricDescriptor PlatformRpqOccupancy = Uncore("platform_rpq_occupancy", MetricType.Gauge,
        "Read pending queue occupancy of the channel, accumulated every memory-controller cycle (a gauge, as the original typed it).", "iMC event=0x80");
    public static readonly MetricDescriptor PlatformRpqInserts = Uncore("platform_rpq_inserts", MetricType.Gauge,
        "Read pending queue allocations of the channel (a gauge, as the original typed it).", "iMC event=0x10");
    public static readonly MetricDescriptor PlatformImcClockticks = Uncore("platform_imc_clockticks", MetricType.Counter,
        "Memory-controller clock ticks of the channel.", "iMC event=0x00");
    public static readonly MetricDescriptor PlatformUpiRxlFlits = Uncore("platform_upi_rxl_flits", MetricType.Counter,
        "Flits received on the UPI link (9 flits carry 64 bytes of data).", "UPI event=0x03,umask=0x0f");
    public static readonly MetricDescriptor PlatformUpiTxlFlits = Uncore("platform_upi_txl_flits", MetricType.Counter,
        "Flits transmitted on the UPI link (9 flits carry 64 bytes of data).", "UPI event=0x02,umask=0x0f");
    public static readonly MetricDescriptor PlatformScalingUncoreFactor = Add(OriginalFinal, "platform_scaling_uncore_factor", MetricType.Gauge, "numeric",
        MetricSource.PerfUncore, MetricGranularity.Platform, "Uncore counter scaling of the PMU on the socket: time enabled / time running (1 = counted all the time, 0 = not yet counted; the largest of its groups).",
        "perf_event_open group read times", "uncore_event_names", "socket", "pmu_type");
    public static readonly MetricDescriptor PlatformDramReadsBytesPerSecond = UncoreDerived("platform_dram_reads_bytes_per_second", "bytes_per_second",
        "[bytes/s] DRAM read bandwidth of the channel over the last iteration.", "delta platform_cas_count_reads x 64 / seconds");
    public static readonly MetricDescriptor PlatformDramWritesBytesPerSecond = UncoreDerived("platform_dram_writes_bytes_per_second", "bytes_per_second",
        "[bytes/s] DRAM write bandwidth of the channel over the last iteration.", "delta platform_cas_count_writes x 64 / seconds");
    public static readonly MetricDescriptor PlatformDramTotalBytesPerSecond = UncoreDerived("platform_dram_total_bytes_per_second", "bytes_per_second",
        "[bytes/s] DRAM read and write bandwidth of the channel over the last iteration.", "reads + writes bytes per second");
    public static readonly MetricDescriptor PlatformPmmReadsBytesPerSecond = UncoreDerived("platform_pmm_reads_bytes_per_second", "bytes_per_second",
        "[bytes/s] Persistent-memory read bandwidth of the channel over the last iteration.", "delta platform_pmm_bandwidth_reads x 64 / seconds");
    public static readonly MetricDescriptor PlatformPmmWritesBytesPerSecond = UncoreDerived("platform_pmm_writes_bytes_per_second", "bytes_per_second",
        "[bytes/s] Persistent-memory write bandwidth of the channel over the last iteration.", "delta platform_pmm_bandwidth_writes x 64 / seconds");
    public static readonly MetricDescriptor PlatformPmmTotalBytesPerSecond = UncoreDerived("platform_pmm_total_bytes_per_second", "bytes_per_second",
        "[bytes/s] Persistent-memory read and write bandwidth of the channel over the last iteration.", "reads + writes bytes per second");
    public static readonly MetricDescriptor PlatformDramHitRatio = UncoreDerived("platform_dram_hit_ratio", "numeric",
        "DRAM share of the channel's DRAM and persistent-memory traffic (the 2LM near-memory hit estimate).", "dram total / (dram total + pmm total)");
    // The original typed this rate a counter; a rate is a gauge (rate() over it would be meaningless).
    public static readonly MetricDescriptor PlatformUpiBandwidthBytesPerSecond = UncoreDerived("platform_upi_bandwidth_bytes_per_second", "bytes_per_second",
        "[bytes/s] Data bandwidth of the UPI link over the last iteration (received and transmitted).", "(delta rxl + delta txl flits) / 9 x 64 / seconds");
    public static readonly MetricDescriptor PlatformRpqReadLatencySeconds = Add(OriginalFinal, "platform_rpq_read_latency_seconds", MetricType.Gauge, "seconds",
        MetricSource.Derived, MetricGranularity.Platform, "[seconds] Average DRAM read latency of the socket over the last iteration: read pending queue cycles per read, divided by the memory-controller clock rate.",
        "(sum delta occupancy / sum delta inserts) / (sum delta clockticks / channels / seconds)",
        "enable_derived_metrics with platform_rpq_occupancy, platform_rpq_inserts and platform_imc_clockticks", "socket");

    private static MetricDescriptor Uncore(string name, MetricType type, string help, string origin) => Add(OriginalFinal, name, type, "numeric",
        MetricSource.PerfUncore, MetricGranularity.Platform, help, "perf_event_open uncore PMU, " + origin, "uncore_event_names", "socket", "pmu_type");

    private static MetricDescriptor UncoreDerived(string name, string unit, string help, string origin) => Add(OriginalFinal, name, MetricType.Gauge, unit,
        MetricSource.Derived, MetricGranularity.Platform, help, origin, "enable_derived_metrics with the uncore events it needs", "socket", "pmu_type");

    // ---- Internal metrics ----
    public static readonly MetricDescriptor WcaUp = Add(Original2019, "wca_up", MetricType.Counter, "timestamp",
        MetricSource.Internal, MetricGranularity.Internal, "[unix timestamp] Time of the last iteration (health check).", "computed");
    public static readonly MetricDescriptor WcaInformation = Add(OriginalFinal, "wca_information", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "Always 1; its labels carry the agent version, CPU model and topology.",
        "computed", "always", "wca_version", "cpu_model", "cpu_model_number", "sockets", "cores", "cpus");
    public static readonly MetricDescriptor WcaTasks = Add(Original2019, "wca_tasks", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "Tasks returned by the node this iteration.", "computed");
    public static readonly MetricDescriptor WcaTasksMeasured = Add(Ours, "wca_tasks_measured", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "Tasks whose cgroup could be read this iteration.", "computed");
    public static readonly MetricDescriptor WcaIterations = Add(Ours, "wca_iterations", MetricType.Counter, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "Iterations completed since start (this one included).", "computed");
    public static readonly MetricDescriptor WcaCpuUsageSeconds = Add(Ours, "wca_cpu_usage_seconds", MetricType.Counter, "seconds",
        MetricSource.Internal, MetricGranularity.Internal, "[seconds] CPU time the agent used since start (user and system, all its threads).",
        "getrusage(RUSAGE_SELF)");
    public static readonly MetricDescriptor WcaGcAllocatedBytes = Add(Ours, "wca_gc_allocated_bytes", MetricType.Counter, "bytes",
        MetricSource.Internal, MetricGranularity.Internal, "[bytes] Managed memory the agent allocated since start (steady state should add almost nothing).",
        "GC.GetTotalAllocatedBytes");
    public static readonly MetricDescriptor WcaGcCollections = Add(Ours, "wca_gc_collections", MetricType.Counter, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "Garbage collections of the agent since start, by generation.",
        "GC.CollectionCount", "always", "generation");
    public static readonly MetricDescriptor WcaMemUsageBytes = Add(OriginalFinal, "wca_mem_usage_bytes", MetricType.Gauge, "bytes",
        MetricSource.Internal, MetricGranularity.Internal,
        "[bytes] The original's meaning: peak resident memory of the agent plus that of its reaped children (despite the name, a peak).",
        "getrusage(RUSAGE_SELF) + getrusage(RUSAGE_CHILDREN) ru_maxrss");
    public static readonly MetricDescriptor WcaMemResidentBytes = Add(Ours, "wca_mem_resident_bytes", MetricType.Gauge, "bytes",
        MetricSource.Internal, MetricGranularity.Internal, "[bytes] Resident memory of the agent now (not in the original).", "/proc/self/status VmRSS");
    public static readonly MetricDescriptor WcaMemMaxUsageBytes = Add(Ours, "wca_mem_max_usage_bytes", MetricType.Gauge, "bytes",
        MetricSource.Internal, MetricGranularity.Internal, "[bytes] Peak resident memory of the agent.", "/proc/self/status VmHWM");
    public static readonly MetricDescriptor WcaDurationSeconds = Add(Original2019, "wca_duration_seconds", MetricType.Gauge, "seconds",
        MetricSource.Internal, MetricGranularity.Internal, "[seconds] Last duration of an iteration stage.", "computed", "always", "function");
    public static readonly MetricDescriptor WcaDurationSecondsAvg = Add(Original2019, "wca_duration_seconds_avg", MetricType.Gauge, "seconds",
        MetricSource.Internal, MetricGranularity.Internal, "[seconds] Average duration of an iteration stage since start.", "computed", "always", "function");
    public static readonly MetricDescriptor WcaWarningCount = Add(Original2019, "wca_warning_count", MetricType.Counter, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "Warnings logged since start, by module.", "logging", "always", "module");
    public static readonly MetricDescriptor WcaErrorCount = Add(Original2019, "wca_error_count", MetricType.Counter, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "Errors logged since start, by module.", "logging", "always", "module");
    public static readonly MetricDescriptor WcaIterationOverrunCount = Add(Ours, "wca_iteration_overrun_count", MetricType.Counter, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "Iterations that took longer than the interval (the next one started at once).", "computed");
    public static readonly MetricDescriptor WcaFailureCount = Add(Ours, "wca_failure_count", MetricType.Counter, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "Failures the agent survived (node call, task measurement, platform read, storage, detector), by stage and component (which node, storage slot, task resource or detector); an orchestrator node's failures also by kind: stage discovery, component connection_refused, connection_failed, timeout, tls, unauthorized, http_status, interrupted, malformed_answer or too_large.",
        "computed", "always", "stage", "component");
    public static readonly MetricDescriptor WcaStorageQueuePackages = Add(Ours, "wca_storage_queue_packages", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "Packages a storage holds for delivery (a Kafka outage's backlog), by storage slot.",
        "computed", "a queueing storage (KafkaStorage)", "storage");
    public static readonly MetricDescriptor WcaStorageQueueBytes = Add(Ours, "wca_storage_queue_bytes", MetricType.Gauge, "bytes",
        MetricSource.Internal, MetricGranularity.Internal, "[bytes] Serialised size of the packages a storage holds for delivery, by storage slot.",
        "computed", "a queueing storage (KafkaStorage)", "storage");
    public static readonly MetricDescriptor WcaStorageDroppedPackages = Add(Ours, "wca_storage_dropped_packages_total", MetricType.Counter, "numeric",
        MetricSource.Internal, MetricGranularity.Internal, "Packages a storage dropped undelivered (the oldest, when its queue was full), by storage slot.",
        "computed", "a queueing storage (KafkaStorage)", "storage");

    public static readonly MetricDescriptor WcaPerfDescriptors = Add(Ours, "wca_perf_descriptors", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Internal,
        "perf event descriptors the agent holds open, by scope: task (tasks x containers x CPUs x event_names) and uncore (PMU instances x sockets x uncore_event_names); their sum is what counts against RLIMIT_NOFILE.",
        "computed", "event_names (scope task), uncore_event_names (scope uncore)", "scope");

    // ---- Allocation metrics (allocations_storage of an AllocationRunner) ----
    // The original's names and labels (allocation_type, container_name, task, the task's labels); the cpusets as a count,
    // with the list as a label, where the original wrote a Python list as the value.
    public static readonly MetricDescriptor AllocationCpuQuota = Add(Original2019, "allocation_cpu_quota", MetricType.Gauge, "numeric",
        MetricSource.Cgroup, MetricGranularity.Allocation, "Normalized CPU quota of the task after this iteration (1 = the whole machine = unlimited).",
        "v1 cpu.cfs_quota_us / cpu.cfs_period_us / CPUs; v2 cpu.max", "AllocationRunner", "allocation_type", "container_name", "task");
    public static readonly MetricDescriptor AllocationCpuShares = Add(Original2019, "allocation_cpu_shares", MetricType.Gauge, "numeric",
        MetricSource.Cgroup, MetricGranularity.Allocation, "Normalized CPU shares of the task (cpu.shares / cpu_shares_unit).",
        "v1 cpu.shares; v2 cpu.weight converted back to shares", "AllocationRunner", "allocation_type", "container_name", "task");
    public static readonly MetricDescriptor AllocationCpusetCpusNumberOfCpus = Add(OriginalFinal, "allocation_cpuset_cpus_number_of_cpus", MetricType.Gauge, "numeric",
        MetricSource.Cgroup, MetricGranularity.Allocation, "Number of CPUs the task may run on; the list is the cpuset_cpus label.",
        "cpuset.cpus", "AllocationRunner", "allocation_type", "container_name", "task", "cpuset_cpus");
    public static readonly MetricDescriptor AllocationCpusetMemsNumberOfMems = Add(OriginalFinal, "allocation_cpuset_mems_number_of_mems", MetricType.Gauge, "numeric",
        MetricSource.Cgroup, MetricGranularity.Allocation, "Number of NUMA nodes the task may allocate on; the list is the cpuset_mems label.",
        "cpuset.mems", "AllocationRunner", "allocation_type", "container_name", "task", "cpuset_mems");
    public static readonly MetricDescriptor AllocationCpusetMemoryMigrate = Add(OriginalFinal, "allocation_cpuset_memory_migrate", MetricType.Gauge, "numeric",
        MetricSource.Cgroup, MetricGranularity.Allocation, "1 when the task's pages move with its cpuset.mems, else 0.",
        "v1 cpuset.memory_migrate", "AllocationRunner", "allocation_type", "container_name", "task");
    public static readonly MetricDescriptor AllocationMigratePages = Add(OriginalFinal, "allocation_migrate_pages", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Allocation, "NUMA node the task's pages were last asked to move to (migrate_pages(2)).",
        "allocator", "AllocationRunner", "allocation_type", "container_name", "task");
    // RDT: one series per schemata domain of the task's resctrl control group (group_name "" = the root group).
    public static readonly MetricDescriptor AllocationRdtL3CacheWays = Add(Ours, "allocation_rdt_l3_cache_ways", MetricType.Gauge, "numeric",
        MetricSource.Resctrl, MetricGranularity.Allocation, "L3 cache ways (set bits of the capacity bit mask) of the task's resctrl group, per cache domain.",
        "resctrl <group>/schemata L3 line", "AllocationRunner", "allocation_type", "container_name", "task", "group_name", "domain_id");
    public static readonly MetricDescriptor AllocationRdtL3Mask = Add(Ours, "allocation_rdt_l3_mask", MetricType.Gauge, "numeric",
        MetricSource.Resctrl, MetricGranularity.Allocation, "L3 capacity bit mask of the task's resctrl group as a number, per cache domain.",
        "resctrl <group>/schemata L3 line", "AllocationRunner", "allocation_type", "container_name", "task", "group_name", "domain_id");
    public static readonly MetricDescriptor AllocationRdtMb = Add(Ours, "allocation_rdt_mb", MetricType.Gauge, "numeric",
        MetricSource.Resctrl, MetricGranularity.Allocation, "Memory bandwidth limit of the task's resctrl group, per domain (percent; MBps when resctrl is mounted with mba_MBps).",
        "resctrl <group>/schemata MB line", "AllocationRunner", "allocation_type", "container_name", "task", "group_name", "domain_id");
    public static readonly MetricDescriptor AllocationsCount = Add(Original2019, "allocations_count", MetricType.Counter, "numeric",
        MetricSource.Internal, MetricGranularity.Allocation, "Task allocations the allocator returned since start.", "computed", "AllocationRunner");
    public static readonly MetricDescriptor AllocationsErrors = Add(Original2019, "allocations_errors", MetricType.Counter, "numeric",
        MetricSource.Internal, MetricGranularity.Allocation,
        "Allocation values rejected since start (invalid, refused by the kernel), plus allocator calls that failed.", "computed", "AllocationRunner");
    public static readonly MetricDescriptor AllocationsIgnoredCount = Add(Ours, "allocations_ignored_count", MetricType.Counter, "numeric",
        MetricSource.Internal, MetricGranularity.Allocation, "Allocation values skipped since start, by reason (unknown_type, wrong_kind, out_of_range, unknown_task, cpu_not_online, no_such_numa_node, qos_mix, rdt_not_supported, kernel_refused).",
        "computed", "AllocationRunner", "reason");
    public static readonly MetricDescriptor AllocationsDriftCount = Add(Ours, "allocations_drift_count", MetricType.Counter, "numeric",
        MetricSource.Internal, MetricGranularity.Allocation, "Allocation values re-applied since start because the kernel held another value than the agent wrote last (the kubelet or an operator changed it).",
        "computed", "AllocationRunner");

    // ---- NUMAAllocator (its extra metrics, in the anomalies and allocations packages) ----
    // The original's names and labels (later-versions.md §4.13); it left them untyped, gauges here.
    public static readonly MetricDescriptor NumaTaskCurrentNode = Add(OriginalFinal, "numa__task_current_node", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Allocation, "NUMA node the task is pinned to (its cpuset.cpus are exactly that node's CPUs), -1 when it is not pinned; with the task's labels.",
        "cpuset.cpus against the nodes' cpulist", "NUMAAllocator");
    public static readonly MetricDescriptor NumaBalancedMemoryTasks = Add(OriginalFinal, "numa__balanced_memory_tasks", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Allocation, "Tasks pinned to the NUMA node at the start of the iteration.",
        "computed", "NUMAAllocator", "numa_node");
    public static readonly MetricDescriptor NumaBalancedMemorySize = Add(OriginalFinal, "numa__balanced_memory_size", MetricType.Gauge, "bytes",
        MetricSource.Internal, MetricGranularity.Allocation, "[bytes] Sum of the sizes (memory request, else usage) of the tasks pinned to the NUMA node at the start of the iteration.",
        "computed", "NUMAAllocator", "numa_node");
    public static readonly MetricDescriptor NumaTaskTasksCount = Add(OriginalFinal, "numa__task_tasks_count", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Allocation, "Tasks the NUMAAllocator saw this iteration.", "computed", "NUMAAllocator");
    public static readonly MetricDescriptor NumaTaskPagesToMove = Add(OriginalFinal, "numa__task_pages_to_move", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Allocation, "4 KiB pages of the task the NUMAAllocator asked to migrate since the task appeared (those outside the target node when it asked); with the task's labels.",
        "task_mem_numa_pages", "NUMAAllocator");
    public static readonly MetricDescriptor NumaTotalPagesToMove = Add(OriginalFinal, "numa__total_pages_to_move", MetricType.Gauge, "numeric",
        MetricSource.Internal, MetricGranularity.Allocation, "Sum of numa__task_pages_to_move over the current tasks.", "computed", "NUMAAllocator");
    public static readonly MetricDescriptor AllocationDuration = Add(Original2019, "allocation_duration", MetricType.Gauge, "seconds",
        MetricSource.Internal, MetricGranularity.Allocation, "[seconds] Duration of the last allocate call.", "computed", "AllocationRunner");

    /// <summary>
    /// Metrics the configuration names at run time (not in <see cref="All"/>): a user raw perf event is the metric
    /// of its event_names entry (e.g. <c>instructionraw__rC000</c>); task_metrics selects it by that name.
    /// </summary>
    public static IReadOnlyList<CatalogEntry> RuntimeNamed { get; } =
    [
        new(new MetricDescriptor(Perf.PerfRawEvents.NamePattern, MetricType.Counter, "Raw perf event defined by the user in event_names.", "numeric"),
            OriginalFinal, MetricSource.Perf, MetricGranularity.Task, [], "event_names: <name>__rEEUU, __rEEUUCC or __rEEUUCC + 10 hex digits of config1 (task_metrics selects it by that name)",
            PerfOrigin + "; PERF_TYPE_RAW, config = EE | UU << 8 | CC << 24"),
    ];

    /// <summary>All entries, sorted by name.</summary>
    public static IReadOnlyList<CatalogEntry> All { get; } = Entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToArray();

    public static CatalogEntry? Find(string name) => All.FirstOrDefault(e => e.Name == name);
}
