using Wca.Kernel;

namespace Wca.Measurement.Rdt;

/// <summary>Reads the thread ids of a cgroup (v1 <c>tasks</c>, v2 <c>cgroup.threads</c>) into a reused list, without strings.</summary>
internal static class ThreadIdList
{
    [ThreadStatic] private static byte[]? t_buffer;

    /// <summary>Appends the ids in <paramref name="path"/> to <paramref name="into"/>; false when the file cannot be read (the cgroup is gone).</summary>
    public static bool AppendTo(string path, List<int> into)
    {
        var fd = Posix.Open(path, Posix.ReadOnly);
        if (fd < 0) return false;
        try
        {
            var buffer = t_buffer ??= new byte[16 * 1024];
            int n;
            while ((n = PositionalRead.FromStart(fd, buffer)) == buffer.Length) buffer = t_buffer = new byte[buffer.Length * 2];
            if (n < 0) return false;
            ReadOnlySpan<byte> text = buffer.AsSpan(0, n);
            while (KernelText.NextLine(ref text, out var line))
                if (KernelText.TryParseLong(line, out var id)) into.Add((int)id);
            return true;
        }
        finally
        {
            Posix.Close(fd);
        }
    }
}
