namespace Wca.Host.Configuration;

/// <summary>The one format of every configuration error: where (file, line, column, YAML path), then what.</summary>
internal static class ConfigurationErrors
{
    public static string Format(string file, int line, int column, string? yamlPath, string message) =>
        line > 0
            ? $"{file}, line {line}, column {column}{(string.IsNullOrEmpty(yamlPath) ? "" : $", at '{yamlPath}'")}: {message}"
            : $"{file}{(string.IsNullOrEmpty(yamlPath) ? "" : $", at '{yamlPath}'")}: {message}";
}
