using Wca.Host;

namespace Wca.Measurement.Platform;

/// <summary>Online logical CPUs, physical cores and sockets, from /sys/devices/system/cpu.</summary>
public readonly record struct CpuTopology(int Cpus, int Cores, int Sockets)
{
    /// <summary>
    /// Reads the topology: entries cpu&lt;N&gt;; cpu0 is online without asking (it usually has no online
    /// file); another CPU counts when its online file says 1 (or is missing: kernels without CPU hotplug).
    /// Cores are distinct (package id, core id) pairs, sockets distinct package ids.
    /// </summary>
    public static CpuTopology Read(HostPaths paths)
    {
        var root = paths.SysFile("devices/system/cpu");
        var cores = new HashSet<(long Socket, long Core)>();
        var sockets = new HashSet<long>();
        var cpus = 0;
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var name = System.IO.Path.GetFileName(dir);
            if (!IsCpuDirectory(name)) continue;
            if (name != "cpu0" && ReadLong(System.IO.Path.Combine(dir, "online")) is { } online && online != 1) continue;
            var id = long.Parse(name.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);
            var socket = ReadLong(System.IO.Path.Combine(dir, "topology", "physical_package_id")) ?? 0;
            var core = ReadLong(System.IO.Path.Combine(dir, "topology", "core_id")) ?? id;
            cpus++;
            cores.Add((socket, core));
            sockets.Add(socket);
        }
        return new CpuTopology(cpus, cores.Count, sockets.Count);
    }

    private static long? ReadLong(string path)
    {
        try
        {
            return long.Parse(File.ReadAllText(path).AsSpan().Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    // cpu<N> only (not cpufreq, cpuidle): plain span checks keep the Regex assembly out of the agent's memory.
    private static bool IsCpuDirectory(string name) =>
        name.Length > 3 && name.StartsWith("cpu", StringComparison.Ordinal) && !name.AsSpan(3).ContainsAnyExceptInRange('0', '9');
}
