using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace Wca.Api;

/// <summary>
/// A task as reported by a node. Identified across iterations by <see cref="CgroupPath"/>. Built with an object
/// initializer (or the convenience constructor); new properties may be added in later versions without breaking
/// compiled plugins.
/// </summary>
public sealed record NodeTask
{
    /// <summary>No container cgroups (the task is its own cgroup).</summary>
    public static readonly IReadOnlyList<string> NoSubcgroups = ReadOnlyCollection<string>.Empty;

    /// <summary>No labels.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoLabels = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>No resources.</summary>
    public static readonly IReadOnlyDictionary<string, object> NoResources = ReadOnlyDictionary<string, object>.Empty;

    /// <summary>An empty task; set at least <see cref="Name"/>, <see cref="TaskId"/> and <see cref="CgroupPath"/>.</summary>
    public NodeTask()
    {
    }

    /// <summary>A task with every property given.</summary>
    /// <param name="name">Human-friendly name.</param>
    /// <param name="taskId">Orchestrator id.</param>
    /// <param name="cgroupPath">Cgroup of the task relative to a hierarchy root, starting with '/'.</param>
    /// <param name="subcgroupPaths">Container cgroups inside the task (pods); empty otherwise.</param>
    /// <param name="labels">Metadata.</param>
    /// <param name="resources">Initial resources.</param>
    [SetsRequiredMembers]
    public NodeTask(string name, string taskId, string cgroupPath, IReadOnlyList<string> subcgroupPaths,
        IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, object> resources)
    {
        Name = name;
        TaskId = taskId;
        CgroupPath = cgroupPath;
        SubcgroupPaths = subcgroupPaths;
        Labels = labels;
        Resources = resources;
    }

    /// <summary>Human-friendly name.</summary>
    public required string Name { get; init; }

    /// <summary>Orchestrator id; the key of every per-task map handed to plugins.</summary>
    public required string TaskId { get; init; }

    /// <summary>Cgroup of the task relative to a hierarchy root, starting with '/'.</summary>
    public required string CgroupPath { get; init; }

    /// <summary>
    /// Container cgroups inside the task (a pod's containers), relative to a hierarchy root; empty otherwise. When
    /// given, the task is measured from these and their values are merged (counters summed, gauges averaged).
    /// </summary>
    public IReadOnlyList<string> SubcgroupPaths { get; init; } = NoSubcgroups;

    /// <summary>Metadata; keys are sanitized into Prometheus label names by the runner before use.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = NoLabels;

    /// <summary>Initial resources (numbers as double, anything else as string), e.g. <c>cpus</c>, <c>mem</c>.</summary>
    public IReadOnlyDictionary<string, object> Resources { get; init; } = NoResources;

    /// <summary>A task with only a cgroup: name and id default to the path without its leading '/'.</summary>
    public static NodeTask ForCgroup(string cgroupPath)
    {
        var path = cgroupPath.StartsWith('/') ? cgroupPath : "/" + cgroupPath;
        var id = path.TrimStart('/');
        return new NodeTask { Name = id, TaskId = id, CgroupPath = path };
    }
}
