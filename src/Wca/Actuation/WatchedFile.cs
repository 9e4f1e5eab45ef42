using Wca.Kernel;

namespace Wca.Actuation;

/// <summary>
/// One cgroup file an actuator reads every iteration: its path, kept-open descriptor, inotify watch and the value
/// last read from it, which stays <see cref="Fresh"/> until the file is written (see <see cref="WatchedCgroupFiles"/>).
/// </summary>
internal sealed class WatchedFile(string path)
{
    public string Path { get; } = path;

    public KernelFile? File { get; set; }

    /// <summary>The inotify watch descriptor; -1 when not watched (then it is read every time).</summary>
    public int Watch { get; set; } = -1;

    /// <summary>The parsed value below is what the kernel holds: no write to the file since it was read.</summary>
    public bool Fresh { get; set; }

    /// <summary>The value as a number (cpu.max: the quota).</summary>
    public long Number { get; set; }

    /// <summary>cpu.max: the period.</summary>
    public long Number2 { get; set; }

    /// <summary>The value as text (cpuset lists), reused while the bytes stay the same.</summary>
    public string? Text { get; set; }

    public byte[] TextBytes { get; set; } = [];

    /// <summary>cgroup2 cpusets: the <c>.effective</c> file that applies when this one is empty (read every time: it follows the parent).</summary>
    public WatchedFile? Effective { get; init; }
}
