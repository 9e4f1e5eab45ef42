using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Wca.Api.Configuration;

namespace Wca.Host.Configuration;

/// <summary>
/// How a component type is built from a YAML mapping: its public constructor (the one with the most
/// parameters) and settable properties, keyed by snake_case name plus [ConfigName] aliases. Reflected
/// once per type and cached.
/// </summary>
internal sealed class ComponentModel
{
    /// <summary>What reflection needs of a component type; types flowing into <see cref="For"/> carry it so trimming keeps them.</summary>
    public const DynamicallyAccessedMemberTypes Reflected = DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties;

    private static readonly ConcurrentDictionary<Type, ComponentModel> Cache = new();

    private readonly Dictionary<string, ConfigMember> _byKey;

    private ComponentModel(Type type, ConstructorInfo constructor, ConfigMember[] members)
    {
        Type = type;
        Constructor = constructor;
        Members = members;
        ParameterCount = constructor.GetParameters().Length;
        _byKey = new Dictionary<string, ConfigMember>(StringComparer.Ordinal);
        foreach (var m in members)
        {
            if (m.IsService) continue;
            _byKey.TryAdd(m.Key, m);
            foreach (var alias in m.Aliases) _byKey.TryAdd(alias, m);
        }
    }

    public Type Type { get; }
    public ConstructorInfo Constructor { get; }
    public int ParameterCount { get; }
    public IReadOnlyList<ConfigMember> Members { get; }

    /// <summary>Canonical keys in declaration order.</summary>
    public IEnumerable<ConfigMember> Configurable => Members.Where(m => !m.IsService);

    public bool TryGetMember(string key, out ConfigMember member) => _byKey.TryGetValue(key, out member!);

    /// <summary>Every accepted key (canonical and aliases), for suggestions.</summary>
    public IEnumerable<string> AllKeys => _byKey.Keys;

    /// <summary>Whether <paramref name="type"/> can be built at all (public, non-abstract, a public constructor).</summary>
    public static bool IsConstructible([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type) =>
        type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && type.GetConstructors().Length > 0;

    /// <exception cref="ArgumentException">The type cannot be a component.</exception>
    public static ComponentModel For([DynamicallyAccessedMembers(Reflected)] Type type) =>
        Cache.TryGetValue(type, out var model) ? model : Cache.GetOrAdd(type, Reflect(type));

    private static ComponentModel Reflect([DynamicallyAccessedMembers(Reflected)] Type type)
    {
        if (!IsConstructible(type))
            throw new ArgumentException($"{type.FullName} cannot be a configuration component: it needs to be a non-abstract, non-generic class with a public constructor.", nameof(type));
        ConstructorInfo? constructor = null;
        foreach (var c in type.GetConstructors())
            if (constructor is null || c.GetParameters().Length > constructor.GetParameters().Length) constructor = c;
        var nullability = new NullabilityInfoContext();
        var members = new List<ConfigMember>();
        var parameters = constructor!.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var isService = AgentServices.IsService(p.ParameterType) || p.ParameterType == typeof(AgentServices);
            var spec = ValueSpec.For(p.ParameterType, isService ? null : nullability.Create(p));
            if (p.IsDefined(typeof(YamlStringAttribute), false)) spec = spec.RequiringYamlStrings();
            var (key, aliases) = Names(p.GetCustomAttribute<ConfigNameAttribute>(), p.Name ?? $"arg{i}");
            members.Add(new ConfigMember
            {
                Key = key,
                Aliases = aliases,
                ClrName = p.Name ?? $"arg{i}",
                Spec = spec,
                Validators = p.GetCustomAttributes<ConfigValidationAttribute>().ToArray(),
                IsService = isService,
                Index = members.Count,
                ParameterIndex = i,
                IsRequired = !isService && !p.HasDefaultValue && !spec.AllowsNull,
                DefaultValue = p.HasDefaultValue ? DefaultOf(p) : null,
            });
        }
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in members)
        {
            taken.Add(m.Key);
            foreach (var alias in m.Aliases) taken.Add(alias);
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0) continue;
            var (key, aliases) = Names(property.GetCustomAttribute<ConfigNameAttribute>(), property.Name);
            if (!taken.Add(key)) continue;
            members.Add(new ConfigMember
            {
                Key = key,
                Aliases = aliases,
                ClrName = property.Name,
                Spec = property.IsDefined(typeof(YamlStringAttribute), false)
                    ? ValueSpec.For(property.PropertyType, nullability.Create(property)).RequiringYamlStrings()
                    : ValueSpec.For(property.PropertyType, nullability.Create(property)),
                Validators = property.GetCustomAttributes<ConfigValidationAttribute>().ToArray(),
                Index = members.Count,
                Property = property,
                IsRequired = property.IsDefined(typeof(RequiredMemberAttribute), false),
            });
        }
        return new ComponentModel(type, constructor, members.ToArray());
    }

    private static (string Key, IReadOnlyList<string> Aliases) Names(ConfigNameAttribute? attribute, string clrName) =>
        attribute is null ? (SnakeCase.From(clrName), []) : (attribute.Name, attribute.Aliases);

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Only value types reach GetUninitializedObject: they have no constructor to trim.")]
    private static object? DefaultOf(ParameterInfo p)
    {
        var value = p.DefaultValue;
        var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
        if (value is null or DBNull or Missing)
            return p.ParameterType.IsValueType && Nullable.GetUnderlyingType(p.ParameterType) is null ? RuntimeHelpers.GetUninitializedObject(p.ParameterType) : null;
        if (type.IsEnum && value.GetType() != type) return Enum.ToObject(type, value);
        return value;
    }
}
