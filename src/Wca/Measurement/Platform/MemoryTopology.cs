using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Measurement.Catalog;

namespace Wca.Measurement.Platform;

/// <summary>
/// The hardware memory topology (<c>gather_hw_mm_topology</c>, later-versions.md §4.7): <c>dmidecode</c> and
/// <c>ipmctl</c> are run once at start, and their values are appended as platform metrics every iteration (the
/// modules do not change while the agent runs, and both tools take long enough to keep them out of the loop).
/// </summary>
public sealed partial class MemoryTopology
{
    /// <summary>How long one tool may run before start-up gives up on it.</summary>
    public static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(10);

    private readonly List<(MetricDescriptor Descriptor, double Value, LabelSet Labels)> _series = [];

    private MemoryTopology()
    {
    }

    /// <summary>The values gathered, as (metric, value, labels) in output order.</summary>
    public IReadOnlyList<(MetricDescriptor Descriptor, double Value, LabelSet Labels)> Series => _series;

    /// <summary>
    /// Runs the tools found in <paramref name="searchPath"/> (a PATH-style list; null = the process's PATH).
    /// <paramref name="required"/>: true = a missing or failing tool is an error (<see cref="MemoryTopologyException"/>
    /// naming it), null (auto) = one line says what is missing and its metrics are left out.
    /// </summary>
    public static MemoryTopology Gather(bool? required, LabelSet common, ILogger logger, string? searchPath = null)
    {
        var strict = required == true;
        searchPath ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        var topology = new MemoryTopology();
        var dmidecode = Find("dmidecode", searchPath);
        var ipmctl = Find("ipmctl", searchPath);
        var missing = new List<string>();
        if (dmidecode is null) missing.Add("dmidecode");
        if (ipmctl is null) missing.Add("ipmctl");
        if (missing.Count > 0)
        {
            var names = string.Join(" and ", missing);
            if (strict) throw new MemoryTopologyException($"gather_hw_mm_topology is true but {names} cannot be found on PATH ({searchPath})");
            Log.ToolsMissing(logger, names, searchPath);
        }

        if (dmidecode is not null && topology.Run(dmidecode, ["--quiet", "-t", "memory"], strict, logger) is { } dmi)
            topology.AddDimms(DimmInventory.Parse(dmi), common);
        if (ipmctl is not null && topology.Run(ipmctl, ["show", "-u", "B", "-memoryresources"], strict, logger) is { } resources)
        {
            if (NvdimmInventory.ParseMemoryModeBytes(resources) is { } memoryMode)
                topology._series.Add((MetricCatalog.PlatformMemModeSizeBytes, memoryMode, common));
            else if (strict) throw new MemoryTopologyException($"gather_hw_mm_topology is true but {ipmctl} show -u B -memoryresources reports no Memory Mode capacity");
            else Log.NoMemoryMode(logger, ipmctl);
            // A host without persistent-memory modules lists none (or ipmctl fails): then there are no nvdimm metrics.
            var dimms = topology.Run(ipmctl, ["show", "-u", "B", "-d", "AvgPowerBudget,Capacity,SocketID", "-dimm"], strict: false, logger);
            var regions = dimms is null ? null : topology.Run(ipmctl, ["show", "-a", "-u", "B", "-region"], strict: false, logger);
            if (dimms is not null && NvdimmInventory.Parse(dimms, regions ?? "") is { } nvdimms) topology.AddNvdimms(nvdimms, common);
            else Log.NoNvdimms(logger, ipmctl);
        }
        Log.Gathered(logger, topology._series.Count);
        return topology;
    }

    /// <summary>Appends the gathered values (allocation-free: the label sets were built at start).</summary>
    public void AppendTo(MetricBatch metrics)
    {
        foreach (var (descriptor, value, labels) in _series) metrics.Add(descriptor, value, labels);
    }

    private void AddDimms(DimmInventory dimms, LabelSet common)
    {
        var ram = LabelSet.From(("dimm_type", "ram")).Merge(common);
        var nvm = LabelSet.From(("dimm_type", "nvm")).Merge(common);
        _series.Add((MetricCatalog.PlatformDimmCount, dimms.RamCount, ram));
        _series.Add((MetricCatalog.PlatformDimmCount, dimms.NvmCount, nvm));
        _series.Add((MetricCatalog.PlatformDimmTotalSizeBytes, dimms.RamBytes, ram));
        _series.Add((MetricCatalog.PlatformDimmTotalSizeBytes, dimms.NvmBytes, nvm));
        _series.Add((MetricCatalog.PlatformDimmSpeedBytesPerSecond, dimms.RamSpeedBytesPerSecond, common));
    }

    private void AddNvdimms(NvdimmInventory nvdimms, LabelSet common)
    {
        _series.Add((MetricCatalog.PlatformCapacityPerNvdimmBytes, nvdimms.CapacityPerModuleBytes, common));
        _series.Add((MetricCatalog.PlatformAvgPowerPerNvdimmWatts, nvdimms.AveragePowerPerModuleWatts, common));
        foreach (var (socket, bytes) in nvdimms.ReadBandwidth)
            _series.Add((MetricCatalog.PlatformNvdimmReadBandwidthBytesPerSecond, bytes, SocketLabels(socket, common)));
        foreach (var (socket, bytes) in nvdimms.WriteBandwidth)
            _series.Add((MetricCatalog.PlatformNvdimmWriteBandwidthBytesPerSecond, bytes, SocketLabels(socket, common)));
    }

    private static LabelSet SocketLabels(int socket, LabelSet common) =>
        LabelSet.From(("socket", socket.ToString(CultureInfo.InvariantCulture))).Merge(common);

    /// <summary>The first executable file named <paramref name="name"/> in a PATH-style list of directories.</summary>
    private static string? Find(string name, string searchPath)
    {
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
                return candidate;
        }
        return null;
    }

    /// <summary>The tool's standard output; null (logged) when it fails or times out and <paramref name="strict"/> is false.</summary>
    private string? Run(string tool, string[] arguments, bool strict, ILogger logger)
    {
        var command = tool + " " + string.Join(' ', arguments);
        string? failure;
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("not started");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ToolTimeout))
            {
                process.Kill(entireProcessTree: true);
                failure = $"did not finish within {ToolTimeout.TotalSeconds} s";
            }
            else
            {
                process.WaitForExit(); // the output streams are complete only now
                if (process.ExitCode == 0) return output.Result;
                var stderr = error.Result.Trim();
                failure = $"exit code {process.ExitCode}" + (stderr.Length > 0 ? ": " + stderr[..Math.Min(stderr.Length, 300)] : "");
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            failure = e.Message;
        }
        if (strict) throw new MemoryTopologyException($"gather_hw_mm_topology is true but {command} failed: {failure}");
        Log.ToolFailed(logger, command, failure);
        return null;
    }
}
