using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Wca.Kernel;

namespace Wca.Actuation.Rdt;

/// <summary>The kernel's resctrl: mkdir(2) and rmdir(2), and one write(2) per pid or line (resctrl.rst "Resource groups").</summary>
internal sealed partial class KernelResctrlWriter : IResctrlWriter
{
    public static readonly KernelResctrlWriter Instance = new();

    [LibraryImport("libc", EntryPoint = "mkdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkdirNative(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "rmdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RmdirNative(string path);

    public int CreateGroup(string directory) => MkdirNative(directory, 0x1ed /* 0755 */) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public int RemoveGroup(string directory) => RmdirNative(directory) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public int MoveTask(string tasksFile, int pid) => WriteOnce(tasksFile, pid.ToString(CultureInfo.InvariantCulture));

    public int WriteSchemata(string schemataFile, string line) => WriteOnce(schemataFile, line + "\n");

    private static int WriteOnce(string path, string text)
    {
        var fd = Posix.Open(path, Posix.WriteOnly);
        if (fd < 0) return -fd;
        try
        {
            var n = Posix.Write(fd, Encoding.ASCII.GetBytes(text));
            return n < 0 ? -n : 0;
        }
        finally
        {
            Posix.Close(fd);
        }
    }
}
