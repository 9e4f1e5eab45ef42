using System.Globalization;

namespace Wca.Actuation.Rdt;

/// <summary>
/// What RDT allocation is checked against, from resctrl's <c>info/</c> and the root group's schemata
/// (resctrl.rst "Info directory", "Cache resource and memory bandwidth allocation"): whether L3 cache (CAT) and
/// memory bandwidth (MBA) control exist, the L3 capacity bit mask and its minimum, the CLOSIDs, the bandwidth
/// granularity and minimum, and the domains (cache ids) each resource has.
/// </summary>
/// <param name="CbmMask">info/L3/cbm_mask: every valid L3 bit set; 0 without cache control.</param>
/// <param name="MinCbmBits">info/L3/min_cbm_bits: the fewest consecutive bits a mask may set.</param>
/// <param name="NumClosids">The control groups the hardware has, root included (the smaller of L3's and MB's num_closids); null = no control.</param>
/// <param name="BandwidthGran">info/MB/bandwidth_gran, percent: other values are rounded up by the kernel.</param>
/// <param name="MinBandwidth">info/MB/min_bandwidth, percent.</param>
/// <param name="MbaMbps">Mounted with mba_MBps: MB values are MBps (no percent range, granularity or minimum apply).</param>
/// <param name="L3Domains">The L3 domain ids of the root schemata line (0 and 1 on two sockets).</param>
/// <param name="MbDomains">The MB domain ids of the root schemata line.</param>
internal sealed record RdtControlInfo(
    bool CacheControl,
    bool MbControl,
    ulong CbmMask,
    int MinCbmBits,
    int? NumClosids,
    int BandwidthGran,
    int MinBandwidth,
    bool MbaMbps,
    IReadOnlyList<string> L3Domains,
    IReadOnlyList<string> MbDomains)
{
    /// <summary>No RDT control (resctrl absent, or only monitoring).</summary>
    public static readonly RdtControlInfo None = new(false, false, 0, 0, null, 0, 0, false, [], []);

    /// <summary>Whether any allocation is possible.</summary>
    public bool Control => CacheControl || MbControl;

    /// <summary>The L3 line that gives every domain all ways, e.g. <c>L3:0=fffff;1=fffff</c> (the root default).</summary>
    public string FullL3 => "L3:" + string.Join(';', L3Domains.Select(d => d + "=" + CbmMask.ToString("x", CultureInfo.InvariantCulture)));

    /// <summary>The MB line that gives every domain all bandwidth, e.g. <c>MB:0=100;1=100</c> (the root default; no limit in MBps mode).</summary>
    public string FullMb => "MB:" + string.Join(';', MbDomains.Select(d => d + "=" + (MbaMbps ? uint.MaxValue.ToString(CultureInfo.InvariantCulture) : "100")));

    /// <summary>
    /// Reads <paramref name="root"/> (a mounted resctrl); null and <paramref name="error"/> when a file that the root
    /// schemata's resources promise is missing or not a number. CDP (L3CODE/L3DATA) counts as no L3 control: its
    /// masks are per code and data, which the rdt allocation type has no field for.
    /// </summary>
    public static RdtControlInfo? Read(string root, bool mbaMbps, out string? error)
    {
        error = null;
        try
        {
            SchemataLine? l3 = null, mb = null;
            foreach (var raw in File.ReadAllLines(Path.Combine(root, "schemata")))
            {
                var line = SchemataLine.TryParse(raw, out _);
                if (line?.Resource == "L3") l3 = line;
                else if (line?.Resource == "MB") mb = line;
            }
            ulong mask = 0;
            int minBits = 0, gran = 0, minBw = 0;
            int? closids = null;
            if (l3 is not null)
            {
                var maskText = File.ReadAllText(Path.Combine(root, "info", "L3", "cbm_mask")).Trim();
                if (!ulong.TryParse(maskText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out mask))
                    throw new FormatException($"{Path.Combine(root, "info", "L3", "cbm_mask")}: \"{maskText}\" is not a hexadecimal mask");
                minBits = Number(root, "L3", "min_cbm_bits");
                closids = Number(root, "L3", "num_closids");
            }
            if (mb is not null)
            {
                gran = Number(root, "MB", "bandwidth_gran");
                minBw = Number(root, "MB", "min_bandwidth");
                var mbClosids = Number(root, "MB", "num_closids");
                closids = closids is { } c ? Math.Min(c, mbClosids) : mbClosids;
            }
            return new RdtControlInfo(l3 is not null, mb is not null, mask, minBits, closids, gran, minBw, mbaMbps,
                l3?.Domains.Select(d => d.Key).ToArray() ?? [], mb?.Domains.Select(d => d.Key).ToArray() ?? []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            error = e.Message;
            return null;
        }
    }

    private static int Number(string root, string resource, string file)
    {
        var path = Path.Combine(root, "info", resource, file);
        var text = File.ReadAllText(path).Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"{path}: \"{text}\" is not a number");
    }
}
