using Wca.Hosting;

namespace Wca.Configuration;

/// <summary>Reads a YAML configuration file into constructed components.</summary>
public static class ConfigurationLoader
{
    /// <summary>
    /// Loads <paramref name="path"/>. Throws <see cref="ConfigurationException"/> for anything wrong with the
    /// file; constructs components but never lets them touch cgroups, files or sockets.
    /// </summary>
    /// <param name="getEnvironmentVariable">Used for ${NAME} and !Env; defaults to the process environment.</param>
    public static AgentConfiguration Load(string path, ComponentRegistry registry, AgentServices services,
        Func<string, string?>? getEnvironmentVariable = null) => throw new NotImplementedException();
}
