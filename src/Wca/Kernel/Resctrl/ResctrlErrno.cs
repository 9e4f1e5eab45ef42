namespace Wca.Kernel.Resctrl;

/// <summary>The errno values resctrl answers with (x86-64 and arm64 numbering).</summary>
internal static class ResctrlErrno
{
    public const int Enoent = 2;
    public const int Esrch = 3;
    public const int Eacces = 13;
    public const int Ebusy = 16;
    public const int Eexist = 17;
    public const int Enotdir = 20;
    public const int Einval = 22;
    public const int Enospc = 28;
    public const int Enotempty = 39;
}
