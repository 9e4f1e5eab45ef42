using Wca.Api;
using Wca.Kernel.Perf;
using Wca.Measurement.Catalog;

namespace Wca.Measurement.Perf;

/// <summary>
/// The event_names the agent knows: the final release's generic and predefined raw events (their metric names), the
/// 2019 names of the generic events and stalls_mem_load (aliases), the software events and user raw events.
/// </summary>
internal static class PerfEventNames
{
    // PERF_COUNT_HW_* and PERF_COUNT_SW_* (include/uapi/linux/perf_event.h).
    private const ulong HwCpuCycles = 0, HwInstructions = 1, HwCacheReferences = 2, HwCacheMisses = 3;
    private const ulong SwTaskClock = 1, SwPageFaults = 2, SwContextSwitches = 3, SwCpuMigrations = 4;

    private static readonly Dictionary<string, (MetricDescriptor Descriptor, PerfEventKind Kind, ulong Config, double Scale)> Generic = new(StringComparer.Ordinal)
    {
        ["task_instructions"] = (MetricCatalog.TaskInstructions, PerfEventKind.FixedHardware, HwInstructions, 1),
        ["task_cycles"] = (MetricCatalog.TaskCycles, PerfEventKind.FixedHardware, HwCpuCycles, 1),
        ["task_cache_misses"] = (MetricCatalog.TaskCacheMisses, PerfEventKind.Hardware, HwCacheMisses, 1),
        ["task_cache_references"] = (MetricCatalog.TaskCacheReferences, PerfEventKind.Hardware, HwCacheReferences, 1),
        ["task_clock"] = (MetricCatalog.TaskPerfClockSeconds, PerfEventKind.Software, SwTaskClock, 1e-9),
        ["context_switches"] = (MetricCatalog.TaskPerfContextSwitches, PerfEventKind.Software, SwContextSwitches, 1),
        ["cpu_migrations"] = (MetricCatalog.TaskPerfCpuMigrations, PerfEventKind.Software, SwCpuMigrations, 1),
        ["page_faults"] = (MetricCatalog.TaskPerfPageFaults, PerfEventKind.Software, SwPageFaults, 1),
    };

    /// <summary>The 2019 names (metric names of the 2019 line), read as the final release's events.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["instructions"] = "task_instructions",
        ["cycles"] = "task_cycles",
        ["cache_misses"] = "task_cache_misses",
        ["cache_references"] = "task_cache_references",
        ["stalls_mem_load"] = "task_stalled_mem_loads",
    };

    /// <summary>
    /// The final release's predefined raw events (event select, umask, cmask) per CPU model, checked against the Intel
    /// SDM Vol. 3B (October 2019) tables its metrics documentation cites (19-3: Skylake and Cascade Lake core events,
    /// 19-4: Cascade Lake's Optane DC events, the Broadwell table for the stall event) and against the kernel's
    /// tools/perf/pmu-events/arch/x86/{skylakex,cascadelakex,broadwellx} JSON. Each metric's SDM mnemonic is in its
    /// comment: the original's names of the two L3-miss offcore events are swapped against their mnemonics, its names
    /// are kept. Two of the original's values are not copied: Cascade Lake's "outstanding" event had 0x60/0x10 (a copy
    /// of the line above it; it is OFFCORE_REQUESTS.L3_MISS_DEMAND_DATA_RD, 0xB0/0x10, as on Skylake), and Skylake had
    /// MEM_LOAD_RETIRED.LOCAL_PMM, which only Cascade Lake has (no Optane DC before it).
    /// </summary>
    private static readonly Dictionary<string, (MetricDescriptor Descriptor, Dictionary<CpuCodeName, (byte Event, byte Umask, byte Cmask)> Models)> Predefined =
        new(StringComparer.Ordinal)
        {
            // CYCLE_ACTIVITY.STALLS_MEM_ANY (Skylake, Cascade Lake); CYCLE_ACTIVITY.STALLS_LDM_PENDING (Broadwell).
            ["task_stalled_mem_loads"] = (MetricCatalog.TaskStalledMemLoads, new()
            {
                [CpuCodeName.Skylake] = (0xA3, 0x14, 20), [CpuCodeName.CascadeLake] = (0xA3, 0x14, 20), [CpuCodeName.Broadwell] = (0xA3, 0x06, 6),
            }),
            // OFFCORE_REQUESTS_OUTSTANDING.L3_MISS_DEMAND_DATA_RD.
            ["task_offcore_requests_l3_miss_demand_data_rd"] = (MetricCatalog.TaskOffcoreRequestsL3MissDemandDataRd, Skx(0x60, 0x10)),
            // OFFCORE_REQUESTS.DEMAND_DATA_RD.
            ["task_offcore_requests_demand_data_rd"] = (MetricCatalog.TaskOffcoreRequestsDemandDataRd, Skx(0xB0, 0x01)),
            // OFFCORE_REQUESTS.DEMAND_RFO.
            ["task_offcore_requests_demand_rfo"] = (MetricCatalog.TaskOffcoreRequestsDemandRfo, Skx(0xB0, 0x04)),
            // OFFCORE_REQUESTS.L3_MISS_DEMAND_DATA_RD.
            ["task_offcore_requests_outstanding_l3_miss_demand_data_rd"] = (MetricCatalog.TaskOffcoreRequestsOutstandingL3MissDemandDataRd, Skx(0xB0, 0x10)),
            // MEM_LOAD_RETIRED.LOCAL_PMM (Cascade Lake only, table 19-4).
            ["task_mem_load_retired_local_pmm"] = (MetricCatalog.TaskMemLoadRetiredLocalPmm, new() { [CpuCodeName.CascadeLake] = (0xD1, 0x80, 0) }),
            // MEM_LOAD_L3_MISS_RETIRED.LOCAL_DRAM.
            ["task_mem_load_retired_local_dram"] = (MetricCatalog.TaskMemLoadRetiredLocalDram, Skx(0xD3, 0x01)),
            // MEM_LOAD_L3_MISS_RETIRED.REMOTE_DRAM.
            ["task_mem_load_retired_remote_dram"] = (MetricCatalog.TaskMemLoadRetiredRemoteDram, Skx(0xD3, 0x02)),
            // MEM_INST_RETIRED.ALL_LOADS.
            ["task_mem_inst_retired_loads"] = (MetricCatalog.TaskMemInstRetiredLoads, Skx(0xD0, 0x81)),
            // MEM_INST_RETIRED.ALL_STORES.
            ["task_mem_inst_retired_stores"] = (MetricCatalog.TaskMemInstRetiredStores, Skx(0xD0, 0x82)),
            // DTLB_LOAD_MISSES.WALK_COMPLETED.
            ["task_dtlb_load_misses"] = (MetricCatalog.TaskDtlbLoadMisses, Skx(0x08, 0x0E)),
        };

    private static Dictionary<CpuCodeName, (byte, byte, byte)> Skx(byte eventSelect, byte umask) =>
        new() { [CpuCodeName.Skylake] = (eventSelect, umask, 0), [CpuCodeName.CascadeLake] = (eventSelect, umask, 0) };

    /// <summary>Every predefined raw event's config per CPU model (for the test that checks each against its source).</summary>
    internal static IEnumerable<(string Name, CpuCodeName Cpu, ulong Config)> PredefinedEncodings =>
        Predefined.SelectMany(p => p.Value.Models.Select(m => (p.Key, m.Key, Config(m.Value))));

    private static ulong Config((byte Event, byte Umask, byte Cmask) code) => code.Event | ((ulong)code.Umask << 8) | ((ulong)code.Cmask << 24);

    /// <summary>Every name event_names accepts besides raw events, for error messages and docs.</summary>
    public static IEnumerable<string> Known => Generic.Keys.Concat(Predefined.Keys).Concat(Aliases.Keys).Order(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="name"/> is an event this agent can count somewhere, else why not (for a config error).</summary>
    public static string? Check(string name)
    {
        if (Generic.ContainsKey(name) || Predefined.ContainsKey(name) || Aliases.ContainsKey(name)) return null;
        if (PerfRawEvents.LooksRaw(name)) return PerfRawEvents.TryParse(name, out var error) is null ? error : null;
        return $"'{name}' is not a known perf event (known: {string.Join(", ", Known)}; or a raw event {PerfRawEvents.NamePattern})";
    }

    /// <summary>The metric an event_names entry gives (selection in task_metrics), or null for an unknown name.</summary>
    public static MetricDescriptor? DescriptorOf(string name)
    {
        if (Aliases.TryGetValue(name, out var final)) name = final;
        if (Generic.TryGetValue(name, out var g)) return g.Descriptor;
        if (Predefined.TryGetValue(name, out var p)) return p.Descriptor;
        return PerfRawEvents.LooksRaw(name) && PerfRawEvents.TryParse(name, out _) is not null ? PerfRawEvents.Descriptor(name) : null;
    }

    /// <summary>
    /// The definition of a checked name on this CPU model; null when it is a predefined raw event the model has no
    /// encoding for (the caller warns and skips it).
    /// </summary>
    public static PerfEventDefinition? Resolve(string name, CpuCodeName cpu)
    {
        var canonical = Aliases.GetValueOrDefault(name, name);
        if (Generic.TryGetValue(canonical, out var g))
        {
            var type = g.Kind == PerfEventKind.Software ? PerfEventType.Software : PerfEventType.Hardware;
            return new PerfEventDefinition(name, g.Descriptor, g.Kind, PerfEventAttr.Counting(type, g.Config), g.Scale);
        }
        if (Predefined.TryGetValue(canonical, out var p))
        {
            if (!p.Models.TryGetValue(cpu, out var code)) return null;
            return new PerfEventDefinition(name, p.Descriptor, PerfEventKind.Raw, PerfEventAttr.Counting(PerfEventType.Raw, Config(code)));
        }
        var raw = PerfRawEvents.TryParse(name, out var error) ?? throw new ArgumentException(error, nameof(name));
        return new PerfEventDefinition(name, PerfRawEvents.Descriptor(name), PerfEventKind.Raw, PerfEventAttr.Counting(PerfEventType.Raw, raw.Config, raw.Config1));
    }
}
