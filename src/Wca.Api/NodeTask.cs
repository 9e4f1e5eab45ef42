namespace Wca.Api;

/// <summary>A task as reported by a node. Identified across iterations by <see cref="CgroupPath"/>.</summary>
/// <param name="Name">Human-friendly name.</param>
/// <param name="TaskId">Orchestrator id; the key of every per-task map handed to plugins.</param>
/// <param name="CgroupPath">Cgroup of the task relative to a hierarchy root, starting with '/'.</param>
/// <param name="SubcgroupPaths">Container cgroups inside the task (pods); empty otherwise.</param>
/// <param name="Labels">Metadata; keys are sanitized by the runner before use.</param>
/// <param name="Resources">Initial resources (numbers as double, anything else as string).</param>
public sealed record NodeTask(
    string Name,
    string TaskId,
    string CgroupPath,
    IReadOnlyList<string> SubcgroupPaths,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, object> Resources)
{
    /// <summary>Shared empty <see cref="SubcgroupPaths"/>.</summary>
    public static readonly IReadOnlyList<string> NoSubcgroups = Array.Empty<string>();
    /// <summary>Shared empty <see cref="Labels"/>.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();
    /// <summary>Shared empty <see cref="Resources"/>.</summary>
    public static readonly IReadOnlyDictionary<string, object> NoResources = new Dictionary<string, object>();

    /// <summary>A task with only a cgroup: name and id default to the path without its leading '/'.</summary>
    public static NodeTask ForCgroup(string cgroupPath)
    {
        var path = cgroupPath.StartsWith('/') ? cgroupPath : "/" + cgroupPath;
        var id = path.TrimStart('/');
        return new NodeTask(id, id, path, NoSubcgroups, NoLabels, NoResources);
    }
}
