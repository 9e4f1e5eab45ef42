namespace Wca.Measurement.Perf.Uncore;

/// <summary>The perf_event_attr config words of one uncore event, encoded for one PMU's format.</summary>
internal readonly record struct UncoreEventConfig(ulong Config, ulong Config1, ulong Config2, ulong Config3)
{
    public override string ToString() => Config1 == 0 && Config2 == 0 && Config3 == 0
        ? $"config=0x{Config:x}"
        : $"config=0x{Config:x},config1=0x{Config1:x},config2=0x{Config2:x},config3=0x{Config3:x}";
}
