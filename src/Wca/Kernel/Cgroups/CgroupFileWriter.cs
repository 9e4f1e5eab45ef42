using System.Text;

namespace Wca.Kernel.Cgroups;

/// <summary>
/// One cgroup value written as the kernel wants it: open, a single write(2) of the text without a trailing newline,
/// close. The kernel answers a refused value on the write (EINVAL, EBUSY, EACCES ...), which is returned, not thrown:
/// a refused allocation is routine for the agent.
/// </summary>
internal static class CgroupFileWriter
{
    /// <summary>0, or the errno of the open or the write.</summary>
    public static int Write(string path, string value)
    {
        var fd = Posix.Open(path, Posix.WriteOnlyTruncate);
        if (fd < 0) return -fd;
        try
        {
            var written = Posix.Write(fd, Encoding.UTF8.GetBytes(value));
            return written < 0 ? -written : 0;
        }
        finally
        {
            Posix.Close(fd);
        }
    }
}
