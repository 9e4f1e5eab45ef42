using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Wca.Discovery.Mesos;

/// <summary>
/// The cgroup of a Mesos executor, from <c>/proc/&lt;pid&gt;/cgroup</c>: the path of the first line whose controller
/// list holds <c>cpu</c> (cgroup v1, e.g. <c>4:cpu,cpuacct:/mesos/ceab3bec-...</c>), else the cgroup v2 line
/// (<c>0::/...</c>). The same path serves every hierarchy the agent measures. One reader per node: its buffer is
/// reused, so a poll of hundreds of tasks allocates only the paths it finds.
/// </summary>
internal sealed class MesosExecutorCgroup(string procRoot)
{
    private byte[] _buffer = new byte[4096];
    // The path found last per pid: an executor's cgroup does not change, so the same string is handed back.
    private readonly Dictionary<int, string> _last = [];

    /// <summary>The cgroup path (with its leading '/'), or null with why (the executor exited, no cpu hierarchy ...).</summary>
    public string? Find(int pid, out string? problem)
    {
        var file = Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "cgroup");
        int length;
        try
        {
            using var handle = File.OpenHandle(file);
            length = ReadAll(handle);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // The executor exited between Mesos's answer and this read (a task being killed): not an error.
            _last.Remove(pid);
            problem = $"no process {pid}: {file} does not exist";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{file}: {e.Message}";
            return null;
        }
        var path = CpuPath(_buffer.AsSpan(0, length));
        if (path.IsEmpty)
        {
            problem = $"{file} names no cpu cgroup";
            return null;
        }
        // "(deleted)": the cgroup was removed while the process lingers; "/": not in a Mesos container.
        if (path.EndsWith(" (deleted)"u8) || path.SequenceEqual("/"u8))
        {
            problem = $"the executor's cgroup is '{Encoding.UTF8.GetString(path)}'";
            return null;
        }
        problem = null;
        if (_last.TryGetValue(pid, out var known) && Matches(known, path)) return known;
        var text = Encoding.UTF8.GetString(path);
        return _last[pid] = text.StartsWith('/') ? text : "/" + text;
    }

    /// <summary>Forgets the executors not in <paramref name="alive"/> (their pids may be reused).</summary>
    public void Retain(IReadOnlySet<int> alive)
    {
        if (_last.Count <= alive.Count) return;
        foreach (var pid in _last.Keys.Where(p => !alive.Contains(p)).ToArray()) _last.Remove(pid);
    }

    private int ReadAll(SafeFileHandle handle)
    {
        // procfs reports size 0: read until the end, growing for a process in very many hierarchies.
        var filled = 0;
        while (true)
        {
            if (filled == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var n = RandomAccess.Read(handle, _buffer.AsSpan(filled), filled);
            if (n == 0) return filled;
            filled += n;
        }
    }

    /// <summary>The path of the cpu line, else of the v2 line; empty when neither is there.</summary>
    private static ReadOnlySpan<byte> CpuPath(ReadOnlySpan<byte> text)
    {
        ReadOnlySpan<byte> unified = default;
        var found = false;
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'\n');
            var line = (end < 0 ? text : text[..end]).Trim(" \t\r"u8);
            text = end < 0 ? default : text[(end + 1)..];
            var first = line.IndexOf((byte)':');
            if (first < 0) continue;
            var second = line[(first + 1)..].IndexOf((byte)':');
            if (second < 0) continue;
            var controllers = line.Slice(first + 1, second);
            var path = line[(first + second + 2)..];
            if (controllers.IsEmpty)
            {
                if (!found && line[..first].SequenceEqual("0"u8))
                {
                    unified = path;
                    found = true;
                }
                continue;
            }
            foreach (var range in controllers.Split((byte)','))
                if (controllers[range].SequenceEqual("cpu"u8)) return path;
        }
        return unified;
    }

    private static bool Matches(string known, ReadOnlySpan<byte> path)
    {
        // known always starts with '/'; path may not (never seen, but tolerated).
        var offset = path.Length > 0 && path[0] == (byte)'/' ? 0 : 1;
        if (known.Length != path.Length + offset) return false;
        for (var i = 0; i < path.Length; i++)
            if (known[i + offset] != path[i] || path[i] >= 0x80) return false;
        return true;
    }
}
