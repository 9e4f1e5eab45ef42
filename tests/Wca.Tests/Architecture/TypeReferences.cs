using System.Reflection;
using System.Reflection.Emit;

namespace Wca.Tests.Architecture;

/// <summary>
/// Which types a type uses: its base type and interfaces, attributes, fields, properties, events, method and
/// constructor signatures, and the types, methods and fields its method bodies name (IL tokens resolved through the
/// module). Each reference comes with where it was found, so a layering violation can say so.
/// </summary>
public static class TypeReferences
{
    /// <summary>A type <see cref="From"/> uses <see cref="To"/> in <see cref="Member"/> (a member name, "base type" ...).</summary>
    public readonly record struct Reference(Type From, string Member, Type To)
    {
        public override string ToString() => $"{From.FullName}.{Member} uses {To.FullName}";
    }

    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    // Every IL opcode by value, to walk method bodies (one- and two-byte encodings).
    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];

    static TypeReferences()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            var value = (ushort)op.Value;
            if (op.Size == 1) OneByte[value] = op;
            else TwoByte[value & 0xff] = op;
        }
    }

    /// <summary>Every reference of <paramref name="type"/> (its own members only; nested types are types of their own).</summary>
    public static IEnumerable<Reference> Of(Type type)
    {
        var found = new List<Reference>();
        void Add(string member, Type? used)
        {
            foreach (var t in Flatten(used)) found.Add(new Reference(type, member, t));
        }
        void Attributes(string member, IEnumerable<CustomAttributeData> attributes)
        {
            foreach (var a in attributes) Add(member + " [attribute]", a.AttributeType);
        }

        Add("base type", type.BaseType);
        foreach (var i in type.GetInterfaces()) Add("interface", i);
        Attributes("type", type.CustomAttributes);
        foreach (var f in type.GetFields(Declared))
        {
            Add(f.Name, f.FieldType);
            Attributes(f.Name, f.CustomAttributes);
        }
        foreach (var p in type.GetProperties(Declared))
        {
            Add(p.Name, p.PropertyType);
            Attributes(p.Name, p.CustomAttributes);
        }
        foreach (var e in type.GetEvents(Declared)) Add(e.Name, e.EventHandlerType);
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            var name = m.Name + "()";
            if (m is MethodInfo mi) Add(name + " return", mi.ReturnType);
            foreach (var p in m.GetParameters()) Add(name + " parameter " + p.Name, p.ParameterType);
            Attributes(name, m.CustomAttributes);
            foreach (var used in BodyReferences(m)) Add(name + " body", used);
        }
        return found;
    }

    /// <summary>The types named by <paramref name="method"/>'s IL: its locals, and every type, field and method token.</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        foreach (var clause in body.ExceptionHandlingClauses)
            if (clause.Flags == ExceptionHandlingClauseOptions.Clause && clause.CatchType is { } caught) yield return caught;

        var il = body.GetILAsByteArray() ?? [];
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var op = il[i] == 0xfe ? TwoByte[il[i + 1]] : OneByte[il[i]];
            i += op.Size;
            switch (op.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok:
                    var member = module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                    switch (member)
                    {
                        case Type t: yield return t; break;
                        case FieldInfo f:
                            yield return f.DeclaringType!;
                            yield return f.FieldType;
                            break;
                        case MethodBase m:
                            if (m.DeclaringType is { } owner) yield return owner;
                            if (m is MethodInfo mi)
                            {
                                yield return mi.ReturnType;
                                if (mi.IsGenericMethod) foreach (var a in mi.GetGenericArguments()) yield return a;
                            }
                            foreach (var p in m.GetParameters()) yield return p.ParameterType;
                            break;
                    }
                    i += 4;
                    break;
                default:
                    i += OperandSize(op, il, i);
                    break;
            }
        }
    }

    private static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4, // branch targets, int32, float32, string and signature tokens
    };

    /// <summary>The named types inside <paramref name="type"/>: element types of arrays and by-refs, generic arguments.</summary>
    private static IEnumerable<Type> Flatten(Type? type)
    {
        if (type is null || type.IsGenericParameter) yield break;
        if (type.HasElementType)
        {
            foreach (var t in Flatten(type.GetElementType())) yield return t;
            yield break;
        }
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var t in Flatten(type.GetGenericTypeDefinition())) yield return t;
            foreach (var a in type.GetGenericArguments())
                foreach (var t in Flatten(a)) yield return t;
            yield break;
        }
        yield return type;
    }
}
