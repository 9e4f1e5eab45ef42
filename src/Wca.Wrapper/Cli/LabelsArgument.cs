using System.Globalization;
using System.Text;
using Wca.Api;

namespace Wca.Wrapper.Cli;

/// <summary>
/// <c>--labels</c>: a JSON object of strings (the final original) or the mid-2019 Python dictionary literal of strings
/// (<c>{'workload':'stress-ng','cores':'1'}</c>, single or double quotes, Python escapes, a trailing comma). Checked at
/// start-up, before the child starts: a value that is not a string, a key that is not a label name, or a key starting
/// with <c>__</c> is a usage error instead of the original's crash at the first store.
/// </summary>
internal static class LabelsArgument
{
    /// <exception cref="UsageException">Not such a dictionary.</exception>
    public static LabelSet Parse(string text)
    {
        var reader = new Reader(text);
        var labels = new List<KeyValuePair<string, string>>();
        reader.SkipSpace();
        reader.Expect('{');
        reader.SkipSpace();
        while (!reader.TryTake('}'))
        {
            var key = reader.String("a label name in quotes");
            reader.SkipSpace();
            reader.Expect(':');
            reader.SkipSpace();
            var value = reader.String($"a string value for label '{key}' (in quotes: '{key}': '1', not 1)");
            if (!PrometheusEncoding.IsLabelName(key) || key.StartsWith("__", StringComparison.Ordinal))
                throw Error($"label name '{key}' is not valid (expected [a-zA-Z_][a-zA-Z0-9_]* not starting with __)");
            labels.Add(new(key, value));
            reader.SkipSpace();
            if (reader.TryTake(',')) { reader.SkipSpace(); continue; }
            reader.SkipSpace();
            reader.Expect('}');
            break;
        }
        reader.SkipSpace();
        if (!reader.AtEnd) throw Error($"unexpected text after the dictionary at offset {reader.Position}");
        return LabelSet.From(labels);
    }

    private static UsageException Error(string message) =>
        new($"argument --labels: expected a dictionary of strings ({{\"key\": \"value\"}} or {{'key': 'value'}}): {message}");

    private ref struct Reader(string text)
    {
        private readonly string _text = text;
        public int Position;

        public readonly bool AtEnd => Position >= _text.Length;

        public void SkipSpace()
        {
            while (Position < _text.Length && char.IsWhiteSpace(_text[Position])) Position++;
        }

        public bool TryTake(char c)
        {
            if (Position < _text.Length && _text[Position] == c) { Position++; return true; }
            return false;
        }

        public void Expect(char c)
        {
            if (!TryTake(c))
                throw Error(AtEnd ? $"expected '{c}' at the end" : $"expected '{c}' at offset {Position}, found '{_text[Position]}'");
        }

        public string String(string what)
        {
            if (AtEnd || _text[Position] is not ('\'' or '"'))
                throw Error(AtEnd ? $"expected {what} at the end" : $"expected {what} at offset {Position}, found '{_text[Position]}'");
            var quote = _text[Position++];
            var value = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw Error("a string is not closed");
                var c = _text[Position++];
                if (c == quote) return value.ToString();
                if (c != '\\') { value.Append(c); continue; }
                if (AtEnd) throw Error("a string is not closed");
                var e = _text[Position++];
                switch (e)
                {
                    case 'n': value.Append('\n'); break;
                    case 't': value.Append('\t'); break;
                    case 'r': value.Append('\r'); break;
                    case 'b': value.Append('\b'); break;
                    case 'f': value.Append('\f'); break;
                    case '/': value.Append('/'); break;
                    case '\\' or '\'' or '"': value.Append(e); break;
                    case 'u' or 'x':
                        var digits = e == 'u' ? 4 : 2;
                        if (Position + digits > _text.Length
                            || !int.TryParse(_text.AsSpan(Position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                            throw Error($"bad \\{e} escape at offset {Position - 2}");
                        value.Append((char)code);
                        Position += digits;
                        break;
                    default: value.Append('\\').Append(e); break; // Python keeps unknown escapes.
                }
            }
        }
    }
}
