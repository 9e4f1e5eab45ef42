namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// One uncore PMU instance as sysfs describes it (<c>/sys/bus/event_source/devices/uncore_imc_0</c>: a memory
/// controller channel, a UPI link ...): the dynamic perf type to open it with, one CPU per socket from its
/// <c>cpumask</c> (an uncore PMU counts for the whole socket of the CPU it is opened on) and its config fields.
/// </summary>
/// <param name="Name">The device name, e.g. uncore_imc_0.</param>
/// <param name="Kind">The name without its instance number, e.g. uncore_imc: what an event definition names.</param>
/// <param name="Type">The value of its <c>type</c> file: perf_event_attr.type.</param>
/// <param name="Sockets">(socket, cpu) for every CPU of its cpumask, in cpumask order.</param>
/// <param name="Format">Its <c>format/</c> fields.</param>
internal sealed record UncorePmu(string Name, string Kind, uint Type, IReadOnlyList<(int Socket, int Cpu)> Sockets, PmuFormat Format)
{
    /// <summary>The kind of a device name: uncore_imc_3 → uncore_imc; a single-instance PMU (uncore_iio_free) is its own kind.</summary>
    public static string KindOf(string name)
    {
        var underscore = name.LastIndexOf('_');
        if (underscore <= 0 || underscore == name.Length - 1) return name;
        foreach (var c in name.AsSpan(underscore + 1))
            if (!char.IsAsciiDigit(c)) return name;
        return name[..underscore];
    }
}
