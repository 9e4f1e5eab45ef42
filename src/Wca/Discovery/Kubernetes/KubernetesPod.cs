namespace Wca.Discovery.Kubernetes;

/// <summary>What the agent reads of one pod of a PodList; every field may be missing in the answer (null).</summary>
internal sealed class KubernetesPod
{
    public string? Namespace { get; set; }
    public string? Name { get; set; }
    public string? Uid { get; set; }
    public string? NodeName { get; set; }
    public string? HostIp { get; set; }
    public string? Phase { get; set; }
    public string? QosClass { get; set; }

    /// <summary><c>metadata.labels</c> in answer order (keys as Kubernetes spells them).</summary>
    public List<KeyValuePair<string, string>> Labels { get; } = [];

    /// <summary><c>status.containerStatuses</c> in answer order; null when the key is missing or null.</summary>
    public List<PodContainerStatus>? Containers { get; set; }

    /// <summary>
    /// <c>spec.containers[].resources</c> summed over containers, keyed <c>requests_&lt;name&gt;</c> and
    /// <c>limits_&lt;name&gt;</c> with the resource's own name (<c>requests_cpu</c>, <c>limits_nvidia.com/gpu</c>).
    /// </summary>
    public Dictionary<string, double> Resources { get; } = new(StringComparer.Ordinal);

    /// <summary>The first quantity that could not be read (the pod is still listed, without it).</summary>
    public string? BadQuantity { get; set; }
}

/// <summary>One entry of <c>status.containerStatuses</c>.</summary>
/// <param name="State">The first key of <c>state</c> (<c>running</c>, <c>waiting</c>, <c>terminated</c>), or null.</param>
internal readonly record struct PodContainerStatus(string? Name, bool Ready, string? ContainerId, string? State);
