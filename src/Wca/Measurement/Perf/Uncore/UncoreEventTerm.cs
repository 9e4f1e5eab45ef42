namespace Wca.Measurement.Perf.Uncore;

/// <summary>One <c>field=value</c> of an event definition: a format field of the PMU (event, umask ...) or a raw config word (config, config1 ...).</summary>
internal readonly record struct UncoreEventTerm(string Field, ulong Value)
{
    public override string ToString() => $"{Field}=0x{Value:x}";
}
