using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Wca.Host.Configuration.Yaml;

/// <summary>
/// Builds a <see cref="YamlNode"/> tree straight from YamlDotNet's event parser: no object mapping, no
/// reflection. Aliases resolve to the anchored instance, merge keys are applied, duplicate keys and
/// undefined aliases are reported with their position.
/// </summary>
internal sealed class YamlTreeReader
{
    private const string MergeTag = "tag:yaml.org,2002:merge";

    private readonly IParser _parser;
    private readonly string _text;
    private readonly string _file;
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    /// <summary>Values under each anchored node, aliases inside it expanded: what one more use of its alias produces.</summary>
    private readonly Dictionary<YamlNode, long> _anchoredSizes = new(ReferenceEqualityComparer.Instance);
    private int _lastLine = 1, _lastColumn = 1;
    private int _depth;
    /// <summary>Values read so far, every alias counted as all the values it stands for.</summary>
    private long _values;
    /// <summary>The part of <see cref="_values"/> that aliases produced.</summary>
    private long _aliasValues;

    private YamlTreeReader(string text, string file)
    {
        _parser = new Parser(new PeekOnceScanner(new Scanner(new StringReader(text))));
        _text = text;
        _file = file;
    }

    /// <summary>The single document's root, or null when the text holds no document.</summary>
    public static YamlNode? Read(string text, string file) => new YamlTreeReader(text, file).ReadStream();

    private YamlNode? ReadStream()
    {
        Expect<StreamStart>();
        if (Next() is StreamEnd) return null;
        if (_parser.Current is not DocumentStart) throw Malformed("expected the start of a document");
        Next();
        var root = ReadNode();
        if (Next() is not DocumentEnd) throw Malformed("expected the end of the document");
        if (Next() is DocumentStart start)
            throw Error(start.Start, "only one YAML document is allowed in a configuration file (found a second '---')");
        return root;
    }

    private YamlNode ReadNode()
    {
        var e = _parser.Current!;
        var valuesBefore = _values;
        _values++;
        switch (e)
        {
            case AnchorAlias alias:
                if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                    throw Error(alias.Start, $"undefined alias '*{alias.Value.Value}': expected an anchor '&{alias.Value.Value}' defined earlier in the file");
                // The tree shares the anchored node, but binding walks it once per use: bound what the uses add up to.
                var size = _anchoredSizes[anchored];
                _values += size - 1;
                _aliasValues += size;
                if (_aliasValues > ConfigurationLimits.MaxAliasExpansion)
                    throw Error(alias.Start, string.Create(CultureInfo.InvariantCulture,
                        $"aliases expand to more than the limit of {ConfigurationLimits.MaxAliasExpansion:N0} values (each use of an alias counts all values under its anchor; '*{alias.Value.Value}' adds {size:N0}): is this an alias bomb?"));
                return anchored;
            case Scalar s:
                return Anchor(s.Anchor, new YamlScalar(Line(s.Start), Column(s.Start), TagOf(s.Tag), s.Value, s.Style == ScalarStyle.Plain), valuesBefore);
            case SequenceStart seq:
            {
                Enter(seq.Start);
                var items = new List<YamlNode>();
                while (Next() is not SequenceEnd) items.Add(ReadNode());
                _depth--;
                return Anchor(seq.Anchor, new YamlSequence(Line(seq.Start), Column(seq.Start), TagOf(seq.Tag), items), valuesBefore);
            }
            case MappingStart map:
            {
                Enter(map.Start);
                var mapping = ReadMapping(map);
                _depth--;
                return Anchor(map.Anchor, mapping, valuesBefore);
            }
            default:
                throw Malformed(e is MappingEnd or SequenceEnd ? "a value is missing here" : "expected a value here");
        }
    }

    /// <summary>One level deeper; stops a deeply nested document before it costs stack or time.</summary>
    private void Enter(Mark start)
    {
        if (++_depth > ConfigurationLimits.MaxDepth)
            throw Error(start, $"lists and mappings are nested more than {ConfigurationLimits.MaxDepth} levels deep (the limit of a configuration file)");
    }

    private YamlMapping ReadMapping(MappingStart start)
    {
        var entries = new List<YamlEntry>();
        var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        List<YamlEntry>? merges = null;
        while (Next() is not MappingEnd)
        {
            var key = ReadNode();
            Next();
            var value = ReadNode();
            if (key is YamlScalar { Value: "<<", IsPlain: true, Tag: null or MergeTag })
            {
                (merges ??= []).Add(new YamlEntry(key, value));
                continue;
            }
            if (key is YamlScalar scalarKey)
            {
                if (seen.TryGetValue(scalarKey.Value, out var first))
                    throw new ConfigurationException(
                        ConfigurationErrors.Format(_file, key.Line, key.Column, null,
                            $"duplicate key '{scalarKey.Value}' (first given at line {first.Line}, column {first.Column}): expected each key once"),
                        _file, null, key.Line, key.Column);
                seen.Add(scalarKey.Value, scalarKey);
            }
            entries.Add(new YamlEntry(key, value));
        }
        if (merges is not null)
        {
            // Explicit keys win over merged ones; earlier merge sources win over later ones.
            foreach (var (mergeKey, source) in merges)
            {
                var (line, column) = (mergeKey.Line, mergeKey.Column);
                var sources = source switch
                {
                    YamlMapping m => [m],
                    YamlSequence s when s.Items.All(i => i is YamlMapping) => s.Items.Cast<YamlMapping>().ToList(),
                    _ => throw new ConfigurationException(
                        ConfigurationErrors.Format(_file, line, column, null, "merge key '<<' expects a mapping or a list of mappings"),
                        _file, null, line, column),
                };
                foreach (var m in sources)
                    foreach (var entry in m.Entries)
                        if (entry.Key is not YamlScalar k || seen.TryAdd(k.Value, k))
                            entries.Add(entry);
            }
        }
        return new YamlMapping(Line(start.Start), Column(start.Start), TagOf(start.Tag), entries);
    }

    private YamlNode Anchor(AnchorName anchor, YamlNode node, long valuesBefore)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
            _anchoredSizes[node] = _values - valuesBefore;
        }
        return node;
    }

    private static string? TagOf(TagName tag) => tag.IsEmpty ? null : tag.IsNonSpecific ? "!" : tag.Value;

    private static int Line(Mark mark) => (int)mark.Line;
    private static int Column(Mark mark) => (int)mark.Column;

    private void Expect<T>() where T : ParsingEvent
    {
        if (Next() is not T) throw Malformed("expected the start of the YAML stream");
    }

    private ParsingEvent Next()
    {
        try
        {
            if (!_parser.MoveNext()) throw Malformed("unexpected end of the file");
        }
        catch (YamlException e)
        {
            var (line, column, what) = MalformedYaml.Explain(e, _text);
            throw new ConfigurationException(ConfigurationErrors.Format(_file, line, column, null, "malformed YAML: " + what), _file, null, line, column, e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet's scanner fails without a position on some inputs (an unclosed '[').
            throw Malformed("the file cannot be read as YAML after this point: look for an unclosed '[', '{' or quote", e);
        }
        var current = _parser.Current!;
        _lastLine = Line(current.End);
        _lastColumn = Column(current.End);
        return current;
    }

    private ConfigurationException Malformed(string what, Exception? inner = null) =>
        new(ConfigurationErrors.Format(_file, _lastLine, _lastColumn, null, "malformed YAML: " + what), _file, null, _lastLine, _lastColumn, inner);

    private ConfigurationException Error(Mark mark, string message, Exception? inner = null) =>
        new(ConfigurationErrors.Format(_file, Line(mark), Column(mark), null, message), _file, null, Line(mark), Column(mark), inner);
}
