namespace Wca.Host.Cli;

/// <summary>
/// What the setcap hints name. Capabilities granted to a file apply to every program that file runs: on the shared
/// <c>dotnet</c> host (<c>dotnet wca.dll</c>) they would reach every .NET program of the node, so the hint then
/// names the single-file build instead.
/// </summary>
public static class AgentExecutable
{
    /// <summary>Stands for the agent binary when this process is a shared host.</summary>
    public const string SingleFileBuildPlaceholder = "<the single-file wca from `make dist`, not the shared dotnet host>";

    /// <summary>This process's agent binary, or <see cref="SingleFileBuildPlaceholder"/>.</summary>
    public static string ForSetcapHint() => ForSetcapHint(Environment.ProcessPath, AppContext.BaseDirectory);

    /// <param name="processPath">The running executable (Environment.ProcessPath).</param>
    /// <param name="appDirectory">Where the agent's own files are (AppContext.BaseDirectory).</param>
    public static string ForSetcapHint(string? processPath, string appDirectory)
    {
        if (string.IsNullOrEmpty(processPath)) return SingleFileBuildPlaceholder;
        // The agent's own executable (Native AOT, single-file, or the apphost of a framework-dependent build) lives
        // in the application directory; a shared host (dotnet) lives in its runtime's directory.
        var isDotnetHost = Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var inAppDirectory = string.Equals(Path.GetDirectoryName(Path.GetFullPath(processPath)),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(appDirectory)), StringComparison.Ordinal);
        return !isDotnetHost && inAppDirectory ? processPath : SingleFileBuildPlaceholder;
    }
}
