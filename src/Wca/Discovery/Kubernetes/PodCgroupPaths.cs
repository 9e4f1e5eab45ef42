namespace Wca.Discovery.Kubernetes;

/// <summary>
/// The cgroup paths the kubelet and the container runtime give a pod and its containers (kubernetes-today.md §2.2):
/// pod names from the kubelet's <c>CgroupName.ToSystemd()</c> or cgroupfs join, container names chosen by the runtime
/// named in <c>containerID</c> (<c>docker://</c>, <c>containerd://</c>, <c>cri-o://</c>). The same paths hold under
/// every hierarchy (cgroup v1 controllers and cgroup2). <see cref="Prefix"/> is where the kubelet's tree sits when it
/// is not at the root (a kubelet in a container, e.g. kind's <c>/system.slice/docker-&lt;id&gt;.scope</c>, or a test).
/// </summary>
internal sealed class PodCgroupPaths(KubernetesCgroupDriver driver, string prefix = "")
{
    public KubernetesCgroupDriver Driver { get; } = driver;

    /// <summary>A cgroup path without a trailing '/', or "" for the root.</summary>
    public string Prefix { get; } = prefix.TrimEnd('/') is { Length: > 0 } p ? (p.StartsWith('/') ? p : "/" + p) : "";

    /// <summary>The pod's cgroup, e.g. <c>/kubepods/burstable/pod4d6a81df-…</c> or <c>/kubepods.slice/kubepods-pod4d6a81df_….slice</c>.</summary>
    public string Pod(PodQosClass qos, string uid)
    {
        if (Driver == KubernetesCgroupDriver.Cgroupfs)
        {
            return qos switch
            {
                PodQosClass.Guaranteed => $"{Prefix}/kubepods/pod{uid}",
                PodQosClass.Burstable => $"{Prefix}/kubepods/burstable/pod{uid}",
                _ => $"{Prefix}/kubepods/besteffort/pod{uid}",
            };
        }
        // systemd: every '-' inside a name component is escaped to '_'; Guaranteed pods sit directly under kubepods.
        var escaped = uid.Replace('-', '_');
        return qos switch
        {
            PodQosClass.Guaranteed => $"{Prefix}/kubepods.slice/kubepods-pod{escaped}.slice",
            PodQosClass.Burstable => $"{Prefix}/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{escaped}.slice",
            _ => $"{Prefix}/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{escaped}.slice",
        };
    }

    /// <summary>
    /// A container's cgroup inside <paramref name="podPath"/> from its <c>containerID</c> (<c>runtime://id</c>), or null
    /// when the id is missing or malformed.
    /// </summary>
    public string? Container(string podPath, string? containerId)
    {
        if (containerId is null) return null;
        var separator = containerId.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || separator + 3 >= containerId.Length) return null;
        var runtime = containerId.AsSpan(0, separator);
        var id = containerId.AsSpan(separator + 3);
        if (id.ContainsAny('/', '\0') || id.SequenceEqual(".") || id.SequenceEqual("..")) return null;
        if (Driver == KubernetesCgroupDriver.Cgroupfs)
            return runtime is "cri-o" ? $"{podPath}/crio-{id}" : $"{podPath}/{id}";
        var unit = runtime switch
        {
            "containerd" => "cri-containerd",
            "cri-o" => "crio",
            "docker" => "docker",
            _ => runtime.ToString(),
        };
        return $"{podPath}/{unit}-{id}.scope";
    }
}
