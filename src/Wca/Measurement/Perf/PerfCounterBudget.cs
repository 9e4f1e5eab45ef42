namespace Wca.Measurement.Perf;

/// <summary>
/// The final release's start-up check: Intel cores have 4 programmable counters per hardware thread with
/// Hyper-Threading and 8 without; instructions and cycles use fixed counters and software events none. A group of
/// more programmable events than that can never be scheduled whole.
/// </summary>
internal static class PerfCounterBudget
{
    public static int For(bool hyperThreading) => hyperThreading ? 4 : 8;

    /// <summary>Whether the host runs more than one thread per core: smt/active, else cpu0's thread siblings.</summary>
    public static bool HyperThreading(string sysRoot)
    {
        var cpu = Path.Combine(sysRoot, "devices", "system", "cpu");
        try
        {
            var active = Path.Combine(cpu, "smt", "active");
            if (File.Exists(active)) return File.ReadAllText(active).Trim() == "1";
            var siblings = Path.Combine(cpu, "cpu0", "topology", "thread_siblings_list");
            return File.Exists(siblings) && File.ReadAllText(siblings).Trim() is var list && (list.Contains(',') || list.Contains('-'));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Null when <paramref name="events"/> fit in the budget, else the error naming the events to drop.</summary>
    public static string? Check(IReadOnlyList<PerfEventDefinition> events, bool hyperThreading)
    {
        var budget = For(hyperThreading);
        var programmable = events.Where(e => e.IsProgrammable).Select(e => e.EventName).ToArray();
        if (programmable.Length <= budget) return null;
        return $"event_names: {programmable.Length} events need programmable counters ({string.Join(", ", programmable)}) but a core has {budget} "
            + $"({(hyperThreading ? "with" : "without")} Hyper-Threading; instructions, cycles and software events do not count): "
            + $"drop {programmable.Length - budget} of them, e.g. {string.Join(", ", programmable[budget..])}";
    }
}
