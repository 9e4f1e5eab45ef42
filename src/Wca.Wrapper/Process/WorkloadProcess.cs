using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Wca.Wrapper.Process;

/// <summary>
/// The workload, started as the original does (wrapper.md §4.2): argv = the command's tokens looked up in PATH, or
/// <c>/bin/sh -c</c> followed by all tokens with <c>--subprocess_shell</c>; stdin, environment and working directory
/// inherited. Only the parsed stream is a pipe: the other one is the wrapper's own (inherited), so the child can never
/// block on an undrained pipe (the original's deadlock) and its other output stays visible.
/// </summary>
internal sealed partial class WorkloadProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;

    private WorkloadProcess(System.Diagnostics.Process process, Stream output)
    {
        _process = process;
        Output = output;
    }

    /// <summary>The parsed stream (the child's stdout or stderr), raw bytes.</summary>
    public Stream Output { get; }

    public int Id => _process.Id;

    /// <summary>The executed argv (after the shell-mode rewrite).</summary>
    public static List<string> Argv(IReadOnlyList<string> tokens, bool shell) => shell ? ["/bin/sh", "-c", .. tokens] : [.. tokens];

    /// <exception cref="Win32Exception">The program cannot be executed (not found, not executable).</exception>
    public static WorkloadProcess Start(IReadOnlyList<string> argv, bool parseStderr)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = !parseStderr,
            RedirectStandardError = parseStderr,
        };
        foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a);
        var process = System.Diagnostics.Process.Start(start)!;
        return new WorkloadProcess(process, parseStderr ? process.StandardError.BaseStream : process.StandardOutput.BaseStream);
    }

    /// <summary>Sends <paramref name="signal"/> to the child (if it still runs).</summary>
    public void Signal(PosixSignal signal)
    {
        var number = signal switch
        {
            PosixSignal.SIGTERM => 15,
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGQUIT => 3,
            PosixSignal.SIGHUP => 1,
            _ => throw new ArgumentOutOfRangeException(nameof(signal)),
        };
        if (!_process.HasExited) _ = Kill(_process.Id, number);
    }

    /// <summary>Waits for the child; its exit status (128 + N when killed by signal N).</summary>
    public int WaitForExit()
    {
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>; the exit status.</summary>
    public int Terminate(TimeSpan grace)
    {
        Signal(PosixSignal.SIGTERM);
        if (!_process.WaitForExit(grace)) _process.Kill();
        return WaitForExit();
    }

    public void Dispose()
    {
        Output.Dispose();
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
