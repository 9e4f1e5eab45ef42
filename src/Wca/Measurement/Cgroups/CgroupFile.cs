using Microsoft.Extensions.Logging;
using Wca.Host.Logging;
using Wca.Kernel;

namespace Wca.Measurement.Cgroups;

/// <summary>
/// One cgroup file kept open for the task's lifetime and re-read each iteration into the thread's buffer (a
/// <see cref="KernelFile"/>); subclasses parse the bytes into samples without allocating. A read failure is handed to the source, which
/// tells a removed cgroup from a replaced one from a broken file; a broken file is logged once per distinct
/// failure and once when it works again.
/// </summary>
internal abstract partial class CgroupFile : KernelFile
{
    private const string Unparsable = "unparsable";

    private readonly ILogger _log;
    // Made on the first failure: most files never fail, and a node has thousands of them.
    private FailureLatch? _failure;
    // The errno of a read that failed right after a fresh open: this file's own problem, not worth reopening the cgroup for.
    private int _brokenErrno;

    /// <param name="path">The file.</param>
    /// <param name="fd">Its descriptor, from <see cref="Open"/>.</param>
    /// <param name="log">Where a broken file is reported.</param>
    protected CgroupFile(string path, int fd, ILogger log) : base(path, fd)
    {
        _log = log;
        Directory = System.IO.Path.GetDirectoryName(path)!;
    }

    /// <summary>The cgroup directory the file is in.</summary>
    public string Directory { get; }

    /// <summary>Opens <paramref name="path"/> for reading: the descriptor, or -errno when this kernel or hierarchy does not have it.</summary>
    public static int Open(string path) => Posix.Open(path, Posix.ReadOnly);

    /// <summary>Reads and parses the file into <paramref name="sample"/>: 0, or the errno of a failed read (nothing added).</summary>
    public int Collect(TaskSample sample)
    {
        var n = Read(out var content);
        if (n < 0) return -n;
        if (Parse(content, sample))
        {
            // Read before written: thousands of files pass here every iteration, and a write would dirty each one's line.
            if (_failure is { IsFailing: true } && _failure.Clear(out var repeats)) Log.Recovered(_log, Path, repeats);
            if (_brokenErrno != 0) _brokenErrno = 0;
        }
        else if ((_failure ??= new FailureLatch()).Fail(Unparsable))
        {
            Log.CannotParse(_log, Path, System.Text.Encoding.ASCII.GetString(content[..Math.Min(content.Length, 80)]));
        }
        return 0;
    }

    /// <summary>Whether a read failing with <paramref name="errno"/> is this file's known own failure (ENODEV never is: the cgroup went).</summary>
    public bool IsKnownBroken(int errno) => errno == _brokenErrno && errno != Posix.Enodev;

    /// <summary>The read failed right after a fresh open: the file itself is broken. Logged once per distinct error.</summary>
    public void ReportBroken(int errno)
    {
        _brokenErrno = errno;
        var error = Errno.Describe(errno);
        if ((_failure ??= new FailureLatch()).Fail(error)) Log.CannotRead(_log, Path, error);
    }


    /// <summary>Adds what can be parsed; false when some of the content could not be (those metrics are skipped).</summary>
    protected abstract bool Parse(ReadOnlySpan<byte> content, TaskSample sample);
}
