using System.Globalization;
using Wca.Kernel.Resctrl;

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
    /// From the resctrl facts of the kernel layer. CDP (L3CODE/L3DATA) counts as no L3 control: its masks are per
    /// code and data, which the rdt allocation type has no field for. MB values other than percent (mba_MBps, AMD's
    /// absolute units) are taken as any whole number.
    /// </summary>
    public static RdtControlInfo From(ResctrlInfo info)
    {
        var cache = info.CacheControl && !info.CodeDataPrioritization
            && ulong.TryParse(info.CbmMask, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _);
        var mask = cache ? ulong.Parse(info.CbmMask!, NumberStyles.HexNumber, CultureInfo.InvariantCulture) : 0;
        return new RdtControlInfo(cache, info.MemoryBandwidthControl, mask, info.MinCbmBits ?? 1, info.NumClosids,
            info.BandwidthGranularity ?? 1, info.MinBandwidth ?? 0, info.MemoryBandwidthUnit != MemoryBandwidthUnit.Percent,
            cache ? info.L3Domains.Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray() : [],
            info.MbDomains.Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray());
    }
}
