namespace Wca.Api;

/// <summary>
/// Names of the platform metrics (<c>platform_*</c> series) the agent measures and stores each iteration: a detector or
/// allocator uses these instead of spelling strings. The agent's metric catalogue is the source of truth; a test keeps both lists equal.
/// </summary>
public static class PlatformMetricNames
{
    /// <summary>Online logical CPUs. Gauge.</summary>
    public const string TopologyCpus = "platform_topology_cpus";

    /// <summary>Physical cores (distinct socket and core id pairs of online CPUs). Gauge.</summary>
    public const string TopologyCores = "platform_topology_cores";

    /// <summary>Sockets (distinct physical package ids of online CPUs). Gauge.</summary>
    public const string TopologySockets = "platform_topology_sockets";

    /// <summary>Logical CPU busy time (user+nice+system+irq+softirq+steal) from /proc/stat. Counter in USER_HZ ticks, per <c>cpu</c>.</summary>
    public const string CpuUsage = "platform_cpu_usage";

    /// <summary>Memory used by the platform: MemTotal - MemFree - Buffers - Cached from /proc/meminfo. Gauge in bytes.</summary>
    public const string MemUsageBytes = "platform_mem_usage_bytes";

    /// <summary>Free memory of the NUMA node. Gauge in bytes, per <c>numa_node</c>.</summary>
    public const string MemNumaFreeBytes = "platform_mem_numa_free_bytes";

    /// <summary>Used memory of the NUMA node. Gauge in bytes, per <c>numa_node</c>.</summary>
    public const string MemNumaUsedBytes = "platform_mem_numa_used_bytes";

    /// <summary>Any /proc/vmstat key (with <c>vmstat</c>, on by default). Counter, per <c>key</c>.</summary>
    public const string Vmstat = "platform_vmstat";

    /// <summary>Any key of a NUMA node's vmstat (with <c>vmstat</c>). Counter, per <c>numa_node</c> and <c>key</c>.</summary>
    public const string NodeVmstat = "platform_node_vmstat";

    /// <summary>/proc/zoneinfo fields (with <c>zoneinfo</c>, on by default). Gauge, per <c>numa_node</c>, <c>zone</c> and <c>key</c>.</summary>
    public const string Zoneinfo = "platform_zoneinfo";

    /// <summary>Populated memory modules (with <c>gather_hw_mm_topology</c>). Gauge, per <c>dimm_type</c> (ram, nvm).</summary>
    public const string DimmCount = "platform_dimm_count";

    /// <summary>Total size of the populated memory modules (with <c>gather_hw_mm_topology</c>). Gauge, bytes, per <c>dimm_type</c>.</summary>
    public const string DimmTotalSizeBytes = "platform_dimm_total_size_bytes";

    /// <summary>Total DRAM speed (with <c>gather_hw_mm_topology</c>). Gauge, bytes per second.</summary>
    public const string DimmSpeedBytesPerSecond = "platform_dimm_speed_bytes_per_second";

    /// <summary>Persistent-memory capacity in Memory Mode (with <c>gather_hw_mm_topology</c>). Gauge, bytes.</summary>
    public const string MemModeSizeBytes = "platform_mem_mode_size_bytes";

    /// <summary>Capacity of one persistent-memory module (when ipmctl lists modules). Gauge, bytes.</summary>
    public const string CapacityPerNvdimmBytes = "platform_capacity_per_nvdimm_bytes";

    /// <summary>Average power budget of one persistent-memory module (when ipmctl lists modules). Gauge, watts.</summary>
    public const string AvgPowerPerNvdimmWatts = "platform_avg_power_per_nvdimm_watts";

    /// <summary>Theoretical persistent-memory read bandwidth (when ipmctl lists modules). Gauge, bytes per second, per <c>socket</c>.</summary>
    public const string NvdimmReadBandwidthBytesPerSecond = "platform_nvdimm_read_bandwidth_bytes_per_second";

    /// <summary>Theoretical persistent-memory write bandwidth (when ipmctl lists modules). Gauge, bytes per second, per <c>socket</c>.</summary>
    public const string NvdimmWriteBandwidthBytesPerSecond = "platform_nvdimm_write_bandwidth_bytes_per_second";

    /// <summary>Pages migrated by automatic NUMA balancing. Counter.</summary>
    public const string VmstatNumaPagesMigrated = "platform_vmstat_numa_pages_migrated";

    /// <summary>Successful page migrations. Counter.</summary>
    public const string VmstatPgmigrateSuccess = "platform_vmstat_pgmigrate_success";

    /// <summary>Failed page migrations. Counter.</summary>
    public const string VmstatPgmigrateFail = "platform_vmstat_pgmigrate_fail";

    /// <summary>NUMA hinting faults. Counter.</summary>
    public const string VmstatNumaHintFaults = "platform_vmstat_numa_hint_faults";

    /// <summary>NUMA hinting faults that were local. Counter.</summary>
    public const string VmstatNumaHintFaultsLocal = "platform_vmstat_numa_hint_faults_local";

    /// <summary>Page faults of the whole platform. Counter.</summary>
    public const string VmstatPgfaults = "platform_vmstat_pgfaults";

    /// <summary>Major page faults of the whole platform. Counter.</summary>
    public const string VmstatPgmajfaults = "platform_vmstat_pgmajfaults";

    /// <summary>Time some (or all, kind=full) runnable tasks were stalled on the resource (PSI). Counter in seconds, per <c>resource</c> and <c>kind</c>, only on kernels with PSI.</summary>
    public const string PressureStalledSeconds = "platform_pressure_stalled_seconds";

    /// <summary>Share of the last 10 s with stalls on the resource (PSI avg10 / 100). Gauge, per <c>resource</c> and <c>kind</c>, only on kernels with PSI.</summary>
    public const string PressureAvg10Ratio = "platform_pressure_avg10_ratio";

    /// <summary>Time of the last platform collection. Counter of Unix time in seconds.</summary>
    public const string LastSeen = "platform_last_seen";

    /// <summary>1 when the RDT feature (label <c>feature</c>: cat_l3, cdp_l3, mba, mba_mbps, cmt, mbm_total, mbm_local) is available, else 0 (with <c>rdt_enabled</c>). Gauge.</summary>
    public const string RdtFeature = "platform_rdt_feature";

    /// <summary>The L3 capacity bit mask (info/L3/cbm_mask as an integer). Gauge.</summary>
    public const string RdtCacheBitMask = "platform_rdt_cache_bit_mask";

    /// <summary>The fewest consecutive bits an L3 mask may have (info/L3/min_cbm_bits). Gauge.</summary>
    public const string RdtMinCacheBits = "platform_rdt_min_cache_bits";

    /// <summary>Control groups the platform allows (smaller num_closids of L3 and MB). Gauge.</summary>
    public const string RdtClosids = "platform_rdt_closids";

    /// <summary>Monitoring groups the platform allows (info/L3_MON/num_rmids). Gauge.</summary>
    public const string RdtRmids = "platform_rdt_rmids";

    /// <summary>Step of memory-bandwidth allocation values (info/MB/bandwidth_gran). Gauge.</summary>
    public const string RdtMbGranularity = "platform_rdt_mb_granularity";

    /// <summary>Smallest memory-bandwidth allocation value (info/MB/min_bandwidth). Gauge.</summary>
    public const string RdtMbMinBandwidth = "platform_rdt_mb_min_bandwidth";

    /// <summary>DRAM read CAS commands of the memory-controller channel (64 bytes each) (uncore_event_names). Counter.</summary>
    public const string CasCountReads = "platform_cas_count_reads";

    /// <summary>DRAM write CAS commands of the memory-controller channel (64 bytes each) (uncore_event_names). Counter.</summary>
    public const string CasCountWrites = "platform_cas_count_writes";

    /// <summary>DRAM share of the channel's DRAM and persistent-memory traffic (the 2LM near-memory hit estimate) (uncore_event_names). Gauge.</summary>
    public const string DramHitRatio = "platform_dram_hit_ratio";

    /// <summary>DRAM read bandwidth of the channel over the last iteration (uncore_event_names). Gauge.</summary>
    public const string DramReadsBytesPerSecond = "platform_dram_reads_bytes_per_second";

    /// <summary>DRAM read and write bandwidth of the channel over the last iteration (uncore_event_names). Gauge.</summary>
    public const string DramTotalBytesPerSecond = "platform_dram_total_bytes_per_second";

    /// <summary>DRAM write bandwidth of the channel over the last iteration (uncore_event_names). Gauge.</summary>
    public const string DramWritesBytesPerSecond = "platform_dram_writes_bytes_per_second";

    /// <summary>Memory-controller clock ticks of the channel (uncore_event_names). Counter.</summary>
    public const string ImcClockticks = "platform_imc_clockticks";

    /// <summary>Persistent-memory (PMM) read requests of the memory-controller channel (64 bytes each) (uncore_event_names). Counter.</summary>
    public const string PmmBandwidthReads = "platform_pmm_bandwidth_reads";

    /// <summary>Persistent-memory (PMM) write requests of the memory-controller channel (64 bytes each) (uncore_event_names). Counter.</summary>
    public const string PmmBandwidthWrites = "platform_pmm_bandwidth_writes";

    /// <summary>Persistent-memory read bandwidth of the channel over the last iteration (uncore_event_names). Gauge.</summary>
    public const string PmmReadsBytesPerSecond = "platform_pmm_reads_bytes_per_second";

    /// <summary>Persistent-memory read and write bandwidth of the channel over the last iteration (uncore_event_names). Gauge.</summary>
    public const string PmmTotalBytesPerSecond = "platform_pmm_total_bytes_per_second";

    /// <summary>Persistent-memory write bandwidth of the channel over the last iteration (uncore_event_names). Gauge.</summary>
    public const string PmmWritesBytesPerSecond = "platform_pmm_writes_bytes_per_second";

    /// <summary>Read pending queue allocations of the channel (a gauge, as the original typed it) (uncore_event_names). Gauge.</summary>
    public const string RpqInserts = "platform_rpq_inserts";

    /// <summary>Read pending queue occupancy of the channel, accumulated every memory-controller cycle (a gauge, as the original typed it) (uncore_event_names). Gauge.</summary>
    public const string RpqOccupancy = "platform_rpq_occupancy";

    /// <summary>Average DRAM read latency of the socket over the last iteration: read pending queue cycles per read, divided by the memory-controller clock rate (uncore_event_names). Gauge.</summary>
    public const string RpqReadLatencySeconds = "platform_rpq_read_latency_seconds";

    /// <summary>Uncore counter scaling of the PMU on the socket: time enabled / time running (1 = counted all the time, 0 = not yet counted; the largest of its groups) (uncore_event_names). Gauge.</summary>
    public const string ScalingUncoreFactor = "platform_scaling_uncore_factor";

    /// <summary>Data bandwidth of the UPI link over the last iteration (received and transmitted) (uncore_event_names). Gauge.</summary>
    public const string UpiBandwidthBytesPerSecond = "platform_upi_bandwidth_bytes_per_second";

    /// <summary>Flits received on the UPI link (9 flits carry 64 bytes of data) (uncore_event_names). Counter.</summary>
    public const string UpiRxlFlits = "platform_upi_rxl_flits";

    /// <summary>Flits transmitted on the UPI link (9 flits carry 64 bytes of data) (uncore_event_names). Counter.</summary>
    public const string UpiTxlFlits = "platform_upi_txl_flits";
}
