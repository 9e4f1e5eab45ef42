namespace Wca.Kernel.Perf;

/// <summary>
/// One perf event group on one CPU: a leader and its members, counting together, read in one read(2) of the
/// leader. Opened for a cgroup (<see cref="OpenForCgroup"/>: the task counters) or for a pid, where pid -1 counts
/// everything on the CPU (<see cref="OpenForProcess"/>: an uncore PMU on a socket's CPU). Opening resets and
/// enables the group unless told not to. Not thread-safe; dispose closes every descriptor.
/// </summary>
internal sealed class PerfEventGroup : IDisposable
{
    /// <summary>The read_format of every leader: the whole group in one read, with its times and the ids.</summary>
    public const PerfReadFormat GroupFormat =
        PerfReadFormat.Group | PerfReadFormat.TotalTimeEnabled | PerfReadFormat.TotalTimeRunning | PerfReadFormat.Id;

    private readonly int[] _fds;

    private PerfEventGroup(int[] fds, int cpu)
    {
        _fds = fds;
        Cpu = cpu;
    }

    /// <summary>The CPU the group counts on.</summary>
    public int Cpu { get; }

    /// <summary>Number of events (= descriptors) in the group.</summary>
    public int Count => _fds.Length;

    /// <summary>The buffer length, in 64-bit words, <see cref="TryRead"/> needs: 3 + 2 per event.</summary>
    public int ReadWords => WordsFor(_fds.Length);

    /// <summary>The read length in words of a group of <paramref name="events"/> events.</summary>
    public static int WordsFor(int events) => 3 + 2 * events;

    /// <summary>
    /// Opens <paramref name="attrs"/> (leader first) counting the cgroup whose directory is open as
    /// <paramref name="cgroupFd"/>, on <paramref name="cpu"/>. Throws <see cref="PerfEventException"/> naming the
    /// event that failed (from <paramref name="names"/>), after closing what it opened.
    /// </summary>
    public static PerfEventGroup OpenForCgroup(int cgroupFd, int cpu, ReadOnlySpan<PerfEventAttr> attrs, IReadOnlyList<string> names, bool enable = true) =>
        Open(cgroupFd, cpu, PerfNative.FlagPidCgroup, attrs, names, enable);

    /// <summary>As <see cref="OpenForCgroup"/> for process <paramref name="pid"/> (0 = this one, -1 = every process on <paramref name="cpu"/>).</summary>
    public static PerfEventGroup OpenForProcess(int pid, int cpu, ReadOnlySpan<PerfEventAttr> attrs, IReadOnlyList<string> names, bool enable = true) =>
        Open(pid, cpu, 0, attrs, names, enable);

    private static PerfEventGroup Open(int pid, int cpu, ulong flags, ReadOnlySpan<PerfEventAttr> attrs, IReadOnlyList<string> names, bool enable)
    {
        if (attrs.Length == 0) throw new ArgumentException("a perf event group needs at least one event", nameof(attrs));
        if (names.Count != attrs.Length) throw new ArgumentException("one name per event", nameof(names));
        var fds = new int[attrs.Length];
        var opened = 0;
        try
        {
            for (var i = 0; i < attrs.Length; i++)
            {
                var attr = attrs[i];
                attr.Size = PerfEventAttr.SizeVer8;
                attr.ReadFormat = GroupFormat;
                // The leader starts disabled and is enabled (with its members) once all are open; a member is never
                // disabled on its own, it counts whenever its leader does.
                attr.Flags = i == 0 ? attr.Flags | PerfAttrFlags.Disabled : attr.Flags & ~PerfAttrFlags.Disabled;
                // Members take the leader's target too (as perf stat -G does): a process-mode member must name the
                // same task, and a cgroup member then carries the cgroup's own time accounting.
                var fd = PerfNative.Open(attr, pid, cpu, i == 0 ? -1 : fds[0], flags);
                if (fd < 0) throw new PerfEventException(names[i], i, cpu, -fd);
                fds[i] = fd;
                opened++;
            }
            var group = new PerfEventGroup(fds, cpu);
            if (enable)
            {
                group.Control(PerfNative.IocReset, names[0], "reset");
                group.Control(PerfNative.IocEnable, names[0], "enable");
            }
            return group;
        }
        catch
        {
            for (var i = opened - 1; i >= 0; i--) Posix.Close(fds[i]);
            throw;
        }
    }

    /// <summary>Starts the whole group counting.</summary>
    public void Enable() => Control(PerfNative.IocEnable, "leader", "enable");

    /// <summary>Stops the whole group.</summary>
    public void Disable() => Control(PerfNative.IocDisable, "leader", "disable");

    /// <summary>Sets every count of the group to zero (times go on).</summary>
    public void Reset() => Control(PerfNative.IocReset, "leader", "reset");

    private void Control(ulong request, string name, string operation)
    {
        var r = PerfNative.Ioctl(_fds[0], request, PerfNative.IocFlagGroup);
        if (r < 0) throw new PerfEventException(name, 0, Cpu, -r, "ioctl " + operation);
    }

    /// <summary>
    /// Reads the group in one read(2) of the leader into <paramref name="buffer"/> (at least <see cref="ReadWords"/>
    /// words; nothing is allocated). False with the errno when the read fails or is short.
    /// </summary>
    public bool TryRead(Span<ulong> buffer, out PerfGroupReading reading, out int errno)
    {
        reading = default;
        var words = ReadWords;
        if (buffer.Length < words) throw new ArgumentException($"a read of this group needs {words} words", nameof(buffer));
        var n = PerfNative.Read(_fds[0], buffer[..words]);
        if (n < 0)
        {
            errno = -n;
            return false;
        }
        if (n != words * sizeof(ulong) || (int)buffer[0] != _fds.Length)
        {
            errno = 5; // EIO: the kernel's record does not match this group
            return false;
        }
        errno = 0;
        reading = new PerfGroupReading(buffer[..words]);
        return true;
    }

    public void Dispose()
    {
        // Members first, then the leader (the order the original closed them in; the kernel accepts any).
        for (var i = _fds.Length - 1; i >= 0; i--)
        {
            if (_fds[i] < 0) continue;
            Posix.Close(_fds[i]);
            _fds[i] = -1;
        }
    }
}
