namespace Wca.Discovery.Kubernetes;

/// <summary>A pod's <c>status.qosClass</c>: it decides where the kubelet puts the pod's cgroup.</summary>
internal enum PodQosClass
{
    Guaranteed,
    Burstable,
    BestEffort,
}
