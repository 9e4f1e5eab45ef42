using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Cli;

/// <summary>The built agent (<c>dotnet wca.dll</c>, or a native executable) run as a child process, its output captured.</summary>
internal sealed class WcaProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private WcaProcess(IEnumerable<string> args, string? workingDirectory, IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string>? launcher,
        string? wcaDll, string? executable)
    {
        var program = executable ?? "dotnet";
        var start = new ProcessStartInfo(launcher is { Count: > 0 } ? launcher[0] : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoLayout.Root,
        };
        if (launcher is { Count: > 0 })
        {
            foreach (var a in launcher.Skip(1)) start.ArgumentList.Add(a);
            start.ArgumentList.Add(program);
        }
        if (executable is null) start.ArgumentList.Add(wcaDll ?? RepoLayout.WcaDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("WCA_PLUGIN_PATH");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <param name="launcher">A command that runs <c>dotnet wca.dll ...</c>, e.g. setpriv to drop privileges.</param>
    /// <param name="wcaDll">Another copy of the agent than the build output.</param>
    /// <param name="executable">A native wca (the Native AOT build) run instead of <c>dotnet wca.dll</c>.</param>
    public static WcaProcess Start(IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? launcher = null, string? wcaDll = null, string? executable = null) =>
        new(args, workingDirectory, environment, launcher, wcaDll, executable);

    /// <summary>Runs to completion (generous limit: the shared machine may be slow).</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? launcher = null, string? wcaDll = null, string? executable = null)
    {
        using var p = Start(args, workingDirectory, environment, launcher, wcaDll, executable);
        return p.WaitForExit();
    }

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public int Pid => _process.Id;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Sends SIGTERM or SIGINT to the agent.</summary>
    public void Signal(PosixSignal signal)
    {
        var number = signal switch
        {
            PosixSignal.SIGTERM => 15,
            PosixSignal.SIGINT => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(signal)),
        };
        if (Kill(_process.Id, number) != 0) throw new InvalidOperationException($"kill failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits until stdout contains <paramref name="text"/>; false if the process ended or a minute passed.</summary>
    public bool WaitForStdout(string text) => WaitFor(() => Stdout, text);

    /// <summary>Waits until stderr (where LogStorage writes by default) contains <paramref name="text"/>; false if the process ended or a minute passed.</summary>
    public bool WaitForStderr(string text) => WaitFor(() => Stderr, text);

    private bool WaitFor(Func<string> output, string text)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!output().Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline) return output().Contains(text, StringComparison.Ordinal);
            _lineArrived.Wait(TimeSpan.FromMilliseconds(200));
        }
        return true;
    }

    public (int ExitCode, string Stdout, string Stderr) WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"wca did not exit. stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
        _process.WaitForExit(); // drains the async readers
        return (_process.ExitCode, Stdout, Stderr);
    }

    private void Append(StringBuilder into, string? line)
    {
        if (line is null) return;
        lock (into) into.Append(line).Append('\n');
        _lineArrived.Release();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _lineArrived.Dispose();
    }
}
