namespace Wca.Actuation;

/// <summary>
/// The original's cpu_quota normalisation: 1.0 is the whole machine (every online CPU), and 1.0 or more means no
/// limit; a limit is quota = q × period × cpus µs per period, at least 1000 µs (the original's minimum; the kernel's
/// is 1000 µs too).
/// </summary>
internal static class CpuQuotaConversion
{
    /// <summary>The v1 cpu.cfs_quota_us value of "no limit" (v2 writes "max").</summary>
    public const long Unlimited = -1;

    public const long MinimumQuota = 1000;

    /// <summary>The kernel quota (µs per <paramref name="period"/>, or <see cref="Unlimited"/>) of normalized <paramref name="quota"/>.</summary>
    /// <param name="clamped">The limit was below the minimum and is the minimum.</param>
    /// <param name="aboveWhole">The quota asked for more than the whole machine (no limit is set).</param>
    public static long ToKernel(double quota, long period, int cpus, out bool clamped, out bool aboveWhole)
    {
        clamped = false;
        aboveWhole = quota > 1.0;
        if (quota >= 1.0) return Unlimited;
        var value = (long)(quota * period * cpus);
        if (value >= MinimumQuota) return value;
        clamped = true;
        return MinimumQuota;
    }

    /// <summary>The normalized quota of a kernel quota and period (not clamped: a limit above the machine reads above 1.0).</summary>
    public static double FromKernel(long quota, long period, int cpus) =>
        quota < 0 || period <= 0 ? 1.0 : (double)quota / period / cpus;
}
