namespace Wca.Measurement.Perf.Uncore;

/// <summary>A PMU's <c>format/</c> directory: its named fields, each a place in a config word.</summary>
internal sealed class PmuFormat
{
    private readonly Dictionary<string, PmuFormatField> _fields;

    public PmuFormat(IEnumerable<PmuFormatField> fields) =>
        _fields = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<PmuFormatField> Fields => _fields.Values;

    public bool TryGet(string name, out PmuFormatField field) => _fields.TryGetValue(name, out field!);

    /// <summary>The field names, sorted (for messages).</summary>
    public string Names => _fields.Count == 0 ? "none" : string.Join(", ", _fields.Keys.Order(StringComparer.Ordinal));

    /// <summary>Reads every file of <paramref name="directory"/>; a file that is not in the ABI's form is a problem, the rest still count.</summary>
    public static PmuFormat Read(string directory, List<string> problems)
    {
        var fields = new List<PmuFormatField>();
        if (!Directory.Exists(directory)) return new PmuFormat(fields);
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{file}: {e.Message}");
                continue;
            }
            if (PmuFormatField.TryParse(Path.GetFileName(file), text, out var error) is { } field) fields.Add(field);
            else problems.Add($"{file}: {error}");
        }
        return new PmuFormat(fields);
    }
}
