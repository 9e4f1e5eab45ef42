namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// The original's scaling of a multiplexed count (system-interfaces.md §2.5): not yet on the PMU (running 0) or
/// never enabled = 0 with factor 0; otherwise raw × enabled / running, rounded half to even.
/// </summary>
internal static class UncoreScaling
{
    public static double Factor(ulong enabled, ulong running) =>
        running == 0 || enabled == 0 ? 0 : running == enabled ? 1 : (double)enabled / running;

    public static double Scale(ulong raw, double factor) => factor switch
    {
        0 => 0,
        1 => raw,
        _ => Math.Round(raw * factor, MidpointRounding.ToEven),
    };
}
