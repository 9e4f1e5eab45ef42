using Wca.Api.Configuration;

namespace Wca.Actuation;

/// <summary>
/// How normalized allocations become cgroup and resctrl values (<c>allocation_configuration: !AllocationConfiguration</c>),
/// with the original's keys. The final release accepts it on a MeasurementRunner too; the AllocationRunner applies it.
/// </summary>
/// <param name="cpuQuotaPeriod">
/// The CFS period written with a quota (v1 cpu.cfs_period_us, v2 the second field of cpu.max), in microseconds.
/// Default 100000 µs, the kernel's own default: the original's 1000 was meant as milliseconds (its docs say ms) but is
/// written verbatim as microseconds, a 1 ms period that costs scheduler overhead and throttles bursty tasks hard.
/// </param>
/// <param name="cpuSharesUnit">cpu.shares that a normalized 1.0 stands for (cgroup v2: cpu.weight, converted as the kernel converts: 1024 shares = weight 100).</param>
/// <param name="defaultRdtL3">Root resctrl group L3 schemata line, e.g. <c>L3:0=fffff;1=fffff</c>; omitted = leave as is.</param>
/// <param name="defaultRdtMb">Root resctrl group MB line, e.g. <c>MB:0=100;1=100</c>; omitted = leave as is.</param>
[WcaComponent]
public sealed class AllocationConfiguration(
    [Numeric(1000, 1000000)] int cpuQuotaPeriod = 100000,
    [Numeric(1000, 1000000)] int cpuSharesUnit = 1000,
    [Str] string? defaultRdtL3 = null,
    [Str] string? defaultRdtMb = null)
{
    public int CpuQuotaPeriod { get; } = cpuQuotaPeriod;
    public int CpuSharesUnit { get; } = cpuSharesUnit;
    public string? DefaultRdtL3 { get; } = defaultRdtL3;
    public string? DefaultRdtMb { get; } = defaultRdtMb;
}
