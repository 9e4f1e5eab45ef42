namespace Wca.Api.Configuration;

/// <summary>
/// A Prometheus label name: a letter or '_' first, then letters, digits and '_' (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>), not
/// starting with <c>__</c> (reserved for Prometheus itself). Use <c>Target = ValidationTarget.Keys</c> on a label map;
/// with <c>Target = ValidationTarget.Values</c> on a map of label maps, every key of each inner map is checked.
/// A store rejects a series with an invalid name, so checking at load keeps one bad key from losing every metric.
/// </summary>
public sealed class LabelNameAttribute : ConfigValidationAttribute
{
    /// <inheritdoc/>
    public override string Expected => "a label name (a letter or '_', then letters, digits or '_'; not starting with '__')";

    /// <inheritdoc/>
    public override string? Validate(object value)
    {
        switch (value)
        {
            case string name:
                return Problem(name);
            case System.Collections.IDictionary map:
                foreach (var key in map.Keys)
                    if ((key is string s ? Problem(s) : "Invalid type: " + key.GetType().Name + ". Type must be a string.") is { } problem)
                        return problem;
                return null;
            default:
                return "Invalid type: " + value.GetType().Name + ". Type must be a string.";
        }
    }

    /// <summary>Null when <paramref name="name"/> is a valid label name, else why not.</summary>
    private static string? Problem(string name)
    {
        if (name.Length == 0) return "A label name cannot be empty.";
        if (name.StartsWith("__", StringComparison.Ordinal)) return $"'{name}' starts with '__', which Prometheus reserves for its own labels.";
        if (!IsStart(name[0])) return $"'{name}' does not start with a letter or '_'.";
        foreach (var c in name)
            if (!IsStart(c) && !char.IsAsciiDigit(c))
                return $"'{name}' contains '{c}': a label name has only letters, digits and '_'.";
        return null;
    }

    private static bool IsStart(char c) => char.IsAsciiLetter(c) || c == '_';
}
