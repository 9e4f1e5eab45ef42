using Wca.Api.Configuration;
using Wca.Measurement.Catalog;

namespace Wca.Host.Configuration;

/// <summary>
/// A configured label (extra_labels) must not reuse a label the agent sets itself on some series (<c>cpu</c>,
/// <c>numa_node</c>, <c>task_id</c>, ...): the agent's value would either be overwritten or the series duplicated.
/// The names come from the metric catalogue's level labels, so a new metric's labels are covered without a change here.
/// </summary>
internal sealed class NotAgentLabelAttribute : ConfigValidationAttribute
{
    /// <summary>Every label the agent puts on a series besides the common ones (host and the optional platform facts).</summary>
    public static IReadOnlySet<string> AgentLabels { get; } = MetricCatalog.All
        .SelectMany(e => e.Levels)
        .Append("task_id")
        .Append("task_name")
        .ToHashSet(StringComparer.Ordinal);

    public override string Expected => "a label name the agent does not set itself";

    public override string? Validate(object value) =>
        value is string name && AgentLabels.Contains(name)
            ? $"'{name}' is a label the agent sets itself (its own labels: {string.Join(", ", AgentLabels.Order(StringComparer.Ordinal))}): choose another name."
            : null;
}
