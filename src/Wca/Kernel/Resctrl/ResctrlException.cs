namespace Wca.Kernel.Resctrl;

/// <summary>
/// A resctrl operation the kernel refused: the path, the errno and, for a command (mkdir, a schemata or tasks
/// write), the kernel's own explanation from <c>info/last_cmd_status</c> (resctrl.rst, "Info directory").
/// </summary>
public sealed class ResctrlException : IOException
{
    internal ResctrlException(string operation, string path, int errno, string? status = null)
        : base(Describe(operation, path, errno, status))
    {
        Path = path;
        Errno = errno;
        Status = status;
    }

    /// <summary>The file or directory of the refused operation.</summary>
    public string Path { get; }

    /// <summary>Why the kernel refused (errno).</summary>
    public int Errno { get; }

    /// <summary>The text of info/last_cmd_status after the refusal (trimmed); null when not read or "ok".</summary>
    public string? Status { get; }

    /// <summary>mkdir answered ENOSPC: no CLOSID (control group) or RMID (monitoring group) is left.</summary>
    public bool IsOutOfIds => Errno == ResctrlErrno.Enospc;

    private static string Describe(string operation, string path, int errno, string? status) =>
        $"{operation} {path}: {Wca.Kernel.Errno.Describe(errno)} (errno {errno})" + (status is null ? "" : $": {status}");
}
