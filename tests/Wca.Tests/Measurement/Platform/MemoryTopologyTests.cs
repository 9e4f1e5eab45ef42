using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Configuration;
using Wca.Kernel.Cgroups;
using Wca.Measurement.Platform;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Platform;

/// <summary>
/// gather_hw_mm_topology: dmidecode and ipmctl output in their documented formats (Fixtures/hw-mm), parsed, and the
/// tools run as real processes: fixture scripts named dmidecode and ipmctl in a directory used as the search path.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MemoryTopologyTests
{
    private static readonly LabelSet Common = LabelSet.From(("host", "test-host"));
    private static readonly string Fixtures = Path.Combine(RepoLayout.Root, "tests/Wca.Tests/Fixtures/hw-mm");

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(Fixtures, name));

    [Fact]
    public void Dmidecode_quiet_output_counts_ram_and_optane_modules_and_skips_empty_slots()
    {
        var dimms = DimmInventory.Parse(Fixture("dmidecode-quiet-pmem.txt"));
        Assert.Equal(2, dimms.RamCount);
        Assert.Equal(2 * (32L << 30), dimms.RamBytes);
        Assert.Equal(2, dimms.NvmCount);
        Assert.Equal(2 * (128L << 30), dimms.NvmBytes);
        // The configured 2666 MT/s (not the rated 2933) × 8 bytes, for the two DDR4 DIMMs only.
        Assert.Equal(2 * 2666e6 * 8, dimms.RamSpeedBytesPerSecond);
    }

    [Fact]
    public void Older_dmidecode_output_with_handles_mhz_and_configured_clock_speed()
    {
        var dimms = DimmInventory.Parse(Fixture("dmidecode-ddr3-handles.txt"));
        Assert.Equal(2, dimms.RamCount);
        Assert.Equal(2 * (8192L << 20), dimms.RamBytes);
        Assert.Equal(0, dimms.NvmCount);
        Assert.Equal(0, dimms.NvmBytes);
        // DIMM 0 runs at its configured 1333; DIMM 1's configured speed is Unknown, so its rated 1600 counts.
        Assert.Equal((1333e6 + 1600e6) * 8, dimms.RamSpeedBytesPerSecond);
    }

    [Fact]
    public void Dmidecode_without_memory_devices_is_all_zero()
    {
        var dimms = DimmInventory.Parse("# dmidecode 3.5\nScanning /dev/mem for entry point.\n# No SMBIOS nor DMI entry point found, sorry.\n");
        Assert.Equal(new DimmInventory(0, 0, 0, 0, 0), dimms);
    }

    [Fact]
    public void Memory_mode_capacity_from_ipmctl_1_and_2_formats()
    {
        Assert.Equal(1082331758592, NvdimmInventory.ParseMemoryModeBytes(Fixture("ipmctl-memoryresources-v1.txt")));
        Assert.Equal(1082331758592, NvdimmInventory.ParseMemoryModeBytes(Fixture("ipmctl-memoryresources-v2.txt")));
        Assert.Null(NvdimmInventory.ParseMemoryModeBytes("No functional PMem modules in the system.\n"));
    }

    [Fact]
    public void Nvdimm_bandwidth_per_socket_counts_the_modules_of_its_interleave_sets()
    {
        var nvdimms = NvdimmInventory.Parse(Fixture("ipmctl-dimm.txt"), Fixture("ipmctl-region.txt"));
        Assert.NotNull(nvdimms);
        Assert.Equal(271070789632, nvdimms.CapacityPerModuleBytes);
        Assert.Equal(15.0, nvdimms.AveragePowerPerModuleWatts);
        // 271 GB at 15 W: 6.8 / 2.3 GB/s per module; socket 0 interleaves 2 modules, socket 1 one.
        Assert.Equal(13.6e9, nvdimms.ReadBandwidth[0], 3);
        Assert.Equal(4.6e9, nvdimms.WriteBandwidth[0], 3);
        Assert.Equal(6.8e9, nvdimms.ReadBandwidth[1], 3);
        Assert.Equal(2.3e9, nvdimms.WriteBandwidth[1], 3);
        Assert.Equal([0, 1], nvdimms.ReadBandwidth.Keys);
    }

    [Fact]
    public void Without_regions_every_module_of_a_socket_counts_and_without_modules_there_is_nothing()
    {
        var nvdimms = NvdimmInventory.Parse(Fixture("ipmctl-dimm.txt"), "There are no Regions defined in the system.\n");
        Assert.NotNull(nvdimms);
        Assert.Equal(13.6e9, nvdimms.ReadBandwidth[0], 3);
        Assert.Equal(13.6e9, nvdimms.ReadBandwidth[1], 3);
        Assert.Null(NvdimmInventory.Parse("No PMem modules in the system.\n", ""));
    }

    [Theory]
    [InlineData(10, 1, 128, 2.4, 0.88)]    // < 200 GB, 10 W
    [InlineData(12.5, 2, 128, 8.6, 2.96)]  // a budget between two columns takes the lower one
    [InlineData(18, 1, 256, 8.3, 3.0)]     // 200-500 GB, 18 W
    [InlineData(15, 4, 512, 21.2, 7.56)]   // >= 500 GB, 15 W
    [InlineData(9, 1, 512, 0, 0)]          // below every budget: the 10 W column, where Intel published no figure
    public void The_lookup_table_by_power_budget_and_capacity_class(double watts, int modules, double gigabytes, double readGbps, double writeGbps)
    {
        var (read, write) = NvdimmInventory.Bandwidth(watts, modules, gigabytes);
        Assert.Equal(readGbps * 1e9, read, 3);
        Assert.Equal(writeGbps * 1e9, write, 3);
    }

    /// <summary>A directory with fixture scripts named dmidecode / ipmctl that log each call and print the fixture for its arguments.</summary>
    private sealed class FakeTools : IDisposable
    {
        private readonly TestDirectory _dir = new();

        public string SearchPath => _dir.File("bin");

        public string CallsFile => _dir.File("calls.log");

        public string[] Calls => File.Exists(CallsFile) ? File.ReadAllLines(CallsFile) : [];

        public FakeTools Dmidecode(string body = "") => Tool("dmidecode", body.Length > 0 ? body
            : $"[ \"$*\" = '--quiet -t memory' ] || exit 2\ncat '{Path.Combine(Fixtures, "dmidecode-quiet-pmem.txt")}'");

        public FakeTools Ipmctl(string body = "") => Tool("ipmctl", body.Length > 0 ? body : $"""
            case "$*" in
              'show -u B -memoryresources') cat '{Path.Combine(Fixtures, "ipmctl-memoryresources-v1.txt")}' ;;
              'show -u B -d AvgPowerBudget,Capacity,SocketID -dimm') cat '{Path.Combine(Fixtures, "ipmctl-dimm.txt")}' ;;
              'show -a -u B -region') cat '{Path.Combine(Fixtures, "ipmctl-region.txt")}' ;;
              *) echo "unexpected: $*" >&2; exit 2 ;;
            esac
            """);

        public FakeTools Tool(string name, string body)
        {
            var path = _dir.Write("bin/" + name, $"#!/bin/sh\necho \"{name} $*\" >> '{CallsFile}'\n{body}\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return this;
        }

        public void Dispose() => _dir.Dispose();
    }

    private static Dictionary<string, double> Values(MemoryTopology topology)
    {
        var batch = new MetricBatch();
        topology.AppendTo(batch);
        return batch.ToDictionary(m => m.Name + string.Concat(m.Labels.Where(l => l.Key != "host").Select(l => $"{{{l.Key}={l.Value}}}")), m => m.Value);
    }

    [Fact]
    public void Both_tools_run_once_at_start_and_give_every_metric_of_the_final_release()
    {
        using var tools = new FakeTools().Dmidecode().Ipmctl();
        var logger = new RecordingLogger();

        var topology = MemoryTopology.Gather(required: true, Common, logger, tools.SearchPath);

        Assert.Equal(
        [
            "dmidecode --quiet -t memory", "ipmctl show -u B -memoryresources",
            "ipmctl show -u B -d AvgPowerBudget,Capacity,SocketID -dimm", "ipmctl show -a -u B -region",
        ], tools.Calls);
        var values = Values(topology);
        Assert.Equal(2, values["platform_dimm_count{dimm_type=ram}"]);
        Assert.Equal(2, values["platform_dimm_count{dimm_type=nvm}"]);
        Assert.Equal(64L << 30, values["platform_dimm_total_size_bytes{dimm_type=ram}"]);
        Assert.Equal(256L << 30, values["platform_dimm_total_size_bytes{dimm_type=nvm}"]);
        Assert.Equal(2 * 2666e6 * 8, values["platform_dimm_speed_bytes_per_second"]);
        Assert.Equal(1082331758592, values["platform_mem_mode_size_bytes"]);
        Assert.Equal(271070789632, values["platform_capacity_per_nvdimm_bytes"]);
        Assert.Equal(15, values["platform_avg_power_per_nvdimm_watts"]);
        Assert.Equal(13.6e9, values["platform_nvdimm_read_bandwidth_bytes_per_second{socket=0}"], 3);
        Assert.Equal(2.3e9, values["platform_nvdimm_write_bandwidth_bytes_per_second{socket=1}"], 3);
        Assert.Equal(12, values.Count);
        Assert.DoesNotContain(logger.Lines, l => l.Level >= LogLevel.Information);

        // Appending again runs nothing: the values were read once.
        Assert.Equal(values, Values(topology));
        Assert.Equal(4, tools.Calls.Length);
    }

    [Fact]
    public void True_without_a_tool_is_an_error_naming_it()
    {
        using var tools = new FakeTools().Dmidecode();
        var e = Assert.Throws<MemoryTopologyException>(() => MemoryTopology.Gather(true, Common, NullLogger.Instance, tools.SearchPath));
        Assert.Contains("ipmctl cannot be found on PATH", e.Message);
        Assert.DoesNotContain("dmidecode", e.Message);
        Assert.Empty(tools.Calls);

        using var none = new FakeTools();
        e = Assert.Throws<MemoryTopologyException>(() => MemoryTopology.Gather(true, Common, NullLogger.Instance, none.SearchPath));
        Assert.Contains("dmidecode and ipmctl cannot be found", e.Message);
    }

    [Fact]
    public void Auto_without_the_tools_says_so_in_one_info_line_and_has_no_metrics()
    {
        using var none = new FakeTools();
        var logger = new RecordingLogger();
        var topology = MemoryTopology.Gather(null, Common, logger, none.SearchPath);
        Assert.Empty(topology.Series);
        var line = Assert.Single(logger.Lines, l => l.Level >= LogLevel.Information);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("dmidecode and ipmctl not found on PATH", line.Message);

        // Only dmidecode present: its metrics, and the line names ipmctl alone.
        using var dmi = new FakeTools().Dmidecode();
        logger = new RecordingLogger();
        topology = MemoryTopology.Gather(null, Common, logger, dmi.SearchPath);
        Assert.Equal(5, topology.Series.Count);
        Assert.All(topology.Series, s => Assert.StartsWith("platform_dimm_", s.Descriptor.Name, StringComparison.Ordinal));
        Assert.Contains("gather_hw_mm_topology: ipmctl not found", Assert.Single(logger.Lines, l => l.Level >= LogLevel.Information).Message);
    }

    [Fact]
    public void A_file_that_is_not_executable_is_not_a_tool()
    {
        using var tools = new FakeTools().Dmidecode().Ipmctl();
        File.SetUnixFileMode(Path.Combine(tools.SearchPath, "ipmctl"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var e = Assert.Throws<MemoryTopologyException>(() => MemoryTopology.Gather(true, Common, NullLogger.Instance, tools.SearchPath));
        Assert.Contains("ipmctl cannot be found", e.Message);
    }

    [Fact]
    public void A_failing_tool_is_an_error_with_true_and_a_warning_with_auto()
    {
        using var tools = new FakeTools()
            .Dmidecode("echo '/sys/firmware/dmi/tables/smbios_entry_point: Permission denied' >&2\nexit 1")
            .Ipmctl();
        var e = Assert.Throws<MemoryTopologyException>(() => MemoryTopology.Gather(true, Common, NullLogger.Instance, tools.SearchPath));
        Assert.Contains("dmidecode --quiet -t memory failed: exit code 1: /sys/firmware/dmi/tables/smbios_entry_point: Permission denied", e.Message);

        var logger = new RecordingLogger();
        var topology = MemoryTopology.Gather(null, Common, logger, tools.SearchPath);
        Assert.DoesNotContain(topology.Series, s => s.Descriptor.Name.StartsWith("platform_dimm_", StringComparison.Ordinal));
        Assert.Contains(topology.Series, s => s.Descriptor.Name == "platform_mem_mode_size_bytes");
        var warning = Assert.Single(logger.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("exit code 1", warning.Message);
    }

    [Fact]
    public void A_host_without_persistent_memory_has_a_zero_memory_mode_and_no_nvdimm_metrics()
    {
        // ipmctl on a DRAM-only host: the memory resources show zero PMem capacity and no module is listed.
        using var tools = new FakeTools().Dmidecode().Ipmctl("""
            case "$*" in
              'show -u B -memoryresources') printf ' ---Memory Resources Info---\n    Capacity=0 B\n    MemoryCapacity=0 B\n' ;;
              *) echo 'No PMem modules in the system.'; exit 0 ;;
            esac
            """);
        var logger = new RecordingLogger();
        var values = Values(MemoryTopology.Gather(true, Common, logger, tools.SearchPath));
        Assert.Equal(0, values["platform_mem_mode_size_bytes"]);
        Assert.DoesNotContain(values.Keys, k => k.Contains("nvdimm", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Message.Contains("lists no persistent-memory modules", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hanging_tool_is_killed_after_the_timeout()
    {
        using var tools = new FakeTools().Dmidecode("exec sleep 600").Ipmctl();
        var started = DateTime.UtcNow;
        var e = Assert.Throws<MemoryTopologyException>(() => MemoryTopology.Gather(true, Common, NullLogger.Instance, tools.SearchPath));
        Assert.Contains("did not finish within 10 s", e.Message);
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 9, 20);
    }

    private static string Config(string keys) => $"runner: !MeasurementRunner\n  node: !StaticNode\n    tasks: []\n{keys}";

    private static object? Load(string yaml)
    {
        using var dir = new TestDirectory();
        return ConfigurationLoader.Load(dir.Write("wca.yaml", yaml), BuiltInComponents.CreateRegistry(), AgentServices.ForTests()).Runner;
    }

    [Fact]
    public void The_key_is_auto_by_default_and_takes_true_false_or_auto_only()
    {
        Assert.Equal("auto", Assert.IsType<MeasurementRunner>(Load(Config(""))).GatherHwMmTopology.Second);
        Assert.True(Assert.IsType<MeasurementRunner>(Load(Config("  gather_hw_mm_topology: true\n"))).GatherHwMmTopology.First);
        Assert.False(Assert.IsType<MeasurementRunner>(Load(Config("  gather_hw_mm_topology: false\n"))).GatherHwMmTopology.First);
        Assert.Equal("auto", Assert.IsType<MeasurementRunner>(Load(Config("  gather_hw_mm_topology: auto\n"))).GatherHwMmTopology.Second);
        var bad = Assert.Throws<ConfigurationException>(() => Load(Config("  gather_hw_mm_topology: sometimes\n")));
        Assert.Contains("runner.gather_hw_mm_topology", bad.Message);
        Assert.Contains("'sometimes' is not one of auto, true, false", bad.Message);
    }

    [Fact]
    public void The_runner_stores_the_values_every_iteration_and_runs_the_tools_once()
    {
        using var tools = new FakeTools().Dmidecode().Ipmctl();
        using var dir = new TestDirectory();
        var output = dir.File("metrics.prom");
        var services = new AgentServices(NullLoggerFactory.Instance, HostPaths.Default, new Wca.Host.Logging.LogCounters(), TimeProvider.System);
        var node = new StaticNode([], new CgroupFs(HostPaths.Default), NullLogger.Instance);
        using var runner = new MeasurementRunner(services)
        {
            Node = node, MetricsStorage = new LogStorage(output), GatherHwMmTopology = true, HwToolSearchPath = tools.SearchPath,
        };
        Assert.Equal(0, runner.Initialize());
        runner.RunIteration(0);
        runner.RunIteration(0);

        Assert.Equal(4, tools.Calls.Length);
        var text = File.ReadAllText(output);
        var packages = PrometheusSamples.Packages(text);
        Assert.Equal(2, packages.Count);
        foreach (var package in packages)
        {
            Assert.Equal(2, package.Single(s => s.Name == "platform_dimm_count" && s["dimm_type"] == "nvm").Value);
            Assert.Equal(1082331758592, package.Single(s => s.Name == "platform_mem_mode_size_bytes").Value);
            Assert.Equal(2, package.Count(s => s.Name == "platform_nvdimm_read_bandwidth_bytes_per_second"));
            Assert.All(package.Where(s => s.Name.StartsWith("platform_dimm", StringComparison.Ordinal)), s => Assert.Equal(Environment.MachineName, s["host"]));
        }
        var firstLine = text[..(text.IndexOf('\n') + 1)];
        Promtool.AssertParses(text[text.LastIndexOf(firstLine, StringComparison.Ordinal)..]);
    }

    [Fact]
    public void The_runner_does_not_start_with_true_and_a_missing_tool()
    {
        using var tools = new FakeTools().Dmidecode();
        var services = new AgentServices(NullLoggerFactory.Instance, HostPaths.Default, new Wca.Host.Logging.LogCounters(), TimeProvider.System);
        using var runner = new MeasurementRunner(services)
        {
            Node = new StaticNode([], new CgroupFs(HostPaths.Default), NullLogger.Instance),
            MetricsStorage = new LogStorage(), GatherHwMmTopology = true, HwToolSearchPath = tools.SearchPath,
        };
        Assert.Equal(1, runner.Initialize());
        // The missing tool is found out before any is run.
        Assert.Empty(tools.Calls);
    }
}
