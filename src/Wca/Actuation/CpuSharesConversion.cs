namespace Wca.Actuation;

/// <summary>
/// cpu_shares: normalized × cpu_shares_unit = v1 cpu.shares (2 to 262144, the kernel's range). cgroup v2 has
/// cpu.weight (1 to 10000) instead, converted the way the kernel itself converts between the two
/// (kernel/sched/core.c cpu_weight_read/write: weight = shares × 100 / 1024, rounded, so the v1 default 1024 is the v2
/// default 100), and read back through the inverse.
/// </summary>
internal static class CpuSharesConversion
{
    public const long MinimumShares = 2;
    public const long MaximumShares = 262144;
    public const long MinimumWeight = 1;
    public const long MaximumWeight = 10000;

    /// <summary>v1 cpu.shares of normalized <paramref name="shares"/>; <paramref name="clamped"/> when outside 2 to 262144.</summary>
    public static long ToShares(double shares, long unit, out bool clamped)
    {
        var value = (long)Math.Min(shares * unit, MaximumShares + 1);
        clamped = value < MinimumShares || value > MaximumShares;
        return Math.Clamp(value, MinimumShares, MaximumShares);
    }

    /// <summary>v2 cpu.weight of v1 <paramref name="shares"/>.</summary>
    public static long SharesToWeight(long shares) =>
        Math.Clamp((long)Math.Round(shares * 100.0 / 1024, MidpointRounding.AwayFromZero), MinimumWeight, MaximumWeight);

    /// <summary>v1 shares of v2 <paramref name="weight"/> (the kernel's inverse).</summary>
    public static long WeightToShares(long weight) => (long)Math.Round(weight * 1024.0 / 100, MidpointRounding.AwayFromZero);
}
