using System.Diagnostics;

namespace Wca.Tests.TestSupport;

/// <summary>
/// The one way tests run <c>promtool check metrics</c> (Debian package prometheus) on exposition text.
/// Exit 0 is clean and 3 means lint remarks only (e.g. "counter metrics should have _total suffix" on
/// WCA's own names); exit 1 or any "parsing error" fails the test.
/// </summary>
public static class Promtool
{
    /// <summary>Fails the test unless promtool parses <paramref name="text"/>; returns promtool's remarks (empty when lint-clean).</summary>
    public static string AssertParses(string text)
    {
        using var process = Process.Start(new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        // Both pipes are drained while stdin is written: a large text cannot deadlock on a full pipe.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(text);
        process.StandardInput.Close();
        process.WaitForExit();
        var output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode is 0 or 3, $"promtool exit {process.ExitCode}: {output}");
        // Exit 3 also covers some malformed input on older promtool versions: a parsing error always fails.
        Assert.DoesNotContain("parsing error", output, StringComparison.OrdinalIgnoreCase);
        return output;
    }
}
