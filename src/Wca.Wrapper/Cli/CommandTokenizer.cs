using System.Text;

namespace Wca.Wrapper.Cli;

/// <summary>
/// Python's <c>shlex.split</c> (POSIX mode, no comments): whitespace separates tokens; single quotes keep everything;
/// double quotes keep everything but let a backslash escape <c>"</c> and <c>\</c>; outside quotes a backslash escapes
/// any character. No variable expansion.
/// </summary>
internal static class CommandTokenizer
{
    /// <exception cref="UsageException">An unclosed quote or a trailing backslash (the original crashed after parsing).</exception>
    public static List<string> Split(string command)
    {
        var tokens = new List<string>();
        var token = new StringBuilder();
        var inToken = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                if (inToken) tokens.Add(token.ToString());
                token.Clear();
                inToken = false;
                continue;
            }
            inToken = true;
            switch (c)
            {
                case '\'':
                    var close = command.IndexOf('\'', i + 1);
                    if (close < 0) throw new UsageException($"argument --command: No closing quotation in {PythonRepr.Of(command)}");
                    token.Append(command, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    for (i++; ; i++)
                    {
                        if (i >= command.Length) throw new UsageException($"argument --command: No closing quotation in {PythonRepr.Of(command)}");
                        if (command[i] == '"') break;
                        if (command[i] == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\') i++;
                        token.Append(command[i]);
                    }
                    break;
                case '\\':
                    if (i + 1 >= command.Length) throw new UsageException($"argument --command: No escaped character in {PythonRepr.Of(command)}");
                    token.Append(command[++i]);
                    break;
                default:
                    token.Append(c);
                    break;
            }
        }
        if (inToken) tokens.Add(token.ToString());
        return tokens;
    }
}
