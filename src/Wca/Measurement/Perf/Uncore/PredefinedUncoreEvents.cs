using Wca.Api;
using Wca.Measurement.Catalog;

namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// The final release's predefined uncore events (later-versions.md §4.4): Skylake/Cascade Lake server iMC and UPI
/// event codes, encoded per PMU through its format/ like a user definition.
/// </summary>
internal static class PredefinedUncoreEvents
{
    public const string Imc = "uncore_imc";
    public const string Upi = "uncore_upi";

    public static IReadOnlyList<UncoreEventDefinition> All { get; } =
    [
        Define(MetricCatalog.PlatformCasCountReads, Imc, ("event", 0x04), ("umask", 0x03)),
        Define(MetricCatalog.PlatformCasCountWrites, Imc, ("event", 0x04), ("umask", 0x0c)),
        Define(MetricCatalog.PlatformPmmBandwidthReads, Imc, ("event", 0xe3)),
        Define(MetricCatalog.PlatformPmmBandwidthWrites, Imc, ("event", 0xe7)),
        Define(MetricCatalog.PlatformRpqOccupancy, Imc, ("event", 0x80)),
        Define(MetricCatalog.PlatformRpqInserts, Imc, ("event", 0x10)),
        Define(MetricCatalog.PlatformImcClockticks, Imc, ("event", 0x00)),
        Define(MetricCatalog.PlatformUpiRxlFlits, Upi, ("event", 0x03), ("umask", 0x0f)),
        Define(MetricCatalog.PlatformUpiTxlFlits, Upi, ("event", 0x02), ("umask", 0x0f)),
    ];

    public static UncoreEventDefinition? Find(string name)
    {
        foreach (var e in All)
            if (e.Name == name) return e;
        return null;
    }

    private static UncoreEventDefinition Define(MetricDescriptor descriptor, string pmu, params (string Field, ulong Value)[] terms) =>
        new(descriptor, pmu, [.. terms.Select(t => new UncoreEventTerm(t.Field, t.Value))], predefined: true);
}
