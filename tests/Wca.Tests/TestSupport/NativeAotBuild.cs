using System.Diagnostics;

namespace Wca.Tests.TestSupport;

/// <summary>
/// The Native AOT wca (what `make dist` ships as dist/wca), published once per test run into the test output
/// folder. Publishing is incremental, so a run without source changes only pays for the up-to-date check.
/// </summary>
internal static class NativeAotBuild
{
    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Path of the native executable; publishes on first use (about 30 s, more on a fresh NuGet cache).</summary>
    public static string Executable => Published.Value;

    private static string Publish()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "native-aot");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoLayout.Root,
        };
        foreach (var a in new[] { "publish", "src/Wca/Wca.csproj", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "-nologo" })
            start.ArgumentList.Add(a);
        // The test host's MSBuild variables would point the nested build at the test run's own MSBuild node.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToArray())
            start.Environment.Remove(key);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet publish -p:PublishAot=true did not finish in 10 minutes");
        }
        var executable = Path.Combine(output, "wca");
        if (process.ExitCode != 0 || !File.Exists(executable))
            throw new InvalidOperationException($"Native AOT publish failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return executable;
    }
}
