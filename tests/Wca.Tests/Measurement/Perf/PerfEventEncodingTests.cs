using Wca.Kernel.Cgroups;
using Wca.Kernel.Perf;
using Wca.Measurement.Catalog;
using Wca.Measurement.Perf;

namespace Wca.Tests.Measurement.Perf;

/// <summary>The attr of every event against the kernel's perf_event.h values and the Intel SDM encodings the original lists.</summary>
public sealed class PerfEventEncodingTests
{
    [Theory]
    // PERF_COUNT_HW_*: CPU_CYCLES 0, INSTRUCTIONS 1, CACHE_REFERENCES 2, CACHE_MISSES 3.
    [InlineData("task_cycles", 0u)]
    [InlineData("task_instructions", 1u)]
    [InlineData("task_cache_references", 2u)]
    [InlineData("task_cache_misses", 3u)]
    [InlineData("cycles", 0u)]
    [InlineData("instructions", 1u)]
    [InlineData("cache_references", 2u)]
    [InlineData("cache_misses", 3u)]
    public void Generic_events_are_hardware_events_with_the_kernels_numbers(string name, ulong config)
    {
        var d = PerfEventNames.Resolve(name, CpuCodeName.Unknown)!;
        Assert.Equal(PerfEventType.Hardware, d.Attr.Type);
        Assert.Equal(config, d.Attr.Config);
        Assert.Equal(0UL, d.Attr.Config1);
        Assert.Equal((uint)PerfEventAttr.SizeVer8, d.Attr.Size);
        Assert.Equal(PerfEventAttr.Counting(PerfEventType.Hardware, config), d.Attr);
    }

    [Theory]
    // PERF_COUNT_SW_*: TASK_CLOCK 1, PAGE_FAULTS 2, CONTEXT_SWITCHES 3, CPU_MIGRATIONS 4.
    [InlineData("task_clock", 1u, "task_perf_clock_seconds")]
    [InlineData("page_faults", 2u, "task_perf_page_faults")]
    [InlineData("context_switches", 3u, "task_perf_context_switches")]
    [InlineData("cpu_migrations", 4u, "task_perf_cpu_migrations")]
    public void Software_events_are_the_kernels_software_counters(string name, ulong config, string metric)
    {
        var d = PerfEventNames.Resolve(name, CpuCodeName.Unknown)!;
        Assert.Equal(PerfEventType.Software, d.Attr.Type);
        Assert.Equal(config, d.Attr.Config);
        Assert.Equal(metric, d.Descriptor.Name);
        Assert.False(d.IsProgrammable);
    }

    // Where each value comes from: config = event | umask << 8 | cmask << 24, with the event's SDM mnemonic, the table
    // of the Intel SDM Vol. 3B (October 2019, the edition the final release's docs/metrics.csv cites) and the kernel's
    // tools/perf/pmu-events/arch/x86/<model>/*.json entry (EventCode, UMask, CounterMask), which agree.
    private const string SdmSkx = "SDM Vol. 3B table 19-3 (Skylake, Cascade Lake); pmu-events skylakex, cascadelakex";
    private const string SdmClx = "SDM Vol. 3B table 19-4 (Cascade Lake Optane DC events); pmu-events cascadelakex";
    private const string SdmBdw = "SDM Vol. 3B Broadwell core events table; pmu-events broadwellx";

    public static TheoryData<string, CpuCodeName, ulong, string> SdmEncodings { get; } = new()
    {
        { "task_stalled_mem_loads", CpuCodeName.Skylake, 0x140014A3, "CYCLE_ACTIVITY.STALLS_MEM_ANY A3/14 cmask 20; " + SdmSkx },
        { "task_stalled_mem_loads", CpuCodeName.CascadeLake, 0x140014A3, "CYCLE_ACTIVITY.STALLS_MEM_ANY A3/14 cmask 20; " + SdmSkx },
        { "task_stalled_mem_loads", CpuCodeName.Broadwell, 0x060006A3, "CYCLE_ACTIVITY.STALLS_LDM_PENDING A3/06 cmask 6; " + SdmBdw + "; system-interfaces.md §2.3" },
        { "task_offcore_requests_l3_miss_demand_data_rd", CpuCodeName.Skylake, 0x1060, "OFFCORE_REQUESTS_OUTSTANDING.L3_MISS_DEMAND_DATA_RD 60/10; " + SdmSkx },
        { "task_offcore_requests_l3_miss_demand_data_rd", CpuCodeName.CascadeLake, 0x1060, "OFFCORE_REQUESTS_OUTSTANDING.L3_MISS_DEMAND_DATA_RD 60/10; " + SdmSkx },
        { "task_offcore_requests_demand_data_rd", CpuCodeName.Skylake, 0x01B0, "OFFCORE_REQUESTS.DEMAND_DATA_RD B0/01; " + SdmSkx },
        { "task_offcore_requests_demand_data_rd", CpuCodeName.CascadeLake, 0x01B0, "OFFCORE_REQUESTS.DEMAND_DATA_RD B0/01; " + SdmSkx },
        { "task_offcore_requests_demand_rfo", CpuCodeName.Skylake, 0x04B0, "OFFCORE_REQUESTS.DEMAND_RFO B0/04; " + SdmSkx },
        { "task_offcore_requests_demand_rfo", CpuCodeName.CascadeLake, 0x04B0, "OFFCORE_REQUESTS.DEMAND_RFO B0/04; " + SdmSkx },
        { "task_offcore_requests_outstanding_l3_miss_demand_data_rd", CpuCodeName.Skylake, 0x10B0, "OFFCORE_REQUESTS.L3_MISS_DEMAND_DATA_RD B0/10; " + SdmSkx },
        // The original's perf_const.py gave Cascade Lake 60/10 here, the line above's value.
        { "task_offcore_requests_outstanding_l3_miss_demand_data_rd", CpuCodeName.CascadeLake, 0x10B0, "OFFCORE_REQUESTS.L3_MISS_DEMAND_DATA_RD B0/10; " + SdmSkx },
        // The original's perf_const.py also gave Skylake this value: Skylake has no Optane DC and no such event.
        { "task_mem_load_retired_local_pmm", CpuCodeName.CascadeLake, 0x80D1, "MEM_LOAD_RETIRED.LOCAL_PMM D1/80; " + SdmClx },
        { "task_mem_load_retired_local_dram", CpuCodeName.Skylake, 0x01D3, "MEM_LOAD_L3_MISS_RETIRED.LOCAL_DRAM D3/01; " + SdmSkx },
        { "task_mem_load_retired_local_dram", CpuCodeName.CascadeLake, 0x01D3, "MEM_LOAD_L3_MISS_RETIRED.LOCAL_DRAM D3/01; " + SdmSkx },
        { "task_mem_load_retired_remote_dram", CpuCodeName.Skylake, 0x02D3, "MEM_LOAD_L3_MISS_RETIRED.REMOTE_DRAM D3/02; " + SdmSkx },
        { "task_mem_load_retired_remote_dram", CpuCodeName.CascadeLake, 0x02D3, "MEM_LOAD_L3_MISS_RETIRED.REMOTE_DRAM D3/02; " + SdmSkx },
        { "task_mem_inst_retired_loads", CpuCodeName.Skylake, 0x81D0, "MEM_INST_RETIRED.ALL_LOADS D0/81; " + SdmSkx },
        { "task_mem_inst_retired_loads", CpuCodeName.CascadeLake, 0x81D0, "MEM_INST_RETIRED.ALL_LOADS D0/81; " + SdmSkx },
        { "task_mem_inst_retired_stores", CpuCodeName.Skylake, 0x82D0, "MEM_INST_RETIRED.ALL_STORES D0/82; " + SdmSkx },
        { "task_mem_inst_retired_stores", CpuCodeName.CascadeLake, 0x82D0, "MEM_INST_RETIRED.ALL_STORES D0/82; " + SdmSkx },
        { "task_dtlb_load_misses", CpuCodeName.Skylake, 0x0E08, "DTLB_LOAD_MISSES.WALK_COMPLETED 08/0E; " + SdmSkx },
        { "task_dtlb_load_misses", CpuCodeName.CascadeLake, 0x0E08, "DTLB_LOAD_MISSES.WALK_COMPLETED 08/0E; " + SdmSkx },
    };

    [Theory]
    [MemberData(nameof(SdmEncodings))]
    public void Predefined_raw_events_have_the_sdm_encoding_of_the_cpu_model(string name, CpuCodeName cpu, ulong config, string source)
    {
        var d = PerfEventNames.Resolve(name, cpu);
        Assert.True(d is not null, $"{name} has no encoding for {cpu}; expected {config:X} from {source}");
        Assert.Equal(PerfEventType.Raw, d.Attr.Type);
        Assert.Equal(config, d.Attr.Config);
        Assert.Equal(0UL, d.Attr.Config1);
        Assert.True(d.IsProgrammable);
    }

    [Fact]
    public void Every_predefined_encoding_is_checked_against_its_source_and_no_other_model_has_one()
    {
        var checkedPairs = SdmEncodings.Select(row => ((string)row[0], (CpuCodeName)row[1], (ulong)row[2])).Order().ToArray();
        Assert.Equal(checkedPairs, PerfEventNames.PredefinedEncodings.Order().ToArray());
    }

    [Fact]
    public void The_2019_name_of_the_stall_event_has_the_same_encoding() =>
        Assert.Equal(0x140014A3UL, PerfEventNames.Resolve("stalls_mem_load", CpuCodeName.Skylake)!.Attr.Config);

    [Theory]
    [InlineData("task_offcore_requests_demand_rfo", CpuCodeName.Broadwell)]
    [InlineData("task_dtlb_load_misses", CpuCodeName.Unknown)]
    [InlineData("task_stalled_mem_loads", CpuCodeName.Unknown)]
    [InlineData("task_mem_load_retired_local_pmm", CpuCodeName.Skylake)]
    public void A_predefined_raw_event_without_an_encoding_for_the_model_is_skipped(string name, CpuCodeName cpu) =>
        Assert.Null(PerfEventNames.Resolve(name, cpu));

    [Theory]
    // The reference's test vectors (system-interfaces.md §2.3) plus the final release's config1 form.
    [InlineData("some__r000000", 0UL, 0UL)]
    [InlineData("some__r000001", 0x01000000UL, 0UL)]
    [InlineData("some__r0000ff", 0xff000000UL, 0UL)]
    [InlineData("some__r0302", 0x203UL, 0UL)]
    [InlineData("some__r0302ff", 0xff000203UL, 0UL)]
    [InlineData("some__rc000", 0xc0UL, 0UL)]
    [InlineData("instructionraw__rC000", 0xC0UL, 0UL)]
    [InlineData("a__rA314", 0x14A3UL, 0UL)]
    [InlineData("x__rB701000000000001", 0x1B7UL, 1UL)]
    [InlineData("offcore__rB701003FB8400841", 0x1B7UL, 0x3FB8400841UL)]
    public void Raw_events_encode_event_umask_cmask_and_config1(string name, ulong config, ulong config1)
    {
        var d = PerfEventNames.Resolve(name, CpuCodeName.Unknown)!;
        Assert.Equal(PerfEventType.Raw, d.Attr.Type);
        Assert.Equal(config, d.Attr.Config);
        Assert.Equal(config1, d.Attr.Config1);
        Assert.Equal(name, d.Descriptor.Name);
        Assert.Same(d.Descriptor, PerfEventNames.DescriptorOf(name));
    }

    [Theory]
    [InlineData("offcore__rB7010003FB84008417", "4, 6 or 16 hex digits")]
    [InlineData("some__r03", "4, 6 or 16 hex digits")]
    [InlineData("some__r03zz", "not hexadecimal")]
    [InlineData("__r0302", "a name before")]
    [InlineData("a__r0302__r0302", "once")]
    [InlineData("bad-name__r0302", "metric name")]
    [InlineData("instructons", "not a known perf event")]
    public void Bad_names_are_refused_with_the_reason(string name, string reason)
    {
        var error = PerfEventNames.Check(name);
        Assert.NotNull(error);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Every_final_release_event_name_is_known_and_catalogued_as_a_perf_task_metric()
    {
        string[] final = ["task_instructions", "task_cycles", "task_cache_misses", "task_cache_references", "task_stalled_mem_loads",
            "task_offcore_requests_l3_miss_demand_data_rd", "task_offcore_requests_demand_data_rd", "task_offcore_requests_demand_rfo",
            "task_offcore_requests_outstanding_l3_miss_demand_data_rd", "task_mem_load_retired_local_pmm", "task_mem_load_retired_local_dram",
            "task_mem_load_retired_remote_dram", "task_mem_inst_retired_loads", "task_mem_inst_retired_stores", "task_dtlb_load_misses"];
        foreach (var name in final)
        {
            Assert.Null(PerfEventNames.Check(name));
            var entry = MetricCatalog.Find(name)!;
            Assert.Equal(MetricSource.Perf, entry.Source);
            Assert.Same(entry.Descriptor, PerfEventNames.DescriptorOf(name));
        }
    }

    [Theory]
    [InlineData(0x55, 4, CpuCodeName.Skylake)]
    [InlineData(0x55, 7, CpuCodeName.CascadeLake)]
    [InlineData(0x4F, 1, CpuCodeName.Broadwell)]
    [InlineData(0x5E, 3, CpuCodeName.Skylake)]
    [InlineData(0x8F, 8, CpuCodeName.Unknown)]
    public void Cpu_models_map_to_the_code_names_the_events_are_defined_for(int model, int stepping, CpuCodeName expected) =>
        Assert.Equal(expected, CpuCodeNames.Classify(model, stepping));

    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData("0-3\n", new[] { 0, 1, 2, 3 })]
    [InlineData("0-1,4,6-7", new[] { 0, 1, 4, 6, 7 })]
    public void Online_cpu_lists_parse_as_the_kernel_writes_them(string text, int[] cpus) => Assert.Equal(cpus, OnlineCpus.Parse(text));

    [Fact]
    public void The_counter_budget_counts_programmable_events_only_and_names_the_ones_to_drop()
    {
        var events = new[] { "task_instructions", "task_cycles", "task_cache_misses", "task_cache_references", "task_stalled_mem_loads",
            "task_mem_inst_retired_loads", "task_clock" }.Select(n => PerfEventNames.Resolve(n, CpuCodeName.Skylake)!).ToList();
        Assert.Null(PerfCounterBudget.Check(events, hyperThreading: true)); // 4 programmable: the limit with HT
        events.Add(PerfEventNames.Resolve("task_dtlb_load_misses", CpuCodeName.Skylake)!);
        var error = PerfCounterBudget.Check(events, hyperThreading: true);
        Assert.NotNull(error);
        Assert.Contains("5 events need programmable counters", error);
        Assert.Contains("a core has 4 (with Hyper-Threading", error);
        Assert.Contains("drop 1 of them, e.g. task_dtlb_load_misses", error);
        Assert.Null(PerfCounterBudget.Check(events, hyperThreading: false));
    }

    [Fact]
    public void A_mounted_v1_perf_event_hierarchy_is_used_else_the_cgroup2_tree()
    {
        var hybrid = new CgroupLayout("/c", "/c/cpu", "/c/cpuacct", "/c/memory", "/c/unified");
        Assert.Equal("/c/unified", PerfCounterFactory.HierarchyOf(hybrid));
        Assert.Equal("/c/perf_event", PerfCounterFactory.HierarchyOf(hybrid with { PerfEvent = "/c/perf_event" }));
        Assert.Equal("/c", PerfCounterFactory.HierarchyOf(new CgroupLayout("/c", null, null, null, "/c")));
        Assert.Null(PerfCounterFactory.HierarchyOf(new CgroupLayout("/c", "/c/cpu", "/c/cpuacct", "/c/memory", null)));
    }

    [Fact]
    public void The_v1_perf_event_hierarchy_is_found_on_a_fixture_layout()
    {
        using var tree = Wca.Tests.TestSupport.CgroupFixtureTree.V1();
        tree.Write("perf_event", "/", "cgroup.procs", "1\n");
        var layout = new Wca.Kernel.Cgroups.CgroupFs(tree.Paths).Layout;
        Assert.Equal(Path.Combine(tree.Root, "perf_event"), PerfCounterFactory.HierarchyOf(layout));
    }
}
