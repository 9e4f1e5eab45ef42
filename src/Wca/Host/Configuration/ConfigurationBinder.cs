using System.Diagnostics.CodeAnalysis;
using System.Collections;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Wca.Api.Configuration;
using Wca.Host.Configuration.Yaml;

namespace Wca.Host.Configuration;

/// <summary>
/// Turns YAML nodes into values of declared types and tagged nodes into components, for one load.
/// Every failure is a <see cref="ConfigurationException"/> naming the node's position and YAML path.
/// </summary>
internal sealed partial class ConfigurationBinder(string file, ComponentRegistry registry, AgentServices services, Func<string, string?> getEnv)
{
    private static readonly ValueSpec PlainObject = ValueSpec.For(typeof(object), null);

    /// <summary>Tagged node → its instance, so that every alias of it yields the same object.</summary>
    private readonly Dictionary<YamlNode, object> _built = new(ReferenceEqualityComparer.Instance);
    private readonly List<YamlNode> _componentNodes = [];
    private readonly List<object> _components = [];
    private ILogger? _log;

    /// <summary>Problems recorded so far: a user fixes them all in one go instead of one per start.</summary>
    private readonly List<ConfigurationException> _errors = [];
    /// <summary>&gt; 0 while trying one alternative of an Either: fail fast, record nothing.</summary>
    private int _probing;
    private const int MaxErrors = 20;

    /// <summary>A component was not built because its problems were recorded; its parents are not built either.</summary>
    private sealed class ComponentSkippedException : Exception;

    /// <summary>Constructed components, children first.</summary>
    public IReadOnlyList<object> Components => _components.ToArray();

    /// <summary>Disposes what was built (a failed load must not leak open resources), last built first.</summary>
    public void DisposeBuilt(int keep = 0)
    {
        for (var i = _components.Count - 1; i >= keep; i--)
        {
            var instance = _components[i];
            _built.Remove(_componentNodes[i]);
            _components.RemoveAt(i);
            _componentNodes.RemoveAt(i);
            if (instance is IDisposable d)
            {
                try { d.Dispose(); }
                catch (Exception e) when (e is not OutOfMemoryException) { Log.DisposeFailed(Logger, instance.GetType().Name, e.Message); }
            }
        }
    }

    private ILogger Logger => _log ??= services.LoggerFactory.CreateLogger("Wca.Host.Configuration");

    public ConfigurationException Error(YamlNode node, string path, string message, Exception? inner = null) =>
        new(ConfigurationErrors.Format(file, node.Line, node.Column, path, message), file, path, node.Line, node.Column, inner);

    /// <summary>Binds the value of a top-level key; throws every recorded problem at once (the first one's position).</summary>
    public object? BindRoot(YamlNode node, ValueSpec spec, string path)
    {
        object? value = null;
        try
        {
            value = Bind(node, spec, path);
        }
        catch (ComponentSkippedException)
        {
        }
        catch (ConfigurationException e) when (_errors.Count > 0)
        {
            Record(e);
        }
        if (_errors.Count == 0) return value;
        var first = _errors[0];
        if (_errors.Count == 1) throw first;
        var more = string.Join("\n", _errors.Skip(1).Select(e => "  " + e.Message));
        throw new ConfigurationException($"{first.Message}\n{_errors.Count - 1} more problem(s):\n{more}",
            first.File, first.YamlPath, first.Line, first.Column, first.InnerException);
    }

    private void Record(ConfigurationException e)
    {
        if (_errors.Count < MaxErrors) _errors.Add(e);
    }

    public static string Child(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public object? Bind(YamlNode node, ValueSpec spec, string path)
    {
        if (node.LocalTag is { } tag)
        {
            if (tag == EnvironmentSubstitution.EnvTag) return BindEnvTag(node, spec, path);
            if (!registry.TryResolve(tag, out var type)) throw UnknownTag(node, path, tag);
            return BindComponent(node, type, spec, path);
        }
        if (node.Tag is { } t && t != "!" && !IsCoreTag(t))
            throw Error(node, path, $"unsupported tag '{t}': expected a registered component tag ({TagList(registry.Tags)}) or a standard YAML tag");
        if (node is YamlScalar scalar)
        {
            var text = Text(scalar, path);
            return BindScalar(scalar, text, CoreSchema.Classify(text, scalar.IsPlain, scalar.Tag), spec, path);
        }
        return spec.Kind switch
        {
            ValueKind.Object => BindPlain(node, path),
            ValueKind.List or ValueKind.Array => BindList(node, spec, path),
            ValueKind.Dictionary => BindDictionary(node, spec, path),
            ValueKind.Either => BindEither(node, spec, path),
            ValueKind.Component when node is YamlMapping && ComponentModel.IsConstructible(spec.Type) && !spec.Type.IsAssignableFrom(typeof(string))
                => _built.TryGetValue(node, out var existing) && spec.Type.IsInstanceOfType(existing)
                    ? existing
                    : BuildComponent(node, spec.Type, path, spec.Type.Name),
            _ => throw Mismatch(node, spec, path),
        };
    }

    private static bool IsCoreTag(string tag) => tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal)
        && tag[18..] is "str" or "int" or "float" or "bool" or "null" or "map" or "seq" or "merge";

    private string Text(YamlScalar scalar, string path) =>
        EnvironmentSubstitution.Substitute(scalar.Value, getEnv, out var error) ?? throw Error(scalar, path, error!);

    private object? BindEnvTag(YamlNode node, ValueSpec spec, string path)
    {
        if (node is not YamlScalar { Value: var name } || !EnvironmentSubstitution.IsVariableName(name))
            throw Error(node, path, $"!Env expects an environment variable name (letters, digits, '_'), found {Found(node)}");
        // As in the reference: an unset variable is an empty string. The value resolves like a plain scalar.
        var text = getEnv(name) ?? "";
        return BindScalar(node, text, text.Length == 0 ? ScalarKind.String : CoreSchema.Classify(text, true, null), spec, path);
    }

    private object? BindScalar(YamlNode node, string text, ScalarKind kind, ValueSpec spec, string path)
    {
        if (kind == ScalarKind.Null)
            return spec.AllowsNull ? null : throw Error(node, path, $"expected {Expected(spec)}, found an empty value (null); this key cannot be null: omit it to get its default");
        switch (spec.Kind)
        {
            case ValueKind.String when spec.RequiresYamlString && kind != ScalarKind.String && node.LocalTag != EnvironmentSubstitution.EnvTag:
                throw Error(node, path, $"expected a string (quote it: '{text}'), found {FoundScalar(text, kind, false)}");
            case ValueKind.String:
                return text;
            case ValueKind.Boolean when kind == ScalarKind.Boolean:
                CoreSchema.TryBoolean(text, out var b);
                return b;
            case ValueKind.Integer when kind == ScalarKind.Integer:
                try
                {
                    if (!CoreSchema.TryInteger(text, out var l)) throw new OverflowException();
                    return Convert.ChangeType(l, spec.Type, CultureInfo.InvariantCulture);
                }
                catch (OverflowException)
                {
                    throw Error(node, path, $"expected {Expected(spec)} that fits a {spec.Type.Name} ({IntegerRange(spec.Type)}), found {text}");
                }
            case ValueKind.Float or ValueKind.TimeSpan when kind is ScalarKind.Integer or ScalarKind.Float:
                var d = Number(node, text, spec, path);
                if (spec.Kind == ValueKind.TimeSpan)
                    return double.IsFinite(d) && Math.Abs(d) < TimeSpan.MaxValue.TotalSeconds
                        ? TimeSpan.FromSeconds(d)
                        : throw Error(node, path, $"expected {Expected(spec)}, found {text}");
                if (spec.Type == typeof(float) && double.IsFinite(d) && Math.Abs(d) > float.MaxValue)
                    throw OutOfRange(node, path, text, $"{Expected(spec)} that fits a Single (up to {float.MaxValue.ToString(CultureInfo.InvariantCulture)})");
                try
                {
                    return spec.Type == typeof(double) ? d : Convert.ChangeType(d, spec.Type, CultureInfo.InvariantCulture);
                }
                catch (OverflowException)
                {
                    throw Error(node, path, $"expected {Expected(spec)} that fits a {spec.Type.Name}, found {text}");
                }
            case ValueKind.Enum when kind is ScalarKind.String or ScalarKind.Boolean:
                return ParseEnum(text, spec.Type) ?? throw Error(node, path, $"expected {Expected(spec)}, found '{text}'"
                    + (NameSuggestion.Closest(text, EnumNames(spec.Type)) is { } close ? $"; did you mean '{close}'?" : ""));
            case ValueKind.Object:
                if (kind is ScalarKind.Integer or ScalarKind.Float && !CoreSchema.TryInteger(text, out _)) Number(node, text, spec, path);
                return Plain(text, kind);
            case ValueKind.Either:
                return BindEither(node, spec, path);
            default:
                throw Error(node, path, $"expected {Expected(spec)}, found {FoundScalar(text, kind, node is YamlScalar { IsPlain: false })}");
        }
    }

    /// <summary>
    /// The value of a number literal as a double; a literal beyond what a double holds (<c>1e999</c>, or
    /// <c>0xFFFFFFFFFFFFFFFFFF</c>, which used to read as 0) is an error, never a wrapped or infinite value.
    /// </summary>
    private double Number(YamlNode node, string text, ValueSpec spec, string path)
    {
        if (!CoreSchema.TryFloat(text, out var d)
            || (double.IsInfinity(d) && !text.Contains("inf", StringComparison.OrdinalIgnoreCase)))
            throw OutOfRange(node, path, text, Expected(spec));
        return d;
    }

    private ConfigurationException OutOfRange(YamlNode node, string path, string text, string expected) =>
        Error(node, path, $"the number {text} is out of range: expected {expected}"
            + (path.Length == 0 ? "" : $" for '{path[(path.LastIndexOf('.') + 1)..]}'"));

    private static string IntegerRange(Type t) =>
        t == typeof(int) ? $"{int.MinValue} to {int.MaxValue}"
        : t == typeof(long) ? $"{long.MinValue} to {long.MaxValue}"
        : t == typeof(short) ? $"{short.MinValue} to {short.MaxValue}"
        : t == typeof(byte) ? $"{byte.MinValue} to {byte.MaxValue}"
        : t == typeof(sbyte) ? $"{sbyte.MinValue} to {sbyte.MaxValue}"
        : t == typeof(uint) ? $"{uint.MinValue} to {uint.MaxValue}"
        : t == typeof(ulong) ? $"{ulong.MinValue} to {ulong.MaxValue}"
        : $"{ushort.MinValue} to {ushort.MaxValue}";

    private static object? Plain(string text, ScalarKind kind)
    {
        switch (kind)
        {
            case ScalarKind.Boolean: CoreSchema.TryBoolean(text, out var b); return b;
            case ScalarKind.Integer when CoreSchema.TryInteger(text, out var l): return l;
            case ScalarKind.Integer: CoreSchema.TryFloat(text, out var big); return big;
            case ScalarKind.Float: CoreSchema.TryFloat(text, out var d); return d;
            case ScalarKind.Null: return null;
            default: return text;
        }
    }

    /// <summary>Untyped YAML data (for <c>object</c> parameters): string, long, double, bool, lists, string-keyed maps, components.</summary>
    private object? BindPlain(YamlNode node, string path)
    {
        switch (node)
        {
            case { LocalTag: not null }:
                return Bind(node, PlainObject, path);
            case YamlScalar s:
            {
                var text = Text(s, path);
                var kind = CoreSchema.Classify(text, s.IsPlain, s.Tag);
                if (kind is ScalarKind.Integer or ScalarKind.Float && !CoreSchema.TryInteger(text, out _)) Number(s, text, PlainObject, path);
                return Plain(text, kind);
            }
            case YamlSequence q:
            {
                var list = new List<object?>(q.Items.Count);
                for (var i = 0; i < q.Items.Count; i++) list.Add(BindPlain(q.Items[i], $"{path}[{i}]"));
                return list;
            }
            default:
            {
                var m = (YamlMapping)node;
                var map = new Dictionary<string, object?>(m.Entries.Count, StringComparer.Ordinal);
                foreach (var (keyNode, valueNode) in m.Entries)
                {
                    var key = KeyText(keyNode, path);
                    map[key] = BindPlain(valueNode, Child(path, key));
                }
                return map;
            }
        }
    }

    private object BindList(YamlNode node, ValueSpec spec, string path)
    {
        if (node is not YamlSequence q) throw Mismatch(node, spec, path);
        if (spec.Kind == ValueKind.Array)
        {
            var array = Array.CreateInstanceFromArrayType(spec.Type, q.Items.Count);
            for (var i = 0; i < q.Items.Count; i++) array.SetValue(Bind(q.Items[i], spec.Element!, $"{path}[{i}]"), i);
            return array;
        }
        var list = (IList)Activator.CreateInstance(spec.ConcreteType!, q.Items.Count)!;
        for (var i = 0; i < q.Items.Count; i++) list.Add(Bind(q.Items[i], spec.Element!, $"{path}[{i}]"));
        return list;
    }

    private object BindDictionary(YamlNode node, ValueSpec spec, string path)
    {
        if (node is not YamlMapping m) throw Mismatch(node, spec, path);
        var map = (IDictionary)Activator.CreateInstance(spec.ConcreteType!, m.Entries.Count)!;
        foreach (var (keyNode, valueNode) in m.Entries)
        {
            var keyPath = Child(path, keyNode is YamlScalar ks ? ks.Value : "?");
            var key = Bind(keyNode, spec.Key!, keyPath);
            if (key is null) throw Error(keyNode, keyPath, $"expected a map key ({Expected(spec.Key!)}), found an empty key");
            if (map.Contains(key)) throw Error(keyNode, keyPath, $"duplicate key '{key}' (after environment substitution)");
            map.Add(key, Bind(valueNode, spec.Value!, keyPath));
        }
        return map;
    }

    private object? BindEither(YamlNode node, ValueSpec spec, string path)
    {
        var mark = _components.Count;
        ConfigurationException first;
        _probing++;
        try
        {
            var value = Bind(node, spec.Element!, path);
            return spec.FirstConstructor!.Invoke([value]);
        }
        catch (ConfigurationException e)
        {
            first = e;
            DisposeBuilt(mark);
        }
        finally
        {
            _probing--;
        }
        _probing++;
        try
        {
            var value = Bind(node, spec.Key!, path);
            return spec.SecondConstructor!.Invoke([value]);
        }
        catch (ConfigurationException second)
        {
            DisposeBuilt(mark);
            // A problem deeper inside the value (a component's key) says more than "expected A or B".
            var deeper = (first.YamlPath?.Length ?? 0) >= (second.YamlPath?.Length ?? 0) ? first : second;
            if ((deeper.YamlPath?.Length ?? 0) > path.Length) throw deeper;
            throw Error(node, path, $"expected {Expected(spec)}, found {Found(node)}");
        }
        finally
        {
            _probing--;
        }
    }

    private object BindComponent(YamlNode node, [DynamicallyAccessedMembers(ComponentModel.Reflected)] Type type, ValueSpec spec, string path)
    {
        var fits = spec.Kind switch
        {
            ValueKind.Component or ValueKind.Object => spec.Type.IsAssignableFrom(type),
            ValueKind.Either => true,
            _ => false,
        };
        if (spec.Kind == ValueKind.Either) return BindEither(node, spec, path)!;
        if (!fits)
            throw Error(node, path, $"expected {Expected(spec)}, found !{node.LocalTag} (a {type.Name}, which is not {Article(spec.Type)})");
        if (_built.TryGetValue(node, out var existing)) return existing;
        return BuildComponent(node, type, path, "!" + node.LocalTag);
    }

    private object BuildComponent(YamlNode node, [DynamicallyAccessedMembers(ComponentModel.Reflected)] Type type, string path, string name)
    {
        ComponentModel model;
        try
        {
            model = ComponentModel.For(type);
        }
        catch (ArgumentException e)
        {
            throw Error(node, path, e.Message, e);
        }
        IReadOnlyList<YamlEntry> entries;
        switch (node)
        {
            case YamlMapping m:
                entries = m.Entries;
                break;
            case YamlScalar s:
                if (s.Value.Length > 0 && !CoreSchema.IsNull(s.Value))
                    Log.ScalarValueIgnored(Logger, s.Value, type.Name, file, s.Line);
                entries = [];
                break;
            default:
                throw Error(node, path, $"expected a mapping of {name}'s keys ({string.Join(", ", model.Configurable.Select(c => c.Key))}), found {Found(node, ignoreTag: true)} tagged !{node.LocalTag}");
        }

        var args = new object?[model.ParameterCount];
        // Per member (by index): the key node given for it and the bound value.
        var givenKeys = new YamlNode?[model.Members.Count];
        var givenNodes = new YamlNode?[model.Members.Count];
        var givenValues = new object?[model.Members.Count];
        var failed = false;
        foreach (var (keyNode, valueNode) in entries)
        {
            try
            {
                var key = KeyText(keyNode, path);
                var keyPath = Child(path, key);
                if (!model.TryGetMember(key, out var member)) throw UnknownKey(keyNode, keyPath, key, model, name);
                if (givenKeys[member.Index] is YamlScalar earlier)
                    throw Error(keyNode, keyPath, $"'{key}' and '{earlier.Value}' (line {earlier.Line}) set the same value of {name}: give only one");
                givenKeys[member.Index] = keyNode;
                givenNodes[member.Index] = valueNode;
                var value = Bind(valueNode, member.Spec, keyPath);
                Validate(member, value, valueNode, keyPath);
                givenValues[member.Index] = value;
            }
            catch (ConfigurationException e) when (_probing == 0)
            {
                Record(e);
                failed = true;
            }
            catch (ComponentSkippedException)
            {
                failed = true;
            }
        }

        foreach (var member in model.Members)
        {
            if (member.ParameterIndex < 0) continue;
            if (member.IsService)
                args[member.ParameterIndex] = member.Spec.Type == typeof(AgentServices) ? services : services.GetService(member.Spec.Type, type);
            else if (givenKeys[member.Index] is not null)
                args[member.ParameterIndex] = givenValues[member.Index];
            else if (member.IsRequired)
                failed |= Missing(node, path, member, name);
            else
                args[member.ParameterIndex] = member.DefaultValue;
        }
        foreach (var member in model.Members)
            if (member.Property is not null && member.IsRequired && givenKeys[member.Index] is null)
                failed |= Missing(node, path, member, name);
        if (failed) throw new ComponentSkippedException();

        object instance;
        try
        {
            instance = model.Constructor.Invoke(args);
            foreach (var member in model.Members)
                if (member.Property is not null && givenKeys[member.Index] is not null) member.Property.SetValue(instance, givenValues[member.Index]);
            if (instance is IValidatableComponent validatable) Validated(validatable);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner and not OutOfMemoryException)
        {
            // Point at the key the component complained about when it says which one.
            var blamed = inner is ArgumentException { ParamName: { } p }
                ? model.Members.FirstOrDefault(m => (m.ClrName == p || m.Key == p) && givenNodes[m.Index] is not null)
                : null;
            // ArgumentException appends " (Parameter 'x')" to the component's sentence: the key is named already.
            var said = inner is ArgumentException { ParamName: { } param } argument
                ? argument.Message.Replace($" (Parameter '{param}')", "", StringComparison.Ordinal)
                : inner.Message;
            if (blamed is not null)
                throw Error(givenNodes[blamed.Index]!, Child(path, blamed.Key), $"{name} rejected '{blamed.Key}': {said}", inner);
            if (inner is ArgumentException { ParamName: not null })
                throw Error(node, path, $"{name}: {said}", inner);
            throw Error(node, path, $"{name} cannot be created: {inner.GetType().Name}: {said}", inner);
        }
        _built[node] = instance;
        _components.Add(instance);
        _componentNodes.Add(node);
        return instance;
    }

    /// <summary>Runs a component's cross-key check the way a constructor's own check is reported (wrapped like a reflection call).</summary>
    private static void Validated(IValidatableComponent component)
    {
        try
        {
            component.Validate();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new TargetInvocationException(e);
        }
    }

    /// <summary>Records (or, while probing, throws) a missing required key; returns true.</summary>
    private bool Missing(YamlNode node, string path, ConfigMember member, string name)
    {
        var e = Error(node, path, $"missing required key '{member.Key}' of {name}: expected {Expected(member.Spec)}");
        if (_probing > 0) throw e;
        Record(e);
        return true;
    }

    private void Validate(ConfigMember member, object? value, YamlNode node, string path)
    {
        if (value is null || member.Validators.Count == 0) return;
        foreach (var validator in member.Validators)
        {
            switch (validator.Target)
            {
                case ValidationTarget.Value:
                    Check(validator, value, node, path);
                    break;
                case ValidationTarget.Items when value is IDictionary && node is YamlMapping:
                case ValidationTarget.Values when value is IDictionary && node is YamlMapping:
                {
                    var entries = ((YamlMapping)node).Entries;
                    var i = 0;
                    foreach (DictionaryEntry e in (IDictionary)value)
                    {
                        var (keyNode, valueNode) = entries[i++];
                        Check(validator, e.Value, valueNode, Child(path, keyNode is YamlScalar s ? s.Value : "?"));
                    }
                    break;
                }
                case ValidationTarget.Keys when value is IDictionary && node is YamlMapping:
                {
                    var entries = ((YamlMapping)node).Entries;
                    var i = 0;
                    foreach (DictionaryEntry e in (IDictionary)value)
                    {
                        var keyNode = entries[i++].Key;
                        Check(validator, e.Key, keyNode, Child(path, keyNode is YamlScalar s ? s.Value : "?"));
                    }
                    break;
                }
                case ValidationTarget.Items when value is IEnumerable items && value is not string && node is YamlSequence q:
                {
                    var i = 0;
                    foreach (var item in items)
                    {
                        Check(validator, item, q.Items[i], $"{path}[{i}]");
                        i++;
                    }
                    break;
                }
                default:
                    throw Error(node, path, $"a [{validator.GetType().Name} Target = {validator.Target}] check does not apply to {Found(node)}");
            }
        }
    }

    private void Check(ConfigValidationAttribute validator, object? value, YamlNode node, string path)
    {
        value = Unwrap(value);
        if (value is null) return;
        var problem = validator.Validate(value);
        if (problem is null) return;
        // The reference's sentences name the limit and what was given ("Maximum value is 60. Got 61."): said once.
        throw Error(node, path, problem.Contains(". Got ", StringComparison.Ordinal)
            ? problem
            : $"expected {validator.Expected}, found {FoundValue(value)}: {problem}");
    }

    /// <summary>What a validation attribute sees: an Either's chosen value, a TimeSpan as seconds.</summary>
    private static object? Unwrap(object? value)
    {
        if (value is TimeSpan span) return span.TotalSeconds;
        return value is IEither either ? Unwrap(either.Value) : value;
    }

    private string KeyText(YamlNode keyNode, string path) => keyNode switch
    {
        YamlScalar { LocalTag: null } s => Text(s, path),
        _ => throw Error(keyNode, path, $"expected a plain key name, found {Found(keyNode)}"),
    };

    private ConfigurationException UnknownTag(YamlNode node, string path, string tag)
    {
        var close = NameSuggestion.Closest(tag, registry.Tags);
        return Error(node, path, $"unknown tag '!{ConfigurationErrors.Shortened(tag, 100)}'{(close is null ? "" : $" (did you mean '!{close}'?)")}. Registered tags: {TagList(registry.Tags)}");
    }

    private ConfigurationException UnknownKey(YamlNode keyNode, string keyPath, string key, ComponentModel model, string name)
    {
        var close = NameSuggestion.Closest(key, model.AllKeys);
        var valid = string.Join(", ", model.Configurable.Select(m => m.KeysText));
        return Error(keyNode, keyPath, $"unknown key '{key}' for {name}{(close is null ? "" : $" (did you mean '{close}'?)")}. Valid keys: {(valid.Length == 0 ? "none" : valid)}");
    }

    private ConfigurationException Mismatch(YamlNode node, ValueSpec spec, string path) =>
        Error(node, path, $"expected {Expected(spec)}, found {Found(node)}");

    private static string TagList(IEnumerable<string> tags)
    {
        var text = string.Join(", ", tags.Select(t => "!" + t));
        return text.Length == 0 ? "none" : text;
    }

    /// <summary>What a value of <paramref name="spec"/> looks like in YAML, for messages.</summary>
    public string Expected(ValueSpec spec) => spec.Kind switch
    {
        ValueKind.String => "a string",
        ValueKind.Boolean => "true or false",
        ValueKind.Integer => "an integer",
        ValueKind.Float => "a number",
        ValueKind.TimeSpan => "a number of seconds",
        ValueKind.Enum => "one of " + string.Join(", ", EnumNames(spec.Type)),
        ValueKind.Object => "any value",
        ValueKind.List or ValueKind.Array => $"a list (each item {Expected(spec.Element!)})",
        ValueKind.Dictionary => $"a mapping ({Expected(spec.Key!)} → {Expected(spec.Value!)})",
        ValueKind.Either => $"{Expected(spec.Element!)} or {Expected(spec.Key!)}",
        _ => ExpectedComponent(spec.Type),
    };

    private string ExpectedComponent([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type)
    {
        var tags = registry.TagsAssignableTo(type).ToArray();
        if (ComponentModel.IsConstructible(type) && !type.IsAssignableFrom(typeof(string)))
            return tags.Length == 0 ? $"a mapping of {type.Name}'s keys" : $"{TagList(tags)} or a mapping of {type.Name}'s keys";
        return tags.Length == 0
            ? $"a tagged {type.Name} component (no registered tag implements {type.Name})"
            : $"a tagged {type.Name} component ({TagList(tags)})";
    }

    private static string Article(Type type) => ("aeiouAEIOU".Contains(type.Name[0]) ? "an " : "a ") + type.Name;

    private static IEnumerable<string> EnumNames(Type type) => Enum.GetNames(type).Select(SnakeCase.From);

    private static object? ParseEnum(string text, Type type)
    {
        var squashed = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        foreach (var name in Enum.GetNames(type))
            if (name.Equals(squashed, StringComparison.OrdinalIgnoreCase) || SnakeCase.From(name).Equals(text, StringComparison.OrdinalIgnoreCase))
                return Enum.Parse(type, name);
        return null;
    }

    /// <summary>How a node reads in a message: <c>'abc' (a string)</c>, <c>61 (an integer)</c>, <c>a list of 2 items</c>, <c>!Tag</c>.</summary>
    public string Found(YamlNode node, bool ignoreTag = false)
    {
        switch (node)
        {
            case { LocalTag: { } tag } when !ignoreTag:
                return "!" + tag;
            case YamlScalar s:
            {
                var text = EnvironmentSubstitution.Substitute(s.Value, getEnv, out _) ?? s.Value;
                return FoundScalar(text, CoreSchema.Classify(text, s.IsPlain, s.Tag), !s.IsPlain);
            }
            case YamlSequence q:
                return q.Items.Count == 1 ? "a list of 1 item" : $"a list of {q.Items.Count} items";
            default:
            {
                var m = (YamlMapping)node;
                if (m.Entries.Count == 0) return "an empty mapping";
                var keys = string.Join(", ", m.KeyTexts.Take(5)) + (m.Entries.Count > 5 ? ", ..." : "");
                return $"a mapping with keys {keys}";
            }
        }
    }

    private static string FoundScalar(string text, ScalarKind kind, bool quoted) => kind switch
    {
        ScalarKind.Null => "an empty value (null)",
        ScalarKind.Boolean => $"{text} (a boolean)",
        ScalarKind.Integer => $"{text} (an integer)",
        ScalarKind.Float => $"{text} (a number)",
        _ => $"'{Shorten(text)}' ({(quoted ? "a quoted string" : "a string")})",
    };

    private static string FoundValue(object value) => value switch
    {
        string s => $"'{Shorten(s)}'",
        IDictionary map => map.Count == 0 ? "an empty mapping"
            : $"a mapping with keys {string.Join(", ", map.Keys.Cast<object>().Take(5).Select(k => Shorten(k.ToString() ?? "")))}{(map.Count > 5 ? ", ..." : "")}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? value.GetType().Name,
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
