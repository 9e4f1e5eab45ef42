namespace Wca.Host.Cli;

/// <summary>
/// configs/default.yaml compiled into the binary (an embedded resource), so that <c>wca</c> without <c>-c</c> runs
/// on any node and <c>wca --print-config</c> gives users a starting point.
/// </summary>
public static class EmbeddedDefaultConfig
{
    /// <summary>The resource's name (Wca.csproj's LogicalName).</summary>
    public const string ResourceName = "Wca.configs.default.yaml";

    /// <summary>How messages name it (there is no file on the node).</summary>
    public const string DisplayName = "embedded default configuration (configs/default.yaml)";

    private static readonly Lazy<string> LazyText = new(Read);

    /// <summary>The YAML text, exactly as configs/default.yaml was at build time.</summary>
    public static string Text => LazyText.Value;

    private static string Read()
    {
        using var stream = typeof(EmbeddedDefaultConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource '{ResourceName}' is missing from the wca assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Writes <see cref="Text"/> to a new file for the configuration loader, which reads files; the caller
    /// deletes it once loaded.
    /// </summary>
    public static string WriteTemporaryCopy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wca-embedded-default-{Environment.ProcessId}-{Guid.NewGuid():N}.yaml");
        // CreateNew: never follows a file someone else placed there; the text itself is public (--print-config).
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(file))
            writer.Write(Text);
        return path;
    }
}
