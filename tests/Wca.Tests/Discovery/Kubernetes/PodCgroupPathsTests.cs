using Wca.Discovery.Kubernetes;

namespace Wca.Tests.Discovery.Kubernetes;

/// <summary>The layouts of kubernetes-today.md §2.2: both drivers × every QoS class × docker, containerd and CRI-O.</summary>
public sealed class PodCgroupPathsTests
{
    private const string Uid = "4d6a81df-3448-11e9-8e1d-246e96663c22";
    private const string Escaped = "4d6a81df_3448_11e9_8e1d_246e96663c22";
    private static readonly string Id = new('a', 64);

    [Theory]
    [InlineData(KubernetesCgroupDriver.Cgroupfs, PodQosClass.Guaranteed, "/kubepods/pod" + Uid)]
    [InlineData(KubernetesCgroupDriver.Cgroupfs, PodQosClass.Burstable, "/kubepods/burstable/pod" + Uid)]
    [InlineData(KubernetesCgroupDriver.Cgroupfs, PodQosClass.BestEffort, "/kubepods/besteffort/pod" + Uid)]
    [InlineData(KubernetesCgroupDriver.Systemd, PodQosClass.Guaranteed, "/kubepods.slice/kubepods-pod" + Escaped + ".slice")]
    [InlineData(KubernetesCgroupDriver.Systemd, PodQosClass.Burstable, "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + Escaped + ".slice")]
    [InlineData(KubernetesCgroupDriver.Systemd, PodQosClass.BestEffort, "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + Escaped + ".slice")]
    internal void Pod_cgroups_are_where_the_kubelet_puts_them(KubernetesCgroupDriver driver, PodQosClass qos, string expected)
    {
        Assert.Equal(expected, new PodCgroupPaths(driver).Pod(qos, Uid));
        Assert.Equal("/wca-test-x" + expected, new PodCgroupPaths(driver, "/wca-test-x/").Pod(qos, Uid));
        Assert.Equal("/wca-test-x" + expected, new PodCgroupPaths(driver, "wca-test-x").Pod(qos, Uid));
    }

    [Theory]
    [InlineData(KubernetesCgroupDriver.Cgroupfs, "docker", "{0}")]
    [InlineData(KubernetesCgroupDriver.Cgroupfs, "containerd", "{0}")]
    [InlineData(KubernetesCgroupDriver.Cgroupfs, "cri-o", "crio-{0}")]
    [InlineData(KubernetesCgroupDriver.Systemd, "docker", "docker-{0}.scope")]
    [InlineData(KubernetesCgroupDriver.Systemd, "containerd", "cri-containerd-{0}.scope")]
    [InlineData(KubernetesCgroupDriver.Systemd, "cri-o", "crio-{0}.scope")]
    internal void Container_cgroups_are_named_by_their_runtime(KubernetesCgroupDriver driver, string runtime, string name)
    {
        var paths = new PodCgroupPaths(driver);
        foreach (var qos in new[] { PodQosClass.Guaranteed, PodQosClass.Burstable, PodQosClass.BestEffort })
        {
            var pod = paths.Pod(qos, Uid);
            Assert.Equal(pod + "/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, name, Id), paths.Container(pod, runtime + "://" + Id));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("docker://")]
    [InlineData("://abc")]
    [InlineData("containerd://../../etc")]
    [InlineData("containerd://..")]
    [InlineData("containerd://a/b")]
    public void A_missing_or_unsafe_container_id_has_no_cgroup(string? containerId) =>
        Assert.Null(new PodCgroupPaths(KubernetesCgroupDriver.Cgroupfs).Container("/kubepods/podx", containerId));
}
