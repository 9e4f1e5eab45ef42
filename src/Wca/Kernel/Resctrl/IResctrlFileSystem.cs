namespace Wca.Kernel.Resctrl;

/// <summary>
/// Every file operation on the resctrl filesystem goes through this seam, one call per system call the kernel sees:
/// production is plain file I/O (<see cref="ResctrlFileSystem"/>); a test's stand-in applies the kernel's rules
/// (resctrl.rst) to a folder of plain files. Errors are answered as -errno, never thrown: ESRCH on a pid write or
/// EEXIST on a mkdir are routine.
/// </summary>
internal interface IResctrlFileSystem
{
    bool FileExists(string path);

    bool DirectoryExists(string path);

    /// <summary>open, one read from offset 0 into <paramref name="buffer"/>, close: the byte count, or -errno.</summary>
    int Read(string path, Span<byte> buffer);

    /// <summary>open for writing, one write(2) of <paramref name="bytes"/> (resctrl takes one pid or one schemata line per write), close: 0, or -errno.</summary>
    int Write(string path, ReadOnlySpan<byte> bytes);

    /// <summary>mkdir(2): 0, or -errno (-EEXIST when it is there, -ENOSPC when the kernel has no CLOSID/RMID left).</summary>
    int MakeDirectory(string path);

    /// <summary>rmdir(2) of a group (resctrl removes its files and moves its tasks to the parent): 0, or -errno.</summary>
    int RemoveDirectory(string path);

    /// <summary>The names of the sub-directories of <paramref name="path"/>; null when it is not a directory.</summary>
    string[]? ListDirectories(string path);
}
