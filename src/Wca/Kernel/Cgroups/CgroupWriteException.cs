namespace Wca.Kernel.Cgroups;

/// <summary>A cgroup file did not take a value (or could not be read back): the message names the file, the value and the errno.</summary>
public sealed class CgroupWriteException : IOException
{
    /// <param name="value">The value being written; null for a plain read.</param>
    /// <param name="step">What failed: "open", "write", "read back", "read" or why the file cannot be found.</param>
    public CgroupWriteException(string path, string? value, int errno, string step)
        : base(value is null
            ? $"Cannot read {path}: {step} failed: {Kernel.Errno.Describe(errno)} (errno {errno})"
            : $"Cannot write \"{value}\" to {path}: {step} failed: {Kernel.Errno.Describe(errno)} (errno {errno})")
    {
        Path = path;
        Value = value;
        Errno = errno;
    }

    /// <summary>The cgroup file.</summary>
    public string Path { get; }

    /// <summary>The value being written; null for a read.</summary>
    public string? Value { get; }

    public int Errno { get; }
}
