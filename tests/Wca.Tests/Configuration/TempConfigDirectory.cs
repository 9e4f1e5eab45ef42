namespace Wca.Tests.Configuration;

/// <summary>A private directory (/tmp/wca-test-&lt;hex&gt;) for configuration files; removed on dispose.</summary>
public sealed class TempConfigDirectory : IDisposable
{
    public TempConfigDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wca-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="yaml"/> to a new file and returns its absolute path.</summary>
    public string Write(string yaml, string name = "config.yaml")
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, yaml);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
