using System.Globalization;

namespace Wca.Measurement.Platform;

/// <summary>
/// Intel Optane persistent memory as <c>ipmctl</c> reports it (key=value output of <c>show -u B -dimm</c> and
/// <c>show -a -u B -region</c>): capacity and average power budget of one module, and the theoretical read/write
/// bandwidth per socket from the published per-module figures (later-versions.md §4.6).
/// </summary>
/// <param name="CapacityPerModuleBytes">Capacity of one module (all modules of a platform are alike).</param>
/// <param name="AveragePowerPerModuleWatts">Average power budget of one module.</param>
/// <param name="ReadBandwidth">Theoretical read bytes per second, by socket number.</param>
/// <param name="WriteBandwidth">Theoretical write bytes per second, by socket number.</param>
public sealed record NvdimmInventory(
    long CapacityPerModuleBytes,
    double AveragePowerPerModuleWatts,
    IReadOnlyDictionary<int, double> ReadBandwidth,
    IReadOnlyDictionary<int, double> WriteBandwidth)
{
    // GB/s per module by power budget (10, 12, 15, 18 W) and capacity class; 0 where Intel published no figure.
    private static readonly int[] PowerBudgets = [10, 12, 15, 18];
    private static readonly double[] ReadUnder200Gb = [2.4, 4.3, 6.8, 0], WriteUnder200Gb = [0.88, 1.48, 1.85, 0];
    private static readonly double[] ReadUnder500Gb = [0, 4.1, 6.8, 8.3], WriteUnder500Gb = [0, 1.45, 2.3, 3.0];
    private static readonly double[] ReadFrom500Gb = [0, 2.65, 5.3, 7.8], WriteFrom500Gb = [0, 1.02, 1.89, 2.68];

    /// <summary>
    /// Parses the module list and the regions; null when no module is listed (a host without persistent memory, or
    /// ipmctl run without privileges). The bandwidth of a socket counts the modules of its interleave sets or, without
    /// any region, all of its modules.
    /// </summary>
    public static NvdimmInventory? Parse(string dimmOutput, string regionOutput)
    {
        long capacity = 0;
        double power = 0;
        var modulesPerSocket = new Dictionary<int, int>();
        foreach (var module in Records(dimmOutput, "DimmID"))
        {
            if (TryBytes(module.GetValueOrDefault("Capacity"), out var bytes)) capacity = bytes;
            // ipmctl 1.x names it AvgPowerBudget, 2.x AvgPowerLimit; in mW.
            if (TryNumber(module.GetValueOrDefault("AvgPowerBudget") ?? module.GetValueOrDefault("AvgPowerLimit"), "mW", out var milliwatts))
                power = milliwatts / 1000.0;
            if (TrySocket(module.GetValueOrDefault("SocketID"), out var socket))
                modulesPerSocket[socket] = modulesPerSocket.GetValueOrDefault(socket) + 1;
        }
        if (modulesPerSocket.Count == 0 || capacity <= 0) return null;

        var interleaved = new Dictionary<int, int>();
        foreach (var region in Records(regionOutput, "ISetID"))
        {
            if (!TrySocket(region.GetValueOrDefault("SocketID"), out var socket)) continue;
            var dimms = region.GetValueOrDefault("DimmID")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length ?? 0;
            interleaved[socket] = interleaved.GetValueOrDefault(socket) + dimms;
        }
        var counts = interleaved.Count > 0 ? interleaved : modulesPerSocket;
        var reads = new SortedDictionary<int, double>();
        var writes = new SortedDictionary<int, double>();
        foreach (var (socket, count) in counts)
        {
            var (read, write) = Bandwidth(power, count, capacity / 1e9);
            reads[socket] = read;
            writes[socket] = write;
        }
        return new NvdimmInventory(capacity, power, reads, writes);
    }

    /// <summary>Theoretical (read, write) bytes per second of <paramref name="modules"/> modules of one interleave set.</summary>
    public static (double Read, double Write) Bandwidth(double watts, int modules, double gigabytesPerModule)
    {
        var column = 0;
        for (var i = 0; i < PowerBudgets.Length; i++)
            if ((int)watts >= PowerBudgets[i]) column = i;
        var (read, write) = gigabytesPerModule switch
        {
            < 200 => (ReadUnder200Gb, WriteUnder200Gb),
            < 500 => (ReadUnder500Gb, WriteUnder500Gb),
            _ => (ReadFrom500Gb, WriteFrom500Gb),
        };
        // Rounded to 10 MB/s as Intel's table is (the published figures have two decimals in GB/s).
        return (Math.Round(modules * read[column], 2) * 1e9, Math.Round(modules * write[column], 2) * 1e9);
    }

    /// <summary>
    /// The capacity configured in Memory Mode from <c>ipmctl show -u B -memoryresources</c>: the <c>MemoryCapacity=</c>
    /// line of ipmctl 1.x, or the PMem column of the Volatile row of ipmctl 2.x's table; null when neither is there.
    /// </summary>
    public static long? ParseMemoryModeBytes(string memoryResourcesOutput)
    {
        foreach (var raw in memoryResourcesOutput.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("MemoryCapacity=", StringComparison.Ordinal))
                return TryBytes(line["MemoryCapacity=".Length..], out var bytes) ? bytes : null;
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length >= 3 && cells[0] == "Volatile")
                return TryBytes(cells[2], out var bytes) ? bytes : null;
        }
        return null;
    }

    /// <summary>The key=value lines of each "---Key=value---" record.</summary>
    private static List<Dictionary<string, string>> Records(string text, string key)
    {
        var records = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("---", StringComparison.Ordinal))
            {
                current = line.AsSpan(3).StartsWith(key + "=", StringComparison.Ordinal) ? new(StringComparer.Ordinal) : null;
                if (current is not null) records.Add(current);
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (current is not null && equals > 0) current.TryAdd(line[..equals].Trim(), line[(equals + 1)..].Trim());
        }
        return records;
    }

    private static bool TryBytes(string? text, out long bytes)
    {
        bytes = 0;
        return TryNumber(text, "B", out var value) && (bytes = (long)value) >= 0;
    }

    /// <summary>"541165879296 B", "15000 mW": the number before the expected unit.</summary>
    private static bool TryNumber(string? text, string unit, out double value)
    {
        value = 0;
        var parts = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: 2 } && parts[1] == unit
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= 0;
    }

    /// <summary>"0x0001" → 1 (the socket label is decimal, as the original's).</summary>
    private static bool TrySocket(string? text, out int socket)
    {
        socket = 0;
        return text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out socket);
    }
}
