using Wca.Host;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Perf.Uncore;

/// <summary>
/// A sys root with the event_source tree of a 2-socket Skylake server, written from the kernel's sysfs ABI
/// (Documentation/ABI/testing/sysfs-bus-event_source-devices-format and -events) and the format strings its SKX uncore
/// driver exports (arch/x86/events/intel/uncore_snbep.c): bus/event_source/devices/&lt;pmu&gt; links to
/// devices/&lt;pmu&gt;, each with type, cpumask (one CPU per socket) and format/ files of the form
/// &lt;config word&gt;:&lt;bits&gt;. Six memory-controller channels (uncore_imc_0..5), three UPI links, and the core
/// PMUs the discovery must not pick up. The cpumask CPUs are this machine's CPUs 0 and 1 (one per socket), so a
/// perf_event_open on them reaches the kernel's answer for the fixture's PMU types.
/// </summary>
internal sealed class UncoreSysfsFixture : IDisposable
{
    /// <summary>perf types of the fixture's PMUs: far above the ones this VM registers (software 1 ... msr 10).</summary>
    public const uint FirstImcType = 40, FirstUpiType = 50;

    public const int ImcChannels = 6, UpiLinks = 3;

    private readonly TestDirectory _dir = new();

    public UncoreSysfsFixture()
    {
        for (var cpu = 0; cpu < 2; cpu++) _dir.Write($"sys/devices/system/cpu/cpu{cpu}/topology/physical_package_id", $"{cpu}\n");
        for (var i = 0; i < ImcChannels; i++)
            Pmu($"uncore_imc_{i}", FirstImcType + (uint)i, new()
            {
                ["event"] = "config:0-7", ["umask"] = "config:8-15", ["edge"] = "config:18", ["inv"] = "config:23", ["thresh"] = "config:24-31",
            }, new() { ["cas_count_read"] = "event=0x04,umask=0x03", ["cas_count_write"] = "event=0x04,umask=0x0c", ["clockticks"] = "event=0x00,umask=0x00" });
        for (var i = 0; i < UpiLinks; i++)
            Pmu($"uncore_upi_{i}", FirstUpiType + (uint)i, new()
            {
                // SKX's umask_ext: the unit mask continues above bit 31 (bit 44 is not part of it).
                ["event"] = "config:0-7", ["umask"] = "config:8-15,32-43,45-55", ["edge"] = "config:18", ["inv"] = "config:23", ["thresh"] = "config:24-31",
            }, []);
        Pmu("cpu", 4, new() { ["event"] = "config:0-7", ["umask"] = "config:8-15", ["cmask"] = "config:24-31" }, [], cpumask: null);
        Pmu("software", 1, [], [], cpumask: null);
    }

    public HostPaths Paths => HostPaths.Default with { Sys = _dir.File("sys") };

    public string Sys => _dir.File("sys");

    /// <summary>Adds (or replaces) a format file of a PMU.</summary>
    public void WriteFormat(string pmu, string field, string text) => _dir.Write($"sys/devices/{pmu}/format/{field}", text + "\n");

    /// <summary>A PMU device with its bus link, as the kernel lays them out.</summary>
    public void Pmu(string name, uint type, Dictionary<string, string> format, Dictionary<string, string> events, string? cpumask = "0,1")
    {
        _dir.Write($"sys/devices/{name}/type", $"{type}\n");
        if (cpumask is not null) _dir.Write($"sys/devices/{name}/cpumask", cpumask + "\n");
        Directory.CreateDirectory(_dir.File($"sys/devices/{name}/format"));
        foreach (var (field, text) in format) WriteFormat(name, field, text);
        foreach (var (e, text) in events) _dir.Write($"sys/devices/{name}/events/{e}", text + "\n");
        Directory.CreateDirectory(_dir.File("sys/bus/event_source/devices"));
        var link = _dir.File($"sys/bus/event_source/devices/{name}");
        if (!Path.Exists(link)) File.CreateSymbolicLink(link, $"../../../devices/{name}");
    }

    public void Dispose() => _dir.Dispose();
}
