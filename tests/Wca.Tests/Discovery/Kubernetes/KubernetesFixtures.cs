using Wca.Discovery.Kubernetes;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery.Kubernetes;

/// <summary>The recorded kubelet answers (Fixtures/kubernetes) and the modern pod lists written from the kubelet's documentation.</summary>
internal static class KubernetesFixtures
{
    public static string Directory { get; } = Path.Combine(RepoLayout.Root, "tests/Wca.Tests/Fixtures/kubernetes");

    /// <summary>The original's kubelet /pods answer: 8 pods, two of them in default.</summary>
    public static string GetState => Path.Combine(Directory, "kubernetes_get_state.json");

    /// <summary>The original's answer with the default pod not ready (no container ids yet).</summary>
    public static string GetStateNotReady => Path.Combine(Directory, "kubernetes_get_state_not_ready.json");

    /// <summary>A 2026 kubelet answer (cgroup v2 era): containerd and CRI-O ids, every QoS class, extended resources, init containers.</summary>
    public static string ModernPods => Path.Combine(Directory, "pods_v2_containerd_crio.json");

    public static List<KubernetesPod> Read(string path)
    {
        var pods = new List<KubernetesPod>();
        PodListReader.Read(File.ReadAllBytes(path), pods);
        return pods;
    }
}
