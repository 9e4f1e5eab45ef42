using Wca.Api.Configuration;

namespace Wca.Actuation;

/// <summary>
/// How normalized allocations become cgroup and resctrl values (<c>allocation_configuration: !AllocationConfiguration</c>),
/// with the original's keys and defaults. The final release accepts it on a MeasurementRunner too; the allocation
/// runner (a later issue) applies it.
/// </summary>
/// <param name="cpuQuotaPeriod">cpu.cfs_period_us written with a quota, in microseconds (the original's docs say ms: they are wrong).</param>
/// <param name="cpuSharesUnit">cpu.shares that a normalized 1.0 stands for.</param>
/// <param name="defaultRdtL3">Root resctrl group L3 schemata line, e.g. <c>L3:0=fffff;1=fffff</c>; omitted = leave as is.</param>
/// <param name="defaultRdtMb">Root resctrl group MB line, e.g. <c>MB:0=100;1=100</c>; omitted = leave as is.</param>
[WcaComponent]
public sealed class AllocationConfiguration(
    [Numeric(1000, 1000000)] int cpuQuotaPeriod = 1000,
    [Numeric(1000, 1000000)] int cpuSharesUnit = 1000,
    [Str] string? defaultRdtL3 = null,
    [Str] string? defaultRdtMb = null)
{
    public int CpuQuotaPeriod { get; } = cpuQuotaPeriod;
    public int CpuSharesUnit { get; } = cpuSharesUnit;
    public string? DefaultRdtL3 { get; } = defaultRdtL3;
    public string? DefaultRdtMb { get; } = defaultRdtMb;
}
