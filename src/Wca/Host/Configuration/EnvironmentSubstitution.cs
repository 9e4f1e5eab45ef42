using System.Text;

namespace Wca.Host.Configuration;

/// <summary>
/// <c>${NAME}</c> inside any scalar is replaced by the environment variable NAME (<c>${NAME:-fallback}</c>
/// when it may be unset; <c>$${</c> is a literal <c>${</c>). The <c>!Env NAME</c> tag is the reference's
/// form: the whole value, empty when unset.
/// </summary>
internal static class EnvironmentSubstitution
{
    public const string EnvTag = "Env";

    /// <summary>Returns the substituted text, or null with <paramref name="error"/> set.</summary>
    public static string? Substitute(string text, Func<string, string?> getEnv, out string? error)
    {
        error = null;
        var start = text.IndexOf('$', StringComparison.Ordinal);
        if (start < 0) return text;
        var sb = new StringBuilder(text.Length + 32);
        sb.Append(text, 0, start);
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                sb.Append("${");
                i += 3;
                continue;
            }
            if (c != '$' || i + 1 >= text.Length || text[i + 1] != '{')
            {
                sb.Append(c);
                i++;
                continue;
            }
            var close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                error = $"unterminated '${{' in '{text}': expected ${{NAME}}";
                return null;
            }
            var body = text.AsSpan(i + 2, close - i - 2);
            string? fallback = null;
            var separator = body.IndexOf(":-", StringComparison.Ordinal);
            if (separator >= 0)
            {
                fallback = body[(separator + 2)..].ToString();
                body = body[..separator];
            }
            var name = body.ToString();
            if (!IsVariableName(name))
            {
                error = $"'${{{name}}}' in '{text}' is not a valid environment variable reference: expected ${{NAME}} with NAME made of letters, digits and '_'";
                return null;
            }
            var value = getEnv(name) ?? fallback;
            if (value is null)
            {
                error = $"environment variable '{name}' is not set (used as ${{{name}}}; write ${{{name}:-default}} for a fallback)";
                return null;
            }
            sb.Append(value);
            i = close + 1;
        }
        return sb.ToString();
    }

    public static bool IsVariableName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_') return false;
        return true;
    }
}
