namespace Wca.Pipeline;

/// <summary>
/// Turns an orchestrator label key into a Prometheus label name, as the reference does (agent-core.md §6.4):
/// a key starting with <c>org.apache.</c> loses every occurrence of it, then a key starting with
/// <c>aurora.metadata.</c> loses every occurrence of that, then every '.' becomes '_'. Beyond the reference,
/// any other character not allowed in a label name also becomes '_' and a leading digit gets a '_' prefix,
/// so the exposition stays valid. Values are never touched.
/// </summary>
internal static class TaskLabelSanitizer
{
    private const string ApachePrefix = "org.apache.";
    private const string AuroraPrefix = "aurora.metadata.";

    public static string Sanitize(string key)
    {
        if (key.StartsWith(ApachePrefix, StringComparison.Ordinal)) key = key.Replace(ApachePrefix, "", StringComparison.Ordinal);
        if (key.StartsWith(AuroraPrefix, StringComparison.Ordinal)) key = key.Replace(AuroraPrefix, "", StringComparison.Ordinal);
        if (IsValidLabelName(key)) return key;
        return string.Create(key.Length + (key.Length == 0 || char.IsAsciiDigit(key[0]) ? 1 : 0), key, static (span, k) =>
        {
            var offset = span.Length - k.Length;
            if (offset == 1) span[0] = '_';
            for (var i = 0; i < k.Length; i++) span[offset + i] = IsLabelChar(k[i]) ? k[i] : '_';
        });
    }

    private static bool IsValidLabelName(string key)
    {
        if (key.Length == 0 || char.IsAsciiDigit(key[0])) return false;
        foreach (var c in key)
            if (!IsLabelChar(c)) return false;
        return true;
    }

    private static bool IsLabelChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
