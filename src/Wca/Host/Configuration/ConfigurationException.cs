namespace Wca.Host.Configuration;

/// <summary>
/// A configuration file cannot be used. The message names the file, the line and column, the YAML path
/// (e.g. <c>runner.node.kubelet_endpoint</c>), what was expected and what was found.
/// </summary>
public sealed class ConfigurationException(string message, string? file = null, string? yamlPath = null, int line = 0, int column = 0, Exception? inner = null)
    : Exception(message, inner)
{
    public string? File { get; } = file;
    public string? YamlPath { get; } = yamlPath;
    /// <summary>1-based; 0 when unknown.</summary>
    public int Line { get; } = line;
    /// <summary>1-based; 0 when unknown.</summary>
    public int Column { get; } = column;
}
