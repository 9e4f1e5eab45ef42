namespace Wca.Runners;

/// <summary>MERGE placeholder.</summary>
internal static class TaskLabelSanitizer
{
    public static string Sanitize(string key) => key.Replace('.', '_');
}
