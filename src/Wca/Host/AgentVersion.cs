using System.Reflection;

namespace Wca.Host;

/// <summary>
/// The agent's version: <c>git describe</c> of the source tree, stamped into AssemblyInformationalVersion at
/// build time (see Wca.csproj, target StampGitVersion). <c>unknown_version</c> when built without git.
/// </summary>
public static class AgentVersion
{
    public const string Unknown = "unknown_version";

    public static string Current { get; } = Read();

    private static string Read()
    {
        var value = typeof(AgentVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The SDK default (no stamp) is "1.0.0".
        return string.IsNullOrWhiteSpace(value) || value == "1.0.0" ? Unknown : value;
    }
}
