using Wca.Api;
using Wca.Measurement.Catalog;

namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// The bandwidth and latency metrics of later-versions.md §4.4, from the deltas of one iteration over its length.
/// A metric whose inputs are not both in this and the last reading is absent (never NaN or 0); so is every one on the
/// first iteration.
/// </summary>
internal static class UncoreDerivedMetrics
{
    /// <summary>Bytes per CAS command and per PMM request: one cache line.</summary>
    public const double CacheLine = 64;

    /// <summary>UPI flits per cache line of data (Skylake server: 9 flits carry 64 bytes).</summary>
    public const double FlitsPerCacheLine = 9;

    // Concrete collection types: foreach over them allocates no enumerator, every iteration.
    public static void Append(MetricBatch batch, List<UncoreChannel> channels, double seconds, Dictionary<int, LabelSet> socketLabels)
    {
        if (!(seconds > 0)) return;
        foreach (var c in channels)
        {
            var dramReads = Rate(batch, c, MetricCatalog.PlatformCasCountReads, MetricCatalog.PlatformDramReadsBytesPerSecond, seconds, out var dr);
            var dramWrites = Rate(batch, c, MetricCatalog.PlatformCasCountWrites, MetricCatalog.PlatformDramWritesBytesPerSecond, seconds, out var dw);
            var dram = dramReads && dramWrites;
            if (dram) batch.Add(MetricCatalog.PlatformDramTotalBytesPerSecond, dr + dw, c.Labels);
            var pmmReads = Rate(batch, c, MetricCatalog.PlatformPmmBandwidthReads, MetricCatalog.PlatformPmmReadsBytesPerSecond, seconds, out var pr);
            var pmmWrites = Rate(batch, c, MetricCatalog.PlatformPmmBandwidthWrites, MetricCatalog.PlatformPmmWritesBytesPerSecond, seconds, out var pw);
            var pmm = pmmReads && pmmWrites;
            if (pmm) batch.Add(MetricCatalog.PlatformPmmTotalBytesPerSecond, pr + pw, c.Labels);
            if (dram && pmm && dr + dw + pr + pw > 0)
                batch.Add(MetricCatalog.PlatformDramHitRatio, (dr + dw) / (dr + dw + pr + pw), c.Labels);
            if (c.TryDelta(MetricCatalog.PlatformUpiRxlFlits, out var rx) && c.TryDelta(MetricCatalog.PlatformUpiTxlFlits, out var tx))
                batch.Add(MetricCatalog.PlatformUpiBandwidthBytesPerSecond, (rx + tx) / FlitsPerCacheLine * CacheLine / seconds, c.Labels);
        }
        AppendReadLatency(batch, channels, seconds, socketLabels);
    }

    /// <summary>
    /// Per socket: cycles a read waits in the read pending queue (occupancy / inserts, summed over the socket's
    /// channels) divided by the memory-controller clock rate (clock ticks per channel per second). The original's
    /// formula left out the interval, which made the value depend on it; this one is in seconds.
    /// </summary>
    private static void AppendReadLatency(MetricBatch batch, List<UncoreChannel> channels, double seconds, Dictionary<int, LabelSet> socketLabels)
    {
        foreach (var (socket, labels) in socketLabels)
        {
            double occupancy = 0, inserts = 0, ticks = 0;
            var count = 0;
            foreach (var c in channels)
            {
                if (c.Socket != socket) continue;
                if (!c.TryDelta(MetricCatalog.PlatformRpqOccupancy, out var o) || !c.TryDelta(MetricCatalog.PlatformRpqInserts, out var i)
                    || !c.TryDelta(MetricCatalog.PlatformImcClockticks, out var t)) continue;
                occupancy += o;
                inserts += i;
                ticks += t;
                count++;
            }
            if (count == 0 || inserts <= 0 || ticks <= 0) continue;
            var ticksPerSecond = ticks / count / seconds;
            batch.Add(MetricCatalog.PlatformRpqReadLatencySeconds, occupancy / inserts / ticksPerSecond, labels);
        }
    }

    private static bool Rate(MetricBatch batch, UncoreChannel c, MetricDescriptor input, MetricDescriptor output, double seconds, out double bytesPerSecond)
    {
        bytesPerSecond = 0;
        if (!c.TryDelta(input, out var delta)) return false;
        bytesPerSecond = delta * CacheLine / seconds;
        batch.Add(output, bytesPerSecond, c.Labels);
        return true;
    }
}
