using System.Globalization;
using Wca.Host;
using Wca.Kernel;

namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// Finds the uncore PMUs under the sys root: every <c>bus/event_source/devices/uncore_*</c> with a readable
/// <c>type</c> and <c>cpumask</c>; the socket of each cpumask CPU from its topology (its position in the mask when
/// the topology is not readable). A PMU that cannot be read is a problem and left out; the rest are used.
/// </summary>
internal static class UncorePmuDiscovery
{
    /// <summary>Where the PMUs are looked up under <paramref name="paths"/>.</summary>
    public static string DevicesDirectory(HostPaths paths) => paths.SysFile(Path.Combine("bus", "event_source", "devices"));

    public static IReadOnlyList<UncorePmu> Discover(HostPaths paths, List<string> problems)
    {
        var devices = DevicesDirectory(paths);
        if (!Directory.Exists(devices)) return [];
        var pmus = new List<UncorePmu>();
        foreach (var directory in Directory.EnumerateFileSystemEntries(devices, "uncore_*").Order(NaturalOrder.Instance))
        {
            var name = Path.GetFileName(directory);
            if (!TryReadText(Path.Combine(directory, "type"), problems, out var typeText)) continue;
            if (!uint.TryParse(typeText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var type))
            {
                problems.Add($"{Path.Combine(directory, "type")}: '{typeText.Trim()}' is not a perf type number");
                continue;
            }
            if (!TryReadText(Path.Combine(directory, "cpumask"), problems, out var maskText)) continue;
            var cpus = KernelText.ParseCpuList(System.Text.Encoding.ASCII.GetBytes(maskText));
            if (cpus.Count == 0)
            {
                problems.Add($"{Path.Combine(directory, "cpumask")}: no CPU in '{maskText.Trim()}'");
                continue;
            }
            var sockets = new List<(int, int)>(cpus.Count);
            for (var i = 0; i < cpus.Count; i++) sockets.Add((SocketOf(paths, cpus[i]) ?? i, cpus[i]));
            pmus.Add(new UncorePmu(name, UncorePmu.KindOf(name), type, sockets, PmuFormat.Read(Path.Combine(directory, "format"), problems)));
        }
        return pmus;
    }

    private static int? SocketOf(HostPaths paths, int cpu)
    {
        var file = paths.SysFile(Path.Combine("devices", "system", "cpu", "cpu" + cpu.ToString(CultureInfo.InvariantCulture), "topology", "physical_package_id"));
        try
        {
            return int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var socket) ? socket : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool TryReadText(string file, List<string> problems, out string text)
    {
        try
        {
            text = File.ReadAllText(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{file}: {e.Message}");
            text = "";
            return false;
        }
    }

    /// <summary>uncore_imc_2 before uncore_imc_10: instance numbers compare as numbers.</summary>
    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = Path.GetFileName(x) ?? "";
            var b = Path.GetFileName(y) ?? "";
            var kinds = string.CompareOrdinal(UncorePmu.KindOf(a), UncorePmu.KindOf(b));
            if (kinds != 0) return kinds;
            var numbers = InstanceNumber(a).CompareTo(InstanceNumber(b));
            return numbers != 0 ? numbers : string.CompareOrdinal(a, b);
        }

        private static long InstanceNumber(string name) =>
            UncorePmu.KindOf(name) is var kind && kind.Length < name.Length && long.TryParse(name.AsSpan(kind.Length + 1), CultureInfo.InvariantCulture, out var n) ? n : -1;
    }
}
