using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

using Wca.Kernel;
using Wca.Kernel.Cgroups;
namespace Wca.Measurement.Cgroups;

/// <summary>
/// One cgroup file kept open for the task's lifetime and re-read each iteration with pread at offset 0
/// into a per-thread buffer; subclasses parse the bytes into samples without allocating.
/// </summary>
internal abstract class CgroupFile : IDisposable
{
    [ThreadStatic] private static byte[]? t_buffer;

    private readonly SafeFileHandle _handle;
    // The handle's descriptor, read without the handle's bookkeeping (see PositionalRead); -1 once disposed.
    private int _fd;
    private readonly string _directory;
    private readonly ILogger _log;
    private bool _complained;

    protected CgroupFile(SafeFileHandle handle, string path, ILogger log)
    {
        _handle = handle;
        _fd = (int)handle.DangerousGetHandle();
        Path = path;
        _directory = System.IO.Path.GetDirectoryName(path)!;
        _log = log;
    }

    public string Path { get; }

    /// <summary>Opens <paramref name="path"/> for reading; null when this kernel or hierarchy does not have it.</summary>
    public static SafeFileHandle? TryOpen(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads and parses the file into <paramref name="sample"/>; false when the cgroup is gone.</summary>
    public bool Collect(TaskSample sample)
    {
        var buffer = t_buffer ??= new byte[16 * 1024];
        int length;
        while (true)
        {
            length = PositionalRead.FromStart(_fd, buffer);
            if (length < 0)
            {
                // A removed cgroup answers ENODEV; anything else with the directory still present is this file's problem only.
                if (!Directory.Exists(_directory)) return false;
                Complain("cannot be read: {Error}", Marshal.GetPInvokeErrorMessage(-length));
                return true;
            }
            if (length < buffer.Length) break;
            t_buffer = buffer = new byte[buffer.Length * 2];
        }
        if (!Parse(buffer.AsSpan(0, length), sample))
            Complain("has content that cannot be parsed: {Error}", System.Text.Encoding.ASCII.GetString(buffer, 0, Math.Min(length, 80)));
        return true;
    }

    /// <summary>Adds what can be parsed; false when some of the content could not be (those metrics are skipped).</summary>
    protected abstract bool Parse(ReadOnlySpan<byte> content, TaskSample sample);

    /// <summary>At most one debug line per file: a broken file must not flood the log every iteration.</summary>
    private void Complain(string what, string detail)
    {
        if (_complained) return;
        _complained = true;
#pragma warning disable CA2254 // the template is one of two constants
        _log.LogDebug("{Path} " + what, Path, detail);
#pragma warning restore CA2254
    }

    public void Dispose()
    {
        _fd = -1;
        _handle.Dispose();
    }
}
