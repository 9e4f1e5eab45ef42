namespace Wca.Tests.Packaging;

/// <summary>A systemd unit file's settings (section → key → values in order; continuation lines joined).</summary>
internal sealed class SystemdUnitFile
{
    private readonly Dictionary<(string Section, string Key), List<string>> _values = [];

    public SystemdUnitFile(string path)
    {
        var section = "";
        string? pending = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = pending is null ? raw.Trim() : pending + " " + raw.Trim();
            pending = null;
            if (line.EndsWith('\\'))
            {
                pending = line[..^1].TrimEnd();
                continue;
            }
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                section = line.Trim('[', ']');
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var key = (section, line[..eq].Trim());
            if (!_values.TryGetValue(key, out var list)) _values[key] = list = [];
            list.Add(line[(eq + 1)..].Trim());
        }
    }

    public IReadOnlyList<string> All(string section, string key) => _values.TryGetValue((section, key), out var list) ? list : [];

    public string? Single(string section, string key) => All(section, key) is [var one] ? one : null;

    public string Service(string key) => Single("Service", key) ?? throw new KeyNotFoundException($"[Service] {key} is not set once");
}
