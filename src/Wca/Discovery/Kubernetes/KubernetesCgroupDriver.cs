namespace Wca.Discovery.Kubernetes;

/// <summary>How the kubelet names cgroups (its <c>--cgroup-driver</c>): plain directories or systemd slices and scopes.</summary>
public enum KubernetesCgroupDriver
{
    /// <summary><c>/kubepods/burstable/pod&lt;uid&gt;/&lt;container id&gt;</c>.</summary>
    Cgroupfs,

    /// <summary><c>/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod&lt;uid_&gt;.slice/cri-containerd-&lt;id&gt;.scope</c> (kubeadm's default since 1.22).</summary>
    Systemd,
}
