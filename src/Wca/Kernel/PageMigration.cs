using System.Runtime.InteropServices;

namespace Wca.Kernel;

/// <summary>
/// migrate_pages(2): moves a process's pages from some NUMA nodes to others, synchronously. glibc has no wrapper
/// (libnuma does), so it goes through syscall(2) with the architecture's number.
/// </summary>
internal static partial class PageMigration
{
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static unsafe partial nint Syscall(nint number, nint pid, nint maxNode, ulong* oldNodes, ulong* newNodes);

    private static nint Number => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 256,
        Architecture.Arm64 => 238,
        var other => throw new PlatformNotSupportedException($"migrate_pages(2) has no known syscall number on {other}"),
    };

    /// <summary>
    /// Moves the pages of <paramref name="pid"/> that are on any of <paramref name="fromNodes"/> to <paramref name="toNode"/>:
    /// the number of pages that could not be moved (≥ 0), or -errno (ESRCH: the process is gone).
    /// </summary>
    public static unsafe long Migrate(int pid, IReadOnlyCollection<int> fromNodes, int toNode)
    {
        var highest = Math.Max(toNode, fromNodes.Count == 0 ? 0 : fromNodes.Max());
        var words = highest / 64 + 1;
        var from = new ulong[words];
        var to = new ulong[words];
        foreach (var node in fromNodes) from[node / 64] |= 1UL << (node % 64);
        to[toNode / 64] |= 1UL << (toNode % 64);
        fixed (ulong* f = from)
        fixed (ulong* t = to)
        {
            // maxnode is a bit count; the kernel reads maxnode - 1 bits, hence the + 1.
            var result = Syscall(Number, pid, words * 64 + 1, f, t);
            return result >= 0 ? result : -Marshal.GetLastPInvokeError();
        }
    }
}
