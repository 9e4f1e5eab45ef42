namespace Wca.Discovery.Kubernetes;

/// <summary>Where a <see cref="KubernetesNode"/> asks for the pods of this node.</summary>
public enum KubernetesMode
{
    /// <summary>The kubelet's <c>GET /pods</c> (the 2019 node; needs <c>nodes/proxy</c> or, from 1.33, <c>nodes/pods</c>).</summary>
    Kubelet,

    /// <summary>The kube-apiserver's <c>GET /api/v1/namespaces/&lt;ns&gt;/pods</c> per monitored namespace (the final release's default).</summary>
    ApiServer,
}
