using System.Text;

namespace Wca.Measurement.Rdt;

/// <summary>
/// The monitoring group name of a task: <c>wca-</c> and its task id with every character outside [A-Za-z0-9._-]
/// replaced by '_'. When anything was replaced or cut (kernfs names stop at 255 bytes), a hash of the whole id is
/// appended, so two ids never share a group. Groups without the prefix are never the agent's.
/// </summary>
internal static class RdtGroupName
{
    public const string Prefix = "wca-";
    private const int MaxSanitized = 200;

    public static string For(string taskId)
    {
        var name = new StringBuilder(Prefix.Length + Math.Min(taskId.Length, MaxSanitized) + 9).Append(Prefix);
        var changed = taskId.Length is 0 or > MaxSanitized;
        foreach (var c in taskId.AsSpan(0, Math.Min(taskId.Length, MaxSanitized)))
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-';
            name.Append(ok ? c : '_');
            changed |= !ok;
        }
        if (changed) name.Append('-').Append(Fnv1a(taskId).ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        return name.ToString();
    }

    public static bool IsOurs(string groupName) => groupName.StartsWith(Prefix, StringComparison.Ordinal);

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * 16777619;
            hash = (hash ^ (byte)(c >> 8)) * 16777619;
        }
        return hash;
    }
}
