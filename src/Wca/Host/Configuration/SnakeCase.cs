using System.Text;

namespace Wca.Host.Configuration;

/// <summary>C# names to YAML keys: <c>extraLabels</c>/<c>ExtraLabels</c> → <c>extra_labels</c>, <c>sslCAFile</c> → <c>ssl_ca_file</c>.</summary>
internal static class SnakeCase
{
    public static string From(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previous = i > 0 ? name[i - 1] : '_';
                var next = i + 1 < name.Length ? name[i + 1] : '_';
                if (previous != '_' && (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next))))
                    sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
