using System.Runtime.InteropServices;

namespace Wca.Kernel.Resctrl;

/// <summary>
/// Effective uid 0 around one resctrl operation when the agent runs as another user (agent-core.md §5.2): the kernel
/// lets only root (or the task's owner) move a task into a group, whatever the capabilities. Needs CAP_SETUID, and
/// the no-setuid-fixup secure bit so the capabilities survive the way back (the seed's systemd unit sets both).
/// </summary>
internal static partial class EffectiveRoot
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "seteuid", SetLastError = true)]
    private static partial int SetEuid(uint euid);

    /// <summary>Runs <paramref name="operation"/> (answering 0 or -errno) as euid 0; when the switch fails, as the agent (the kernel then answers).</summary>
    public static int Run<TState>(TState state, Func<TState, int> operation)
    {
        var euid = GetEuid();
        if (euid == 0 || SetEuid(0) != 0) return operation(state);
        try
        {
            return operation(state);
        }
        finally
        {
            SetEuid(euid);
        }
    }
}
