using System.Reflection;
using Wca.Api.Configuration;

namespace Wca.Configuration;

/// <summary>Maps YAML tags (<c>!ClassName</c>) to component types. Later registration of a tag wins.</summary>
public sealed class ComponentRegistry
{
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);
    private string[]? _sortedTags;

    /// <summary>A registry holding every [WcaComponent] class of the agent itself (the built-ins).</summary>
    public static ComponentRegistry CreateDefault()
    {
        var registry = new ComponentRegistry();
        registry.RegisterAssembly(typeof(ComponentRegistry).Assembly);
        return registry;
    }

    /// <summary>Registers <paramref name="type"/> under <paramref name="tag"/> (default: [WcaComponent].Tag or the simple class name).</summary>
    /// <exception cref="ArgumentException">The type cannot be built from YAML, or the tag is not a plain name.</exception>
    public void Register(Type type, string? tag = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!ComponentModel.IsConstructible(type))
            throw new ArgumentException($"{type.FullName} cannot be a configuration component: it needs to be a non-abstract, non-generic class with a public constructor.", nameof(type));
        tag ??= type.GetCustomAttribute<WcaComponentAttribute>(false)?.Tag ?? type.Name;
        if (tag.StartsWith('!')) tag = tag[1..];
        if (tag.Length == 0 || tag.AsSpan().IndexOfAny(" \t\r\n!,[]{}") >= 0)
            throw new ArgumentException($"'{tag}' is not a valid YAML tag name.", nameof(tag));
        if (tag == EnvironmentSubstitution.EnvTag)
            throw new ArgumentException($"'!{tag}' is reserved for environment variables.", nameof(tag));
        _types[tag] = type;
        _sortedTags = null;
    }

    /// <summary>Registers every class of <paramref name="assembly"/> marked [WcaComponent]; returns how many.</summary>
    public int RegisterAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var count = 0;
        foreach (var type in assembly.GetTypes())
        {
            if (!type.IsDefined(typeof(WcaComponentAttribute), false)) continue;
            Register(type);
            count++;
        }
        return count;
    }

    /// <summary>Registered tags without '!', sorted.</summary>
    public IReadOnlyList<string> Tags => _sortedTags ??= _types.Keys.Order(StringComparer.Ordinal).ToArray();

    public bool TryResolve(string tag, out Type type)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return _types.TryGetValue(tag.StartsWith('!') ? tag[1..] : tag, out type!);
    }

    /// <summary>Tags whose type can stand where <paramref name="target"/> is expected, sorted.</summary>
    internal IEnumerable<string> TagsAssignableTo(Type target) => Tags.Where(t => target.IsAssignableFrom(_types[t]));
}
