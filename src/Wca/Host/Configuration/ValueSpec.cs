using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Wca.Api.Configuration;

namespace Wca.Host.Configuration;

/// <summary>
/// The shape of a declared type, computed once per member: what YAML it takes, whether null is allowed
/// (nullable annotations included, down to list items and map values), and its element types.
/// </summary>
internal sealed class ValueSpec
{
    // The types here come from constructor and property signatures, which trimming cannot follow. In the Native AOT
    // build they are kept by rooting the agent's own assemblies (Wca.csproj) and by the DynamicDependency on For
    // for the framework's generic collections; a test runs that build over every built-in component.
    [UnconditionalSuppressMessage("Trimming", "IL2069", Justification = "See the comment above: own types are rooted, collections are kept by DynamicDependency.")]
    private ValueSpec(Type type, bool allowsNull, ValueKind kind)
    {
        Type = type;
        AllowsNull = allowsNull;
        Kind = kind;
    }

    /// <summary>The type to produce (the underlying type of a Nullable&lt;T&gt;).</summary>
    [DynamicallyAccessedMembers(ComponentModel.Reflected)]
    public Type Type { get; }
    public bool AllowsNull { get; }
    public ValueKind Kind { get; }
    /// <summary>List/array item; Either's first alternative.</summary>
    public ValueSpec? Element { get; private init; }
    /// <summary>Map key; Either's second alternative.</summary>
    public ValueSpec? Key { get; private init; }
    /// <summary>Map value.</summary>
    public ValueSpec? Value { get; private init; }
    /// <summary>The concrete collection type to create for List and Dictionary kinds.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)]
    public Type? ConcreteType { get; private init; }
    /// <summary>Either's constructors (first, second).</summary>
    public ConstructorInfo? FirstConstructor { get; private init; }
    public ConstructorInfo? SecondConstructor { get; private init; }
    /// <summary>A string here must be a YAML string, not a plain number or boolean (<see cref="YamlStringAttribute"/>).</summary>
    public bool RequiresYamlString { get; private init; }

    /// <summary>This spec with <see cref="RequiresYamlString"/> set on it and on every nested item, key and value.</summary>
    public ValueSpec RequiringYamlStrings() => new(Type, AllowsNull, Kind)
    {
        Element = Element?.RequiringYamlStrings(),
        Key = Key?.RequiringYamlStrings(),
        Value = Value?.RequiringYamlStrings(),
        ConcreteType = ConcreteType,
        FirstConstructor = FirstConstructor,
        SecondConstructor = SecondConstructor,
        RequiresYamlString = true,
    };

    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(List<>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(Dictionary<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(Either<,>))]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "A collection or Either of reference types shares compiled code; a value-type instantiation missing from the Native AOT build fails binding with a clear message.")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Either<,>'s constructors are kept by DynamicDependency.")]
    [UnconditionalSuppressMessage("Trimming", "IL2071", Justification = "List<>/Dictionary<,> constructors are kept by DynamicDependency.")]
    [UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "List<>/Dictionary<,> constructors are kept by DynamicDependency.")]
    public static ValueSpec For(Type type, NullabilityInfo? nullability)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        var allowsNull = underlying is not null
            || (!type.IsValueType && (nullability is null ? type == typeof(object) : nullability.WriteState != NullabilityState.NotNull));
        var t = underlying ?? type;
        var kind = Classify(t, out var element, out var key, out var value);
        var args = underlying is not null ? null : nullability?.GenericTypeArguments;
        return kind switch
        {
            ValueKind.Array => new ValueSpec(t, allowsNull, kind) { Element = For(element!, nullability?.ElementType) },
            ValueKind.List => new ValueSpec(t, allowsNull, kind)
            {
                Element = For(element!, args is { Length: 1 } ? args[0] : null),
                ConcreteType = typeof(List<>).MakeGenericType(element!),
            },
            ValueKind.Dictionary => new ValueSpec(t, allowsNull, kind)
            {
                Key = For(key!, args is { Length: 2 } ? args[0] : null),
                Value = For(value!, args is { Length: 2 } ? args[1] : null),
                ConcreteType = typeof(Dictionary<,>).MakeGenericType(key!, value!),
            },
            ValueKind.Either => new ValueSpec(t, allowsNull, kind)
            {
                Element = For(element!, args is { Length: 2 } ? args[0] : null),
                Key = For(key!, args is { Length: 2 } ? args[1] : null),
                FirstConstructor = t.GetConstructor([element!]),
                SecondConstructor = t.GetConstructor([key!]),
            },
            _ => new ValueSpec(t, allowsNull, kind),
        };
    }

    private static ValueKind Classify(Type t, out Type? element, out Type? key, out Type? value)
    {
        element = key = value = null;
        if (t == typeof(string)) return ValueKind.String;
        if (t == typeof(bool)) return ValueKind.Boolean;
        if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(sbyte)
            || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort))
            return ValueKind.Integer;
        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal)) return ValueKind.Float;
        if (t.IsEnum) return ValueKind.Enum;
        if (t == typeof(TimeSpan)) return ValueKind.TimeSpan;
        if (t == typeof(object)) return ValueKind.Object;
        if (t.IsArray && t.GetArrayRank() == 1)
        {
            element = t.GetElementType();
            return ValueKind.Array;
        }
        if (t.IsGenericType)
        {
            var definition = t.GetGenericTypeDefinition();
            var a = t.GetGenericArguments();
            if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
                || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>))
            {
                element = a[0];
                return ValueKind.List;
            }
            if (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            {
                key = a[0];
                value = a[1];
                return ValueKind.Dictionary;
            }
            if (definition == typeof(Either<,>))
            {
                element = a[0];
                key = a[1];
                return ValueKind.Either;
            }
        }
        return ValueKind.Component;
    }
}
