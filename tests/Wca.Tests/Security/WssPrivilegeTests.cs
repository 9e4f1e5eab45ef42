using Wca.Host.Security;

namespace Wca.Tests.Security;

/// <summary>
/// Working set size reads other users' /proc/&lt;pid&gt;/smaps (ptrace_may_access, PTRACE_MODE_READ: CAP_SYS_PTRACE) and,
/// with resets, writes their clear_refs (0200, owned by the process's user: CAP_DAC_OVERRIDE). The real start as
/// nobody is in NonRootStartTests.
/// </summary>
public sealed class WssPrivilegeTests
{
    private const ulong DacOverride = 1UL << 1, SysPtrace = 1UL << 19;
    private const PrivilegeNeeds Wss = PrivilegeNeeds.ProcessMemoryReads | PrivilegeNeeds.ReferencedBitsResets;

    private static readonly Dictionary<PrivilegeNeeds, string> Causes = new()
    {
        [PrivilegeNeeds.ProcessMemoryReads] = "wss_reset_cycles: 20",
        [PrivilegeNeeds.ReferencedBitsResets] = "wss_reset_cycles: 20",
    };

    private static (PrivilegeVerdict Verdict, string? Message) Check(ulong caps, PrivilegeNeeds needs) =>
        PrivilegeCheck.Evaluate(new PrivilegeFacts(1000, caps, 2), needs, false, "/usr/bin/wca", Causes);

    [Fact]
    public void Smaps_reads_need_CAP_SYS_PTRACE_and_resets_CAP_DAC_OVERRIDE()
    {
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(SysPtrace, PrivilegeNeeds.ProcessMemoryReads));
        Assert.Equal((PrivilegeVerdict.Sufficient, null), Check(SysPtrace | DacOverride, Wss));
        Assert.Equal(PrivilegeVerdict.Insufficient, Check(DacOverride, PrivilegeNeeds.ProcessMemoryReads).Verdict);
        Assert.Equal(PrivilegeVerdict.Insufficient, Check(SysPtrace, Wss).Verdict);
    }

    [Fact]
    public void The_message_names_wss_reset_cycles_both_capabilities_and_one_setcap_command()
    {
        var (verdict, message) = Check(0, Wss);
        Assert.Equal(PrivilegeVerdict.Insufficient, verdict);
        Assert.Equal("Insufficient privileges for uid 1000: "
            + "smaps reads of other users' processes (wss_reset_cycles: 20) need CAP_SYS_PTRACE; "
            + "clear_refs writes (wss_reset_cycles: 20) need CAP_DAC_OVERRIDE: grant them with `setcap cap_dac_override,cap_sys_ptrace+ep /usr/bin/wca` "
            + "or AmbientCapabilities=CAP_DAC_OVERRIDE CAP_SYS_PTRACE in the systemd unit. Alternatively run as root with --root.", message);

        var (_, readsOnly) = Check(DacOverride, Wss);
        Assert.Contains("smaps reads of other users' processes (wss_reset_cycles: 20) need CAP_SYS_PTRACE: grant it with `setcap cap_sys_ptrace+ep /usr/bin/wca`", readsOnly);
        Assert.DoesNotContain("clear_refs", readsOnly);
    }

    [Fact]
    public void Every_single_need_is_named_in_the_causes()
    {
        Assert.Equal(Enum.GetValues<PrivilegeNeeds>().Where(n => n != PrivilegeNeeds.None), PrivilegeCheck.SingleNeeds);
    }
}
