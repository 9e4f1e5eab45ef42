using System.Diagnostics;

namespace Wca.Tests.Storage;

/// <summary>Runs <c>promtool check metrics</c> (Debian package prometheus) on exposition text.</summary>
public static class Promtool
{
    /// <summary>
    /// Fails the test when promtool cannot parse <paramref name="text"/>. Exit code 3 (lint remarks such
    /// as "counter metrics should have _total suffix" on WCA's own names) is accepted; 1 is a parse error.
    /// </summary>
    public static string AssertParses(string text)
    {
        using var process = Process.Start(new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(text);
        process.StandardInput.Close();
        process.WaitForExit();
        var output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode is 0 or 3, $"promtool exit {process.ExitCode}: {output}");
        // Lint remarks name metrics (wca_error_count ...): only a parsing error fails.
        Assert.DoesNotContain("parsing error", output, StringComparison.OrdinalIgnoreCase);
        return output;
    }
}
