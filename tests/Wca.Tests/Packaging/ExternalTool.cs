using System.Diagnostics;

namespace Wca.Tests.Packaging;

/// <summary>Runs a command-line tool to completion (generous limit: the shared machine may be slow).</summary>
internal static class ExternalTool
{
    public static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in 15 minutes");
        }
        return (process.ExitCode, stdout + stderr.Result);
    }
}
