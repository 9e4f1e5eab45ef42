namespace Wca.Api;

/// <summary>
/// Names of the per-task metrics the agent measures, as keys of <see cref="TaskData.Measurements"/>: a detector or
/// allocator uses these instead of spelling strings. The agent's metric catalogue is the source of truth; a test keeps both lists equal.
/// </summary>
public static class TaskMetricNames
{
    /// <summary>CPU time consumed by the task (user and system, all its processes). Counter in seconds.</summary>
    public const string CpuUsageSeconds = "task_cpu_usage_seconds";

    /// <summary>Number of CFS enforcement periods that elapsed while the task was runnable. Counter.</summary>
    public const string CpuCfsPeriods = "task_cpu_cfs_periods";

    /// <summary>Number of CFS periods in which the task was throttled by its CPU quota. Counter.</summary>
    public const string CpuCfsThrottledPeriods = "task_cpu_cfs_throttled_periods";

    /// <summary>Total time the task was throttled by its CPU quota. Counter in seconds.</summary>
    public const string CpuCfsThrottledSeconds = "task_cpu_cfs_throttled_seconds";

    /// <summary>Memory charged to the task's cgroup. Gauge in bytes.</summary>
    public const string MemUsageBytes = "task_mem_usage_bytes";

    /// <summary>Peak memory charged to the task's cgroup. Gauge in bytes.</summary>
    public const string MemMaxUsageBytes = "task_mem_max_usage_bytes";

    /// <summary>Hard memory limit of the task's cgroup (+Inf when v2 says max). Gauge in bytes.</summary>
    public const string MemLimitBytes = "task_mem_limit_bytes";

    /// <summary>Soft memory limit (v1) or memory protection (v2 memory.low). Gauge in bytes.</summary>
    public const string MemSoftLimitBytes = "task_mem_soft_limit_bytes";

    /// <summary>Page faults of the task's processes. Counter.</summary>
    public const string MemPageFaults = "task_mem_page_faults";

    /// <summary>Major page faults (read from disk) of the task's processes. Counter.</summary>
    public const string MemMajorPageFaults = "task_mem_major_page_faults";

    /// <summary>Anonymous memory (heap, stacks) of the task. Gauge in bytes.</summary>
    public const string MemAnonBytes = "task_mem_anon_bytes";

    /// <summary>Page cache memory of the task. Gauge in bytes.</summary>
    public const string MemFileBytes = "task_mem_file_bytes";

    /// <summary>Pages of the task's memory on each NUMA node. Gauge, per <c>numa_node</c>.</summary>
    public const string MemNumaPages = "task_mem_numa_pages";

    /// <summary>Time some (or all, kind=full) of the task's processes were stalled on the resource (PSI). Counter in seconds, per <c>resource</c> and <c>kind</c>, only on cgroup v2 with PSI.</summary>
    public const string PressureStalledSeconds = "task_pressure_stalled_seconds";

    /// <summary>Share of the last 10 s in which the task was stalled on the resource (PSI avg10 / 100). Gauge, per <c>resource</c> and <c>kind</c>, only on cgroup v2 with PSI.</summary>
    public const string PressureAvg10Ratio = "task_pressure_avg10_ratio";

    /// <summary>CPUs requested by the task (orchestrator resources cpus). Gauge, when the node reports it.</summary>
    public const string RequestedCpus = "task_requested_cpus";

    /// <summary>Memory requested by the task (orchestrator resources mem). Gauge in bytes, when the node reports it.</summary>
    public const string RequestedMemBytes = "task_requested_mem_bytes";

    /// <summary>1 while the task is measured. Counter.</summary>
    public const string Up = "task_up";

    /// <summary>Time the task was last measured. Counter of Unix time in seconds.</summary>
    public const string LastSeen = "task_last_seen";

    /// <summary>Number of containers of the task (pods); 0 for a plain task. Gauge.</summary>
    public const string Subcontainers = "task_subcontainers";

    /// <summary>Any key of /proc/&lt;tid&gt;/sched summed over the task's threads (with <c>sched</c>). Gauge, per <c>key</c>.</summary>
    public const string SchedStat = "task_sched_stat";

    /// <summary>NUMA faults of the task's threads (with <c>sched</c>). Gauge, per <c>numa_node</c> and <c>fault_type</c>.</summary>
    public const string SchedStatNumaFaults = "task_sched_stat_numa_faults";

    /// <summary>Memory referenced by the task's processes since the last clear_refs (with <c>wss_reset_cycles</c>). Gauge in bytes.</summary>
    public const string WssReferencedBytes = "task_wss_referenced_bytes";

    /// <summary>Stable working-set estimate (with <c>wss_stable_cycles</c>, <c>wss_membw_threshold</c> and RDT MBM). Gauge in bytes.</summary>
    public const string WorkingSetSizeBytes = "task_working_set_size_bytes";

    /// <summary>Time spent reading smaps and writing clear_refs for the task (with <c>wss_reset_cycles</c>). Counter in seconds.</summary>
    public const string WssMeasureOverheadSeconds = "task_wss_measure_overhead_seconds";

    /// <summary>Last-level cache the task occupies, summed over L3 domains (RDT CMT, with <c>rdt_enabled</c>). Gauge in bytes.</summary>
    public const string LlcOccupancyBytes = "task_llc_occupancy_bytes";

    /// <summary>Memory traffic of the task (RDT MBM total). Counter in bytes.</summary>
    public const string MemBandwidthBytes = "task_mem_bandwidth_bytes";

    /// <summary>Memory traffic of the task to its local NUMA node (RDT MBM local). Counter in bytes.</summary>
    public const string MemBandwidthLocalBytes = "task_mem_bandwidth_local_bytes";

    /// <summary>Memory traffic of the task to remote NUMA nodes (MBM total - local). Counter in bytes.</summary>
    public const string MemBandwidthRemoteBytes = "task_mem_bandwidth_remote_bytes";

    /// <summary>Memory bandwidth of the task over the last iteration (MBM total delta / interval). Gauge in bytes per second.</summary>
    public const string MemBandwidthBytesPerSecond = "task_mem_bandwidth_bytes_per_second";

    /// <summary>Retired instructions (perf, event_names). Counter.</summary>
    public const string Instructions = "task_instructions";

    /// <summary>Core cycles (perf, event_names). Counter.</summary>
    public const string Cycles = "task_cycles";

    /// <summary>Generic cache-miss event (perf, event_names). Counter.</summary>
    public const string CacheMisses = "task_cache_misses";

    /// <summary>Generic cache-reference event (perf, event_names). Counter.</summary>
    public const string CacheReferences = "task_cache_references";

    /// <summary>Cycles stalled with an outstanding memory load (perf raw, event_names). Counter.</summary>
    public const string StalledMemLoads = "task_stalled_mem_loads";

    /// <summary>Per-cycle count of outstanding demand reads that missed L3 (perf raw). Counter.</summary>
    public const string OffcoreRequestsL3MissDemandDataRd = "task_offcore_requests_l3_miss_demand_data_rd";

    /// <summary>Demand data reads sent to uncore (perf raw). Counter.</summary>
    public const string OffcoreRequestsDemandDataRd = "task_offcore_requests_demand_data_rd";

    /// <summary>Demand read-for-ownership requests sent to uncore (perf raw). Counter.</summary>
    public const string OffcoreRequestsDemandRfo = "task_offcore_requests_demand_rfo";

    /// <summary>Demand reads that missed L3 (perf raw). Counter.</summary>
    public const string OffcoreRequestsOutstandingL3MissDemandDataRd = "task_offcore_requests_outstanding_l3_miss_demand_data_rd";

    /// <summary>Loads served from local persistent memory (perf raw). Counter.</summary>
    public const string MemLoadRetiredLocalPmm = "task_mem_load_retired_local_pmm";

    /// <summary>L3-missing loads served from local DRAM (perf raw). Counter.</summary>
    public const string MemLoadRetiredLocalDram = "task_mem_load_retired_local_dram";

    /// <summary>L3-missing loads served from remote DRAM (perf raw). Counter.</summary>
    public const string MemLoadRetiredRemoteDram = "task_mem_load_retired_remote_dram";

    /// <summary>All retired loads (perf raw). Counter.</summary>
    public const string MemInstRetiredLoads = "task_mem_inst_retired_loads";

    /// <summary>All retired stores (perf raw). Counter.</summary>
    public const string MemInstRetiredStores = "task_mem_inst_retired_stores";

    /// <summary>Loads causing a completed page walk (perf raw). Counter.</summary>
    public const string DtlbLoadMisses = "task_dtlb_load_misses";

    /// <summary>CPU time by the perf task-clock software event (event_names: task_clock). Counter in seconds.</summary>
    public const string PerfClockSeconds = "task_perf_clock_seconds";

    /// <summary>Context switches (perf software event, event_names: context_switches). Counter.</summary>
    public const string PerfContextSwitches = "task_perf_context_switches";

    /// <summary>CPU migrations (perf software event, event_names: cpu_migrations). Counter.</summary>
    public const string PerfCpuMigrations = "task_perf_cpu_migrations";

    /// <summary>Page faults (perf software event, event_names: page_faults). Counter.</summary>
    public const string PerfPageFaults = "task_perf_page_faults";

    /// <summary>Mean perf scaling factor over CPUs (1.0 = not multiplexed). Gauge.</summary>
    public const string ScalingFactorAvg = "task_scaling_factor_avg";

    /// <summary>Maximum perf scaling factor over CPUs. Gauge.</summary>
    public const string ScalingFactorMax = "task_scaling_factor_max";

    /// <summary>Instructions per second over the last iteration (enable_derived_metrics). Gauge.</summary>
    public const string Ips = "task_ips";

    /// <summary>Instructions per cycle over the last iteration (enable_derived_metrics). Gauge.</summary>
    public const string Ipc = "task_ipc";

    /// <summary>(references - misses) / references over the last iteration (enable_derived_metrics). Gauge.</summary>
    public const string CacheHitRatio = "task_cache_hit_ratio";

    /// <summary>Cache misses per 1000 instructions over the last iteration (enable_derived_metrics). Gauge.</summary>
    public const string CacheMissesPerKiloInstructions = "task_cache_misses_per_kilo_instructions";
}
