using Wca.Api;

namespace Wca.Discovery.Kubernetes;

/// <summary>
/// Turns the pods of an answer into tasks: one task per running pod whose containers are all ready, with the pod's
/// cgroup as the task's cgroup and its containers' cgroups as sub-cgroups. A pod that is not (yet) a task gets a
/// reason instead. A pod whose task is the same as last time yields the same <see cref="NodeTask"/> instance, so the
/// runner's bookkeeping sees nothing changed; a restarted container (new id) gives a new task with its new cgroup.
/// </summary>
internal sealed class PodTaskBuilder(PodCgroupPaths paths, IReadOnlyCollection<string> monitoredNamespaces)
{
    /// <summary>The label every Kubernetes task has: its QoS class, lower case (the name the original gave it).</summary>
    public const string QosLabel = "app_kubernetes_io__qos_class";

    private readonly HashSet<string> _namespaces = new(monitoredNamespaces, StringComparer.Ordinal);
    private Dictionary<string, NodeTask> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, NodeTask> _current = new(StringComparer.Ordinal);

    public PodCgroupPaths Paths { get; } = paths;

    /// <summary>
    /// Keep only pods bound to this node: by <c>spec.nodeName</c> when set, else by <c>status.hostIP</c> when set
    /// (apiserver mode); kubelet mode sets neither (the kubelet lists only its own pods).
    /// </summary>
    public string? NodeName { get; init; }

    /// <inheritdoc cref="NodeName"/>
    public string? NodeIp { get; init; }

    /// <summary>Call before the pods of one answer.</summary>
    public void Begin() => _current.Clear();

    /// <summary>Call after the pods of one answer: forgets the tasks of pods that are gone.</summary>
    public void End() => (_previous, _current) = (_current, _previous);

    /// <summary>The pod's task, or null with <paramref name="skipReason"/> saying why it is not one now.</summary>
    /// <param name="cgroupExists">Whether a cgroup path exists on this node.</param>
    public NodeTask? Build(KubernetesPod pod, Func<string, bool> cgroupExists, out string? skipReason)
    {
        skipReason = Filter(pod, out var qos);
        if (skipReason is not null) return null;
        var uid = pod.Uid!;
        var podPath = Paths.Pod(qos, uid);
        var containers = new string[pod.Containers!.Count];
        for (var i = 0; i < containers.Length; i++)
        {
            var status = pod.Containers[i];
            if (!status.Ready)
            {
                skipReason = $"container {status.Name} is in state={status.State ?? "unknown"} (not ready)";
                return null;
            }
            if (Paths.Container(podPath, status.ContainerId) is not { } path)
            {
                skipReason = $"container {status.Name} has no usable containerID ('{status.ContainerId}')";
                return null;
            }
            containers[i] = path;
        }
        if (!cgroupExists(podPath))
        {
            skipReason = $"its cgroup {podPath} does not exist on this node (yet)";
            return null;
        }
        foreach (var path in containers)
        {
            if (!cgroupExists(path))
            {
                skipReason = $"the cgroup {path} of a container does not exist (yet)";
                return null;
            }
        }

        var name = pod.Namespace + "/" + pod.Name;
        var labels = Labels(pod, qos);
        var resources = Resources(pod);
        if (_previous.TryGetValue(uid, out var last) && last.Name == name && last.CgroupPath == podPath
            && last.SubcgroupPaths.SequenceEqual(containers, StringComparer.Ordinal) && Same(last.Labels, labels) && Same(last.Resources, resources))
        {
            _current[uid] = last;
            return last;
        }
        var task = new NodeTask(name, uid, podPath, containers, labels, resources);
        _current[uid] = task;
        return task;
    }

    private string? Filter(KubernetesPod pod, out PodQosClass qos)
    {
        qos = default;
        if (pod.Containers is not { Count: > 0 }) return "it has no container statuses (pending)";
        if (pod.Namespace is null || !_namespaces.Contains(pod.Namespace)) return $"its namespace '{pod.Namespace}' is not monitored";
        if (NodeName is not null)
        {
            if (pod.NodeName != NodeName) return pod.NodeName is null ? "it is not bound to a node yet" : $"it runs on node {pod.NodeName}";
        }
        else if (NodeIp is not null)
        {
            if (pod.HostIp != NodeIp) return pod.HostIp is null ? "it is not bound to a node yet" : $"it runs on host {pod.HostIp}";
        }
        if (pod.Phase != "Running") return $"its phase is {pod.Phase ?? "unknown"}";
        if (pod.Uid is null || pod.Name is null) return "it has no metadata.uid or metadata.name";
        if (!IsSafeUid(pod.Uid)) return $"its uid '{pod.Uid}' is not a Kubernetes UID";
        if (!TryQos(pod.QosClass, out qos)) return $"its qosClass '{pod.QosClass}' is none of Guaranteed, Burstable, BestEffort";
        return null;
    }

    /// <summary>A UID (or a static pod's config hash) names a cgroup: letters, digits and '-' only.</summary>
    private static bool IsSafeUid(string uid)
    {
        if (uid.Length is 0 or > 128) return false;
        foreach (var c in uid)
            if (!char.IsAsciiLetterOrDigit(c) && c != '-') return false;
        return true;
    }

    private static bool TryQos(string? text, out PodQosClass qos)
    {
        qos = default;
        if (string.Equals(text, "Guaranteed", StringComparison.OrdinalIgnoreCase)) qos = PodQosClass.Guaranteed;
        else if (string.Equals(text, "Burstable", StringComparison.OrdinalIgnoreCase)) qos = PodQosClass.Burstable;
        else if (string.Equals(text, "BestEffort", StringComparison.OrdinalIgnoreCase)) qos = PodQosClass.BestEffort;
        else return false;
        return true;
    }

    private static string QosValue(PodQosClass qos) => qos switch
    {
        PodQosClass.Guaranteed => "guaranteed",
        PodQosClass.Burstable => "burstable",
        _ => "besteffort",
    };

    /// <summary>Pod labels with the original's key rules (<c>.</c> and <c>-</c> → <c>_</c>, <c>/</c> → <c>__</c>; a later key wins), plus the QoS label.</summary>
    private static Dictionary<string, string> Labels(KubernetesPod pod, PodQosClass qos)
    {
        var labels = new Dictionary<string, string>(pod.Labels.Count + 1, StringComparer.Ordinal);
        foreach (var (key, value) in pod.Labels) labels[SanitizeKey(key)] = value;
        labels[QosLabel] = QosValue(qos);
        return labels;
    }

    internal static string SanitizeKey(string key)
    {
        if (key.AsSpan().IndexOfAny(".-/") < 0) return key;
        return key.Replace('.', '_').Replace('-', '_').Replace("/", "__", StringComparison.Ordinal);
    }

    /// <summary>
    /// The containers' requests and limits under their own names (<c>requests_cpu</c>, <c>limits_memory</c>,
    /// <c>requests_nvidia.com/gpu</c>) plus the final release's names: <c>requests_cpus</c>, <c>requests_mem</c>,
    /// <c>limits_cpus</c>, <c>limits_mem</c>, and <c>cpus</c>, <c>mem</c>, <c>disk</c> (the request, or the limit
    /// when only a limit is set, as Kubernetes defaults a request to its limit).
    /// </summary>
    private static IReadOnlyDictionary<string, object> Resources(KubernetesPod pod)
    {
        if (pod.Resources.Count == 0) return NodeTask.NoResources;
        var resources = new Dictionary<string, object>(pod.Resources.Count + 7, StringComparer.Ordinal);
        foreach (var (key, value) in pod.Resources) resources[key] = value;
        Alias(pod.Resources, resources, "requests_cpus", "requests_cpu", null);
        Alias(pod.Resources, resources, "requests_mem", "requests_memory", null);
        Alias(pod.Resources, resources, "limits_cpus", "limits_cpu", null);
        Alias(pod.Resources, resources, "limits_mem", "limits_memory", null);
        Alias(pod.Resources, resources, "cpus", "requests_cpu", "limits_cpu");
        Alias(pod.Resources, resources, "mem", "requests_memory", "limits_memory");
        Alias(pod.Resources, resources, "disk", "requests_ephemeral-storage", "limits_ephemeral-storage");
        return resources;
    }

    private static void Alias(Dictionary<string, double> from, Dictionary<string, object> to, string name, string first, string? second)
    {
        if (from.TryGetValue(first, out var v) || (second is not null && from.TryGetValue(second, out v))) to[name] = v;
    }

    private static bool Same<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b)
    {
        if (a.Count != b.Count) return false;
        foreach (var (k, v) in a)
            if (!b.TryGetValue(k, out var other) || !Equals(v, other)) return false;
        return true;
    }
}
