using System.Runtime.InteropServices;

namespace Wca.Host.Cli;

/// <summary>
/// The Native AOT wca cannot load plugin assemblies, so a command line with <c>--register</c> continues in the JIT
/// build installed next to it (<c>wca-jit</c>, same options) by exec: the same process (PID, systemd unit,
/// capabilities), only the plugin-capable runtime. Without <c>wca-jit</c> it is a start-up error that says so.
/// </summary>
internal static partial class JitBuildHandoff
{
    public const string FileName = "wca-jit";

    /// <summary>Execs wca-jit with <paramref name="args"/>; returns only when that is impossible (exit code).</summary>
    public static int Continue(string[] args)
    {
        var self = Environment.ProcessPath ?? "wca";
        var jit = Path.Combine(Path.GetDirectoryName(self) ?? ".", FileName);
        if (!File.Exists(jit))
        {
            Console.Error.WriteLine($"wca: error: --register needs the plugin-capable build: this wca ({self}) is a Native AOT "
                + $"executable, which cannot load .NET assemblies, and '{jit}' was not found. Install wca-jit next to wca "
                + "(`make dist` builds both), or run the JIT build directly.");
            return ExitCodes.StartupError;
        }
        Console.Out.Flush();
        Console.Error.Flush();
        string?[] argv = [jit, .. args, null];
        Exec(jit, argv);
        Console.Error.WriteLine($"wca: error: cannot run '{jit}' for --register: {Marshal.GetLastPInvokeErrorMessage()}");
        return ExitCodes.StartupError;
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Exec(string path, string?[] argv);
}
