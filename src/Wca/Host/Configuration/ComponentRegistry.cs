using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Wca.Api.Configuration;

namespace Wca.Host.Configuration;

/// <summary>Maps YAML tags (<c>!ClassName</c>) to component types. Later registration of a tag wins.</summary>
public sealed class ComponentRegistry
{
    // Every value came through Register, whose parameter keeps the members ComponentModel reflects on.
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);
    private string[]? _sortedTags;

    /// <summary>Registers <paramref name="type"/> under <paramref name="tag"/> (default: [WcaComponent].Tag or the simple class name).</summary>
    /// <exception cref="ArgumentException">The type cannot be built from YAML, or the tag is not a plain name.</exception>
    public void Register([DynamicallyAccessedMembers(ComponentModel.Reflected)] Type type, string? tag = null)
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
    [RequiresUnreferencedCode("Finds component types by reflection over a whole assembly (plugins).")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Covered by RequiresUnreferencedCode: a plugin assembly is never trimmed.")]
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

    [UnconditionalSuppressMessage("Trimming", "IL2073", Justification = "Every stored type came through Register, which requires ComponentModel.Reflected.")]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "The same, as the AOT compiler reports it.")]
    public bool TryResolve(string tag, [DynamicallyAccessedMembers(ComponentModel.Reflected)] out Type type)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return _types.TryGetValue(tag.StartsWith('!') ? tag[1..] : tag, out type!);
    }

    /// <summary>Tags whose type can stand where <paramref name="target"/> is expected, sorted.</summary>
    internal IEnumerable<string> TagsAssignableTo(Type target) => Tags.Where(t => target.IsAssignableFrom(_types[t]));
}
