using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Wca.Api.Configuration;
using Wca.Host;
using Wca.Host.Configuration;

namespace Wca.Tests.Docs;

/// <summary>
/// docs/components.md: every built-in tag with every key, from the model the configuration binder uses (keys, aliases,
/// types as its messages say them, defaults, validation ranges), the meanings from the components' XML docs.
/// </summary>
internal static class ComponentsDocumentation
{
    public const string RegenerateCommand = "WCA_UPDATE_DOCS=1 dotnet test tests/Wca.Tests --filter FullyQualifiedName~ComponentsDocumentation";

    public static string Render()
    {
        var registry = BuiltInComponents.CreateRegistry();
        var binder = new ConfigurationBinder("docs", registry, AgentServices.ForTests(), _ => null);
        var docs = XmlDocs.Load(typeof(BuiltInComponents).Assembly);
        var text = new StringBuilder();
        text.Append("# Components\n\n");
        text.Append("<!-- Generated from the configuration model and the components' XML docs; do not edit. Regenerate with:\n");
        text.Append("     ").Append(RegenerateCommand).Append(" -->\n\n");
        text.Append("Every tag the agent knows without `--register`, with every key it takes. A key's type is said as a\n");
        text.Append("configuration error says it; *aliases* are accepted spellings (often the 2019 name). Plugins add their own tags.\n");
        foreach (var tag in registry.Tags)
        {
            registry.TryResolve(tag, out var type);
            var model = ComponentModel.For(type);
            text.Append("\n## `!").Append(tag).Append("`\n\n");
            if (docs.Summary("T:" + type.FullName) is { } summary) text.Append(summary).Append("\n\n");
            var members = model.Configurable.ToArray();
            if (members.Length == 0)
            {
                text.Append("No keys.\n");
                continue;
            }
            var defaults = PropertyDefaults(type);
            text.Append("| key | type | default | valid values | meaning |\n|---|---|---|---|---|\n");
            foreach (var m in members)
            {
                var key = "`" + m.Key + "`" + (m.Aliases.Count > 0 ? " (alias " + string.Join(", ", m.Aliases.Select(a => "`" + a + "`")) + ")" : "");
                var defaultText = m.IsRequired ? "required" : m.Property is null ? Show(m.DefaultValue) : defaults.GetValueOrDefault(m.Property.Name, "—");
                var valid = string.Join("; ", m.Validators.Select(v => v.Expected + (v.Target == ValidationTarget.Value ? "" : $" ({v.Target.ToString().ToLowerInvariant()})")));
                var meaning = m.Property is { } p ? docs.Summary($"P:{p.DeclaringType!.FullName}.{p.Name}") : docs.Param(type, m.ClrName);
                text.Append("| ").Append(key).Append(" | ").Append(Cell(binder.Expected(m.Spec))).Append(" | ").Append(Cell(defaultText))
                    .Append(" | ").Append(Cell(valid.Length == 0 ? "—" : valid)).Append(" | ").Append(Cell(meaning ?? "")).Append(" |\n");
            }
        }
        return text.ToString();
    }

    /// <summary>The values a component's settable properties have when nothing sets them (made with services only, where it can be).</summary>
    private static Dictionary<string, string> PropertyDefaults(Type type)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var constructor = type.GetConstructors().FirstOrDefault(c => c.GetParameters().All(p => p.ParameterType == typeof(AgentServices) || p.HasDefaultValue));
        if (constructor is null) return values;
        object instance;
        try
        {
            instance = constructor.Invoke([.. constructor.GetParameters().Select(p => p.ParameterType == typeof(AgentServices) ? AgentServices.ForTests() : p.DefaultValue)]);
        }
        catch (TargetInvocationException)
        {
            return values;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (property.SetMethod is { IsPublic: true }) values[property.Name] = Show(property.GetValue(instance));
        (instance as IDisposable)?.Dispose();
        return values;
    }

    private static string Show(object? value) => value switch
    {
        null => "—",
        string s => s.Length == 0 ? "\"\"" : s,
        bool b => b ? "true" : "false",
        IEither e => Show(e.Value),
        System.Collections.ICollection { Count: 0 } => "empty",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "—",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>The summaries and parameter texts of an assembly's XML documentation file.</summary>
    private sealed class XmlDocs(Dictionary<string, XElement> members)
    {
        public static XmlDocs Load(Assembly assembly)
        {
            var path = Path.ChangeExtension(assembly.Location, ".xml");
            var doc = XDocument.Load(path);
            return new XmlDocs(doc.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => m, StringComparer.Ordinal));
        }

        public string? Summary(string id) => members.TryGetValue(id, out var m) ? Flatten(m.Element("summary")) : null;

        /// <summary>A constructor parameter's text (any constructor of the type documents it).</summary>
        public string? Param(Type type, string name) => members
            .Where(p => p.Key.StartsWith("M:" + type.FullName + ".#ctor", StringComparison.Ordinal))
            .Select(p => p.Value.Elements("param").FirstOrDefault(e => (string?)e.Attribute("name") == name))
            .Select(Flatten).FirstOrDefault(t => t is not null);

        private static string? Flatten(XElement? element)
        {
            if (element is null) return null;
            var text = new StringBuilder();
            foreach (var node in element.Nodes())
            {
                switch (node)
                {
                    case XText t: text.Append(t.Value); break;
                    case XElement { Name.LocalName: "c" } c: text.Append('`').Append(c.Value).Append('`'); break;
                    case XElement { Name.LocalName: "see" or "paramref" } see:
                        var target = (string?)see.Attribute("cref") ?? (string?)see.Attribute("name") ?? see.Value;
                        text.Append('`').Append(Regex.Replace(target, @"^[A-Z]:|\(.*$", "").Split('.')[^1]).Append('`');
                        break;
                    case XElement e: text.Append(e.Value); break;
                }
            }
            return Regex.Replace(text.ToString(), @"\s+", " ").Trim();
        }
    }
}
