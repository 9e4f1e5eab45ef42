using Microsoft.Extensions.Logging;
using Wca.Kernel;

namespace Wca.Actuation;

/// <summary>
/// The cgroup files every actuator of a runner reads each iteration (quota, period, shares, cpusets), watched with one
/// inotify instance: a value read once is reused until its file is written, by the agent or anyone else, so a node
/// whose allocations do not change costs one read(2) of the inotify descriptor per iteration instead of six pread(2)s
/// per task. Every <see cref="FullReadEvery"/> iterations, and whenever the kernel's event queue overflowed, every
/// file is read again: that also catches what changes without a write (v1 cpusets shrunk by CPU hot-unplug). Without
/// inotify (no instance, or fs.inotify.max_user_watches reached: said once) files are simply read every iteration.
/// </summary>
internal sealed partial class WatchedCgroupFiles : IDisposable
{
    /// <summary>Iterations between two reads of every file whatever the events say (a minute at the default 5 s).</summary>
    public const int FullReadEvery = 12;

    private const int Enospc = 28;

    private readonly ILogger _log;
    private readonly FileChangeWatch? _watch;
    private readonly Dictionary<int, List<WatchedFile>> _byWatch = [];
    private readonly List<int> _written = [], _gone = [];
    private int _sinceFullRead;
    private bool _exhausted;

    public WatchedCgroupFiles(ILogger log)
    {
        _log = log;
        _watch = FileChangeWatch.TryCreate(out var errno);
        if (_watch is null) Log.NoInotify(_log, Errno.Describe(errno), errno);
    }

    /// <summary>Files watched now.</summary>
    public int Count { get; private set; }

    /// <summary>Before an iteration's reads: files written since the last iteration are read again.</summary>
    public void Refresh()
    {
        if (_watch is null || _byWatch.Count == 0) return;
        _written.Clear();
        _gone.Clear();
        var complete = _watch.Drain(_written, _gone);
        if (!complete || ++_sinceFullRead >= FullReadEvery)
        {
            _sinceFullRead = 0;
            foreach (var files in _byWatch.Values)
                foreach (var file in files) file.Fresh = false;
        }
        foreach (var wd in _written)
            if (_byWatch.TryGetValue(wd, out var files))
                foreach (var file in files) file.Fresh = false;
        foreach (var wd in _gone)
        {
            if (!_byWatch.Remove(wd, out var files)) continue;
            foreach (var file in files)
            {
                file.Fresh = false;
                file.Watch = -1;
                Count--;
            }
        }
    }

    /// <summary>Starts watching <paramref name="file"/> (before its first read, so that no write in between is missed).</summary>
    public void Watch(WatchedFile file)
    {
        if (_watch is null || file.Watch >= 0) return;
        var wd = _watch.Add(file.Path);
        if (wd < 0)
        {
            if (-wd == Enospc && !_exhausted)
            {
                _exhausted = true;
                Log.WatchesExhausted(_log, Count, file.Path);
            }
            return;
        }
        file.Watch = wd;
        if (!_byWatch.TryGetValue(wd, out var files)) _byWatch[wd] = files = new List<WatchedFile>(1);
        files.Add(file);
        Count++;
    }

    /// <summary>Stops watching <paramref name="file"/> (its task is gone or moved).</summary>
    public void Unwatch(WatchedFile file)
    {
        file.Fresh = false;
        if (file.Watch < 0) return;
        if (_byWatch.TryGetValue(file.Watch, out var files) && files.Remove(file))
        {
            Count--;
            if (files.Count == 0)
            {
                _byWatch.Remove(file.Watch);
                _watch!.Remove(file.Watch);
            }
        }
        file.Watch = -1;
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _byWatch.Clear();
        Count = 0;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3205, Level = LogLevel.Warning,
            Message = "No inotify instance for the allocation reads ({Error}, errno {Errno}; fs.inotify.max_user_instances): every task's cgroup allocation files are read every iteration")]
        public static partial void NoInotify(ILogger logger, string error, int errno);

        [LoggerMessage(EventId = 3206, Level = LogLevel.Warning,
            Message = "fs.inotify.max_user_watches is reached after {Watched} cgroup files (at {Path}): files beyond it are read every iteration; raise the sysctl to let them be read only when written")]
        public static partial void WatchesExhausted(ILogger logger, int watched, string path);
    }
}
