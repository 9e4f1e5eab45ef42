namespace Wca.Host.Configuration;

/// <summary>
/// The key's strings (the value, or each item, key and value of a collection) must be written as YAML strings: a
/// plain scalar that YAML's core schema reads as a number or boolean (<c>patterns: [1]</c>, <c>exclude: [yes]</c>) is
/// rejected instead of being turned into its text, because there the user almost certainly meant something else.
/// For keys whose values are names or patterns; label values stay lenient (<c>extra_labels: {k: 1}</c> is "1").
/// An <c>!Env</c> value is text by nature and is accepted as it is.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
internal sealed class YamlStringAttribute : Attribute;
