using System.Globalization;
using Wca.Host;
using Wca.Host.Security;

namespace Wca.Tests.Security;

public sealed class ProcessCredentialsTests
{
    private static string StatusField(string name) =>
        File.ReadLines("/proc/self/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    [Fact]
    public void Capget_returns_the_effective_set_the_kernel_reports_for_this_process()
    {
        var expected = ulong.Parse(StatusField("CapEff"), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(expected, ProcessCredentials.EffectiveCapabilities());
    }

    [Fact]
    public void Effective_uid_is_the_kernels()
    {
        // Uid: real effective saved filesystem
        var effective = uint.Parse(StatusField("Uid").Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        Assert.Equal(effective, ProcessCredentials.EffectiveUid);
    }

    [Fact]
    public void Facts_of_this_process_read_perf_event_paranoid_under_the_proc_root()
    {
        var facts = PrivilegeFacts.OfThisProcess(HostPaths.Default.Proc);
        Assert.Equal(int.Parse(File.ReadAllText("/proc/sys/kernel/perf_event_paranoid").Trim(), CultureInfo.InvariantCulture), facts.PerfEventParanoid);

        var fakeProc = Path.Combine(Path.GetTempPath(), "wca-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(fakeProc, "sys/kernel"));
            File.WriteAllText(Path.Combine(fakeProc, "sys/kernel/perf_event_paranoid"), "-1\n");
            Assert.Equal(-1, PrivilegeFacts.OfThisProcess(fakeProc).PerfEventParanoid);
            Assert.Null(PrivilegeFacts.OfThisProcess(Path.Combine(fakeProc, "missing")).PerfEventParanoid);
        }
        finally
        {
            Directory.Delete(fakeProc, recursive: true);
        }
    }

    [Fact]
    public void Has_tests_the_capability_bit()
    {
        Assert.True(ProcessCredentials.Has(0x82, LinuxCapability.Setuid));
        Assert.True(ProcessCredentials.Has(0x82, LinuxCapability.DacOverride));
        Assert.False(ProcessCredentials.Has(0x80, LinuxCapability.DacOverride));
    }
}
