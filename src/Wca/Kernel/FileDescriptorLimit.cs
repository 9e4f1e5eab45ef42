using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Wca.Kernel;

/// <summary>
/// RLIMIT_NOFILE of the agent: the soft limit is raised to the hard one at start-up, because perf counters take
/// tasks × containers × CPUs × events descriptors and a 1024 soft limit is common while the hard limit is not.
/// </summary>
internal static partial class FileDescriptorLimit
{
    private const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, in RLimit limit);

    /// <summary>The soft and hard limits now (ulong.MaxValue = unlimited).</summary>
    public static (ulong Soft, ulong Hard) Current()
    {
        if (GetRLimit(RlimitNofile, out var limit) != 0) return (0, 0);
        return (limit.Current, limit.Maximum);
    }

    /// <summary>Raises the soft limit to the hard limit; answers the soft limit in force afterwards.</summary>
    public static ulong RaiseSoftToHard()
    {
        if (GetRLimit(RlimitNofile, out var limit) != 0) return 0;
        if (limit.Current >= limit.Maximum) return limit.Current;
        var raised = new RLimit { Current = limit.Maximum, Maximum = limit.Maximum };
        return SetRLimit(RlimitNofile, raised) == 0 ? limit.Maximum : limit.Current;
    }

    /// <summary>Raises the soft limit to the hard one and says so (at start-up, before anything is opened).</summary>
    public static void RaiseAtStart(ILogger log)
    {
        var (before, hard) = Current();
        var now = RaiseSoftToHard();
        if (now != before) Log.Raised(log, before, now);
        else if (now < hard) Log.NotRaised(log, before, hard);
    }

    /// <summary>How many descriptors this process has open (entries of /proc/self/fd, minus the one listing it).</summary>
    public static int OpenCount(string procRoot = "/proc")
    {
        try
        {
            return Math.Max(0, Directory.GetFileSystemEntries(Path.Combine(procRoot, "self", "fd")).Length - 1);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
