using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Wca.Discovery.Http;
using Wca.Discovery.Kubernetes;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Kernel.Cgroups;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.Discovery.Http;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Discovery.Kubernetes;

/// <summary>
/// The whole agent (a real MeasurementRunner) on a !KubernetesNode asking a fake kubelet over HTTPS, with the pods'
/// and containers' cgroups created for real under a test prefix (<c>cgroup_prefix</c>) in the kubelet's cgroupfs and
/// systemd layouts, and real processes in the containers.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class KubernetesAgentTests : IClassFixture<OrchestratorClientTests.Pki>, IDisposable
{
    private const string WebUid = "0f1e2d3c-4b5a-4678-9abc-def012345678";
    private const string JobUid = "22222222-3333-4444-8555-666666666666";
    private static readonly string WebA = new('a', 64), WebB = new('b', 64), JobC = new('c', 64);

    private readonly TestCertificates _certs;
    private readonly OrchestratorServer _kubelet;
    private readonly TestCgroup _prefix = TestCgroup.Create("k8s");
    private readonly TestDirectory _dir = new();
    private readonly RecordingLoggerFactory _logs = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public KubernetesAgentTests(OrchestratorClientTests.Pki pki)
    {
        _certs = pki.Certificates;
        _kubelet = OrchestratorServer.StartHttps(_certs);
    }

    public void Dispose()
    {
        _kubelet.Dispose();
        _prefix.Dispose();
        _dir.Dispose();
    }

    private string Output => _dir.File("metrics.prom");

    private static GeneratedPod Web => new("default", "web-0", WebUid, "Burstable", ["containerd://" + WebA, "containerd://" + WebB],
        new Dictionary<string, string> { ["app.kubernetes.io/name"] = "web", ["pod-template-hash"] = "6d4cf56db6" });

    private static GeneratedPod Job => new("default", "job-xyz", JobUid, "BestEffort", ["containerd://" + JobC],
        new Dictionary<string, string> { ["job-name"] = "job-xyz" });

    private void Serve(params GeneratedPod[] pods) => _kubelet.SetGet("/pods", new OrchestratorRoute { Body = PodListGenerator.Write(pods) });

    /// <summary>Creates a chain of nested cgroups under the prefix; returns the last.</summary>
    private TestCgroup Create(params string[] segments)
    {
        var cgroup = _prefix;
        foreach (var segment in segments)
            cgroup = cgroup.CreateChild(segment);
        return cgroup;
    }

    private MeasurementRunner Runner(KubernetesCgroupDriver driver)
    {
        var services = new AgentServices(_logs, HostPaths.Default, new LogCounters(), _time);
        var node = new KubernetesNode(new CgroupFs(HostPaths.Default), _logs.CreateLogger("k8s"), driver, new SslSettings(_certs.CaPath),
            kubeletEndpoint: _kubelet.Url, cgroupPrefix: _prefix.CgroupPath, timeout: 15);
        var runner = new MeasurementRunner(services) { Node = node, MetricsStorage = new LogStorage(Output, overwrite: true) };
        Assert.Equal(0, runner.Initialize());
        return runner;
    }

    private IReadOnlyList<PrometheusSample> Iterate(MeasurementRunner runner)
    {
        _time.Advance(TimeSpan.FromSeconds(5));
        runner.RunIteration(0);
        var text = File.ReadAllText(Output);
        Promtool.AssertParses(text);
        return PrometheusSamples.Parse(text);
    }

    private static double Cpu(IReadOnlyList<PrometheusSample> samples, string uid) =>
        samples.Single(s => s.Name == "task_cpu_usage_seconds" && s["task_id"] == uid).Value;

    private static bool Up(IReadOnlyList<PrometheusSample> samples, string uid) => samples.Any(s => s.Name == "task_up" && s["task_id"] == uid);

    private static double CpuacctSeconds(TestCgroup cgroup)
    {
        if (cgroup.Layout.Cpuacct is { } cpuacct)
            return long.Parse(File.ReadAllText(CgroupLayout.Join(cpuacct, cgroup.CgroupPath) + "/cpuacct.usage"), CultureInfo.InvariantCulture) / 1e9;
        var stat = File.ReadAllLines(CgroupLayout.Join(cgroup.Layout.Unified!, cgroup.CgroupPath) + "/cpu.stat");
        return long.Parse(stat.First(l => l.StartsWith("usage_usec ", StringComparison.Ordinal))[11..], CultureInfo.InvariantCulture) / 1e6;
    }

    [Theory]
    [InlineData(KubernetesCgroupDriver.Cgroupfs)]
    [InlineData(KubernetesCgroupDriver.Systemd)]
    internal void Pods_are_measured_with_their_labels_and_containers_summed_and_survive_a_kubelet_outage(KubernetesCgroupDriver driver)
    {
        var systemd = driver == KubernetesCgroupDriver.Systemd;
        var webPod = systemd
            ? Create("kubepods.slice", "kubepods-burstable.slice", "kubepods-burstable-pod" + WebUid.Replace('-', '_') + ".slice")
            : Create("kubepods", "burstable", "pod" + WebUid);
        var jobPod = systemd
            ? Create("kubepods.slice", "kubepods-besteffort.slice", "kubepods-besteffort-pod" + JobUid.Replace('-', '_') + ".slice")
            : Create("kubepods", "besteffort", "pod" + JobUid);
        string Container(string id) => systemd ? $"cri-containerd-{id}.scope" : id;
        var webA = webPod.CreateChild(Container(WebA));
        var webB = webPod.CreateChild(Container(WebB));
        var jobC = jobPod.CreateChild(Container(JobC));
        var busyA = webA.StartStressNg("--cpu", "1", "--cpu-load", "40");
        var busyB = webB.StartStressNg("--cpu", "1", "--cpu-load", "40");
        jobC.StartSleeper();
        Serve(Web, Job);
        using var runner = Runner(driver);

        var first = Iterate(runner);
        Assert.True(Up(first, WebUid) && Up(first, JobUid), string.Join('\n', _logs.Lines.Select(l => l.Message)));
        var up = first.Single(s => s.Name == "task_up" && s["task_id"] == WebUid);
        Assert.Equal("default/web-0", up["task_name"]);
        Assert.Equal("web", up["app_kubernetes_io__name"]);
        Assert.Equal("6d4cf56db6", up["pod_template_hash"]);
        Assert.Equal("burstable", up["app_kubernetes_io__qos_class"]);
        Assert.Equal("besteffort", first.Single(s => s.Name == "task_up" && s["task_id"] == JobUid)["app_kubernetes_io__qos_class"]);
        Assert.Equal(2, first.Single(s => s.Name == "task_subcontainers" && s["task_id"] == WebUid).Value);
        Assert.Equal(0.25 * 2, first.Single(s => s.Name == "task_requested_cpus" && s["task_id"] == WebUid).Value, 9);

        // The kubelet goes away: the agent goes on measuring the pods it knew.
        Thread.Sleep(1000);
        _kubelet.Stop();
        var outage = Iterate(runner);
        Assert.True(Up(outage, WebUid) && Up(outage, JobUid));
        Assert.Equal(1, outage.Single(s => s.Name == "wca_failure_count" && s["stage"] == "discovery" && s["component"] == "connection_refused").Value);

        // The pod's CPU is its containers' CPU summed (frozen once the processes stop).
        busyA.Kill(entireProcessTree: true);
        busyB.Kill(entireProcessTree: true);
        busyA.WaitForExit();
        busyB.WaitForExit();
        Thread.Sleep(200);
        var frozen = Iterate(runner);
        var (a, b) = (CpuacctSeconds(webA), CpuacctSeconds(webB));
        Assert.True(a > 0.05 && b > 0.05, $"containers used {a} s and {b} s");
        Assert.Equal(a + b, Cpu(frozen, WebUid), 3);

        // Back with one pod fewer: that pod's series stop, the other's go on.
        _kubelet.Restart();
        Serve(Web);
        var back = Iterate(runner);
        Assert.True(Up(back, WebUid));
        Assert.False(Up(back, JobUid));
        Assert.DoesNotContain(back, s => s["task_id"] == JobUid);
        Assert.Single(_logs.Lines, l => l.Message.Contains("kubelet mode (kubelet_endpoint is given and kubeapi_host is not)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_restarted_container_is_measured_in_its_new_cgroup()
    {
        var pod = Create("kubepods", "besteffort", "pod" + JobUid);
        var old = pod.CreateChild(JobC);
        old.StartSleeper();
        Serve(Job);
        using var runner = Runner(KubernetesCgroupDriver.Cgroupfs);
        Assert.True(Up(Iterate(runner), JobUid));

        var fresh = new string('d', 64);
        var restarted = pod.CreateChild(fresh);
        var busy = restarted.StartStressNg("--cpu", "1", "--cpu-load", "40");
        Serve(Job with { ContainerIds = ["containerd://" + fresh] });
        Thread.Sleep(1000);
        Iterate(runner);
        busy.Kill(entireProcessTree: true);
        busy.WaitForExit();
        Thread.Sleep(200);
        var samples = Iterate(runner);
        Assert.Equal(1, samples.Single(s => s.Name == "task_subcontainers" && s["task_id"] == JobUid).Value);
        Assert.Equal(CpuacctSeconds(restarted), Cpu(samples, JobUid), 3);
        Assert.True(CpuacctSeconds(restarted) > 0.05);
    }
}
