using System.Globalization;

namespace Wca.Measurement.Platform;

/// <summary>
/// The installed memory modules as <c>dmidecode --quiet -t memory</c> (SMBIOS type 17, "Memory Device") lists them:
/// volatile DIMMs (ram) and persistent-memory modules (nvm), their count and size, and the total DRAM speed.
/// </summary>
/// <param name="RamCount">Populated volatile DIMMs.</param>
/// <param name="RamBytes">Their total size.</param>
/// <param name="NvmCount">Populated non-volatile modules (Optane PMem, NVDIMM).</param>
/// <param name="NvmBytes">Their total size.</param>
/// <param name="RamSpeedBytesPerSecond">Σ over volatile DIMMs of transfers per second × data width in bytes.</param>
public sealed record DimmInventory(int RamCount, long RamBytes, int NvmCount, long NvmBytes, double RamSpeedBytesPerSecond)
{
    /// <summary>Parses dmidecode's text output; sections other than "Memory Device" and empty slots are skipped.</summary>
    public static DimmInventory Parse(string dmidecodeOutput)
    {
        int ramCount = 0, nvmCount = 0;
        long ramBytes = 0, nvmBytes = 0;
        double speed = 0;
        foreach (var device in MemoryDevices(dmidecodeOutput))
        {
            if (!TryParseSize(device.GetValueOrDefault("Size"), out var bytes)) continue; // "No Module Installed"
            if (IsNonVolatile(device))
            {
                nvmCount++;
                nvmBytes += bytes;
                continue;
            }
            ramCount++;
            ramBytes += bytes;
            // "Configured Memory Speed" (dmidecode ≥ 3.2; "Configured Clock Speed" before) is what the DIMM runs at; "Speed" its rating.
            var transfers = TransfersPerSecond(device.GetValueOrDefault("Configured Memory Speed") ?? device.GetValueOrDefault("Configured Clock Speed"))
                ?? TransfersPerSecond(device.GetValueOrDefault("Speed")) ?? 0;
            speed += transfers * DataWidthBytes(device.GetValueOrDefault("Data Width"));
        }
        return new DimmInventory(ramCount, ramBytes, nvmCount, nvmBytes, speed);
    }

    /// <summary>The "key: value" fields of each "Memory Device" section (a section starts at a "Handle" line).</summary>
    private static List<Dictionary<string, string>> MemoryDevices(string text)
    {
        var devices = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (!char.IsWhiteSpace(line[0]))
            {
                // A section title ("Memory Device") follows its Handle line; anything else ends the device.
                if (line == "Memory Device") devices.Add(current = new Dictionary<string, string>(StringComparer.Ordinal));
                else current = null;
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (current is null || colon < 0) continue;
            current.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
        return devices;
    }

    /// <summary>Persistent memory: SMBIOS 3.2's technology/mode fields, or the older "Non-Volatile" type detail.</summary>
    private static bool IsNonVolatile(Dictionary<string, string> device) =>
        Contains(device, "Type", "non-volatile")
        || Contains(device, "Type Detail", "non-volatile")
        || Contains(device, "Memory Technology", "persistent memory")
        || Contains(device, "Memory Technology", "nvdimm");

    private static bool Contains(Dictionary<string, string> device, string key, string text) =>
        device.TryGetValue(key, out var value) && value.Contains(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>"32 GB", "16384 MB", "1 TB", "512 kB" (dmidecode's binary units) in bytes.</summary>
    private static bool TryParseSize(string? text, out long bytes)
    {
        bytes = 0;
        var parts = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 2 } || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
        var shift = parts[1] switch { "bytes" => 0, "kB" or "KB" => 10, "MB" => 20, "GB" => 30, "TB" => 40, _ => -1 };
        if (shift < 0 || value <= 0) return false;
        bytes = value << shift;
        return true;
    }

    /// <summary>"2666 MT/s" (dmidecode ≥ 3.2) or "2666 MHz" (older dmidecode: the data rate, despite the unit) per second; null when unknown.</summary>
    private static double? TransfersPerSecond(string? text)
    {
        var parts = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 2 } || parts[1] is not ("MT/s" or "MHz")) return null;
        return long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var mega) && mega > 0 ? mega * 1e6 : null;
    }

    /// <summary>"64 bits" → 8; a DIMM without a data width is taken as the standard 64-bit channel.</summary>
    private static int DataWidthBytes(string? text)
    {
        var parts = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: 2 } && parts[1] == "bits" && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits >= 8
            ? bits / 8
            : 8;
    }
}
