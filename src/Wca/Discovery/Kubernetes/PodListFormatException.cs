namespace Wca.Discovery.Kubernetes;

/// <summary>A kubelet or apiserver answer that is not a PodList the agent can read (not JSON, truncated, wrong shape).</summary>
internal sealed class PodListFormatException(string message, Exception? inner = null) : Exception(message, inner);
