namespace Wca.Kernel.Resctrl;

/// <summary>The paths of one monitoring group, built once: its tasks file and each domain's counter files.</summary>
internal sealed class MonitoringGroupFiles
{
    public MonitoringGroupFiles(string directory, IReadOnlyList<string> domains, bool llc, bool mbmTotal, bool mbmLocal)
    {
        Directory = directory;
        Tasks = Path.Combine(directory, "tasks");
        var monData = Path.Combine(directory, "mon_data");
        LlcOccupancy = llc ? [.. domains.Select(d => Path.Combine(monData, d, "llc_occupancy"))] : null;
        MbmTotal = mbmTotal ? [.. domains.Select(d => Path.Combine(monData, d, "mbm_total_bytes"))] : null;
        MbmLocal = mbmLocal ? [.. domains.Select(d => Path.Combine(monData, d, "mbm_local_bytes"))] : null;
    }

    /// <summary>The group's directory (a control group, or a monitoring group under mon_groups).</summary>
    public string Directory { get; }

    public string Tasks { get; }

    /// <summary>One path per domain; null when the counter is not monitored.</summary>
    public string[]? LlcOccupancy { get; }

    public string[]? MbmTotal { get; }

    public string[]? MbmLocal { get; }
}
