using System.Text.RegularExpressions;

namespace Wca.Measurement.Platform;

/// <summary>Which of the optional platform files are read (the final release's <c>vmstat</c> and <c>zoneinfo</c> keys).</summary>
public sealed record PlatformOptions
{
    /// <summary>Only the catalogue's fixed /proc/vmstat counters: what the collector reads when nobody asks for more.</summary>
    public static readonly PlatformOptions Fixed = new();

    /// <summary>Every /proc/vmstat and per-node vmstat key as platform_vmstat{key} / platform_node_vmstat{numa_node,key}.</summary>
    public bool Vmstat { get; init; }

    /// <summary>The keys <see cref="Vmstat"/> keeps; null = all.</summary>
    public Regex? VmstatKeys { get; init; }

    /// <summary>/proc/zoneinfo as platform_zoneinfo{numa_node,zone,key}.</summary>
    public bool Zoneinfo { get; init; }

    /// <summary>A regex with two groups (key, value) matched at the start of each zoneinfo line; null = the default <c>\s+([a-z_]+)\s+(\d+)</c>.</summary>
    public Regex? ZoneinfoLine { get; init; }
}
