using Wca.Api;
using Wca.Kernel.Perf;

namespace Wca.Measurement.Perf;

/// <summary>One task perf event as configured: its event_names entry, the metric it gives and the kernel attr that counts it.</summary>
/// <param name="EventName">The event_names entry (e.g. task_instructions, task_clock, foo__rC000).</param>
/// <param name="Descriptor">The metric; for a user raw event a runtime-named one (<see cref="PerfRawEvents"/>).</param>
/// <param name="Kind">Counter kind (budget and attr type).</param>
/// <param name="Attr">The attr, zeroed but for type, size, config and config1.</param>
/// <param name="Scale">Multiplier from the kernel's count to the metric's unit (task_clock: ns to seconds).</param>
internal sealed record PerfEventDefinition(string EventName, MetricDescriptor Descriptor, PerfEventKind Kind, PerfEventAttr Attr, double Scale = 1)
{
    /// <summary>Whether the event takes one of the CPU's programmable counters.</summary>
    public bool IsProgrammable => Kind is PerfEventKind.Hardware or PerfEventKind.Raw;
}
