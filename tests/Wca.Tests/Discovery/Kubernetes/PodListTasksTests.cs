using Xunit.Abstractions;
using Wca.Api;
using Wca.Discovery.Kubernetes;

namespace Wca.Tests.Discovery.Kubernetes;

/// <summary>The exact task list of each recorded and written pod list, for both cgroup drivers.</summary>
public sealed class PodListTasksTests(ITestOutputHelper output)
{
    private const string TestUid = "4d6a81df-3448-11e9-8e1d-246e96663c22";
    private const string Test2Uid = "567975a0-3448-11e9-8e1d-246e96663c22";
    private const string Qos = PodTaskBuilder.QosLabel;

    private static List<NodeTask> Tasks(string fixture, KubernetesCgroupDriver driver, string[]? namespaces = null, Func<string, bool>? exists = null,
        string? nodeName = null, string? nodeIp = null, List<string>? reasons = null)
    {
        var builder = new PodTaskBuilder(new PodCgroupPaths(driver), namespaces ?? ["default"]) { NodeName = nodeName, NodeIp = nodeIp };
        builder.Begin();
        var tasks = new List<NodeTask>();
        foreach (var pod in KubernetesFixtures.Read(fixture))
        {
            if (builder.Build(pod, exists ?? (_ => true), out var reason) is { } task) tasks.Add(task);
            else reasons?.Add($"{pod.Namespace}/{pod.Name}: {reason}");
        }
        builder.End();
        return tasks;
    }

    [Fact]
    public void The_original_kubelet_answer_gives_the_two_default_pods_with_cgroupfs_paths()
    {
        var tasks = Tasks(KubernetesFixtures.GetState, KubernetesCgroupDriver.Cgroupfs);

        Assert.Equal(2, tasks.Count);
        var test = tasks[0];
        Assert.Equal("default/test", test.Name);
        Assert.Equal(TestUid, test.TaskId);
        Assert.Equal("/kubepods/burstable/pod" + TestUid, test.CgroupPath);
        Assert.Equal(["/kubepods/burstable/pod" + TestUid + "/eb9c378219b6a4efc034ea8898b19faa0e27c7b20b8eb254fda361cceacf8e90"], test.SubcgroupPaths);
        Assert.Equal(new Dictionary<string, string> { ["exampleKey"] = "value", [Qos] = "burstable" }, test.Labels);
        Assert.Equal(new Dictionary<string, object>
        {
            ["requests_cpu"] = 0.25, ["requests_memory"] = 67108864d,
            ["requests_cpus"] = 0.25, ["requests_mem"] = 67108864d, ["cpus"] = 0.25, ["mem"] = 67108864d,
        }, test.Resources);

        var test2 = tasks[1];
        Assert.Equal("default/test2", test2.Name);
        Assert.Equal(Test2Uid, test2.TaskId);
        Assert.Equal("/kubepods/besteffort/pod" + Test2Uid, test2.CgroupPath);
        Assert.Equal(["/kubepods/besteffort/pod" + Test2Uid + "/e90bbbb3b060baa1d354cd9b26f353d66fbb08d785abd32f4f6ec52ac843a2e7"], test2.SubcgroupPaths);
        Assert.Equal(new Dictionary<string, string> { [Qos] = "besteffort" }, test2.Labels);
        Assert.Empty(test2.Resources);
    }

    [Fact]
    public void With_the_systemd_driver_pods_are_slices_with_escaped_uids_and_docker_containers_scopes()
    {
        var tasks = Tasks(KubernetesFixtures.GetState, KubernetesCgroupDriver.Systemd);

        var burstable = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod4d6a81df_3448_11e9_8e1d_246e96663c22.slice";
        var besteffort = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod567975a0_3448_11e9_8e1d_246e96663c22.slice";
        Assert.Equal([burstable, besteffort], tasks.Select(t => t.CgroupPath));
        Assert.Equal([burstable + "/docker-eb9c378219b6a4efc034ea8898b19faa0e27c7b20b8eb254fda361cceacf8e90.scope"], tasks[0].SubcgroupPaths);
        Assert.Equal([besteffort + "/docker-e90bbbb3b060baa1d354cd9b26f353d66fbb08d785abd32f4f6ec52ac843a2e7.scope"], tasks[1].SubcgroupPaths);
    }

    [Fact]
    public void Kube_system_pods_with_decimal_memory_units_are_tasks_when_their_namespace_is_monitored()
    {
        var reasons = new List<string>();
        var tasks = Tasks(KubernetesFixtures.GetState, KubernetesCgroupDriver.Cgroupfs, ["kube-system"], reasons: reasons);

        // The static pods have no container statuses (Pending); calico's 500M/64M crashed the original.
        Assert.Equal(["kube-system/calico-node-vz6m6", "kube-system/kube-proxy-hhxg5", "kube-system/coredns-6fd7dbf94c-tf9zx"], tasks.Select(t => t.Name));
        var calico = tasks[0];
        Assert.Equal(0.15, (double)calico.Resources["requests_cpu"], 12);
        Assert.Equal(64e6, calico.Resources["requests_memory"]);
        Assert.Equal(0.3, (double)calico.Resources["limits_cpu"], 12);
        Assert.Equal(500e6, calico.Resources["limits_memory"]);
        Assert.Equal(500e6, calico.Resources["limits_mem"]);
        Assert.Equal("6bc844d5dc", calico.Labels["controller_revision_hash"]);
        Assert.Equal("calico-node", calico.Labels["k8s_app"]);
        Assert.Equal(170d * 1024 * 1024, tasks[2].Resources["limits_memory"]);
        Assert.Equal(
        [
            "kube-system/kube-controller-manager-node1: it has no container statuses (pending)",
            "default/test: its namespace 'default' is not monitored",
            "default/test2: its namespace 'default' is not monitored",
            "kube-system/kube-scheduler-node1: it has no container statuses (pending)",
            "kube-system/kube-apiserver-node1: it has no container statuses (pending)",
        ], reasons);
    }

    [Fact]
    public void A_pod_whose_containers_are_not_ready_is_no_task()
    {
        var reasons = new List<string>();
        Assert.Empty(Tasks(KubernetesFixtures.GetStateNotReady, KubernetesCgroupDriver.Cgroupfs, reasons: reasons));
        Assert.Contains(reasons, r => r.StartsWith("default/test: ", StringComparison.Ordinal) && r.Contains("phase is Pending", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(KubernetesCgroupDriver.Cgroupfs)]
    [InlineData(KubernetesCgroupDriver.Systemd)]
    internal void A_modern_answer_gives_containerd_and_crio_pods_of_every_qos_class(KubernetesCgroupDriver driver)
    {
        var reasons = new List<string>();
        var tasks = Tasks(KubernetesFixtures.ModernPods, driver, ["default", "batch"], nodeName: "worker-1", reasons: reasons);
        var systemd = driver == KubernetesCgroupDriver.Systemd;
        string A(char c) => new(c, 64);

        Assert.Equal(["default/web-0", "default/api-7c9d8-x2x4q", "batch/job-xyz"], tasks.Select(t => t.Name));

        var web = tasks[0];
        var webPath = systemd ? "/kubepods.slice/kubepods-pod0f1e2d3c_4b5a_4678_9abc_def012345678.slice" : "/kubepods/pod0f1e2d3c-4b5a-4678-9abc-def012345678";
        Assert.Equal("0f1e2d3c-4b5a-4678-9abc-def012345678", web.TaskId);
        Assert.Equal(webPath, web.CgroupPath);
        Assert.Equal(systemd
            ? [$"{webPath}/cri-containerd-{A('a')}.scope", $"{webPath}/cri-containerd-{A('b')}.scope"]
            : [$"{webPath}/{A('a')}", $"{webPath}/{A('b')}"], web.SubcgroupPaths);
        Assert.Equal(new Dictionary<string, string>
        {
            ["app_kubernetes_io__name"] = "web", ["pod_template_hash"] = "6d4cf56db6", ["statefulset_kubernetes_io__pod_name"] = "web-0", [Qos] = "guaranteed",
        }, web.Labels);
        Assert.Equal(2.0, (double)web.Resources["cpus"], 12);
        Assert.Equal(2.0, (double)web.Resources["limits_cpus"], 12);
        Assert.Equal(128974848 + 129e6, web.Resources["mem"]);
        Assert.Equal(1024d * 1024 * 1024, web.Resources["disk"]);
        Assert.Equal(1024d * 1024 * 1024, web.Resources["limits_ephemeral-storage"]);

        var api = tasks[1];
        var apiPath = systemd
            ? "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod11111111_2222_4333_8444_555555555555.slice"
            : "/kubepods/burstable/pod11111111-2222-4333-8444-555555555555";
        Assert.Equal(apiPath, api.CgroupPath);
        Assert.Equal([systemd ? $"{apiPath}/crio-{A('c')}.scope" : $"{apiPath}/crio-{A('c')}"], api.SubcgroupPaths);
        Assert.Equal(new Dictionary<string, object>
        {
            ["requests_cpu"] = 0.25, ["requests_memory"] = 129e6, ["requests_nvidia.com/gpu"] = 1d, ["requests_hugepages-2Mi"] = 4194304d,
            ["limits_memory"] = 123d * 1024 * 1024, ["limits_nvidia.com/gpu"] = 1d, ["limits_hugepages-2Mi"] = 4194304d,
            ["requests_cpus"] = 0.25, ["requests_mem"] = 129e6, ["limits_mem"] = 123d * 1024 * 1024, ["cpus"] = 0.25, ["mem"] = 129e6,
        }, api.Resources);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "api", ["tier"] = "backend", [Qos] = "burstable" }, api.Labels);

        var job = tasks[2];
        var jobPath = systemd
            ? "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod22222222_3333_4444_8555_666666666666.slice"
            : "/kubepods/besteffort/pod22222222-3333-4444-8555-666666666666";
        Assert.Equal(jobPath, job.CgroupPath);
        Assert.Equal([systemd ? $"{jobPath}/cri-containerd-{A('d')}.scope" : $"{jobPath}/{A('d')}"], job.SubcgroupPaths);
        Assert.Equal(new Dictionary<string, string> { ["job_name"] = "job-xyz", [Qos] = "besteffort" }, job.Labels);
        Assert.Empty(job.Resources);

        Assert.Equal(
        [
            "default/crashy: container helper is in state=waiting (not ready)",
            "default/pending-1: its phase is Pending",
            "default/elsewhere: it runs on node worker-2",
            "default/done: its phase is Succeeded",
        ], reasons);
    }

    [Fact]
    public void By_host_ip_only_the_pods_of_this_node_are_tasks()
    {
        Assert.Equal(["default/elsewhere"], Tasks(KubernetesFixtures.ModernPods, KubernetesCgroupDriver.Cgroupfs, nodeIp: "10.0.0.8").Select(t => t.Name));
        Assert.Equal(2, Tasks(KubernetesFixtures.ModernPods, KubernetesCgroupDriver.Cgroupfs, nodeIp: "10.0.0.7").Count);
    }

    [Fact]
    public void A_pod_whose_cgroups_do_not_exist_yet_is_skipped_and_says_which()
    {
        var reasons = new List<string>();
        var missing = "/kubepods/besteffort/pod" + Test2Uid;
        var tasks = Tasks(KubernetesFixtures.GetState, KubernetesCgroupDriver.Cgroupfs, exists: p => !p.StartsWith(missing, StringComparison.Ordinal), reasons: reasons);

        Assert.Equal(["default/test"], tasks.Select(t => t.Name));
        Assert.Contains($"default/test2: its cgroup {missing} does not exist on this node (yet)", reasons);
    }

    [Fact]
    public void An_unchanged_pod_is_the_same_task_instance_and_a_restarted_container_a_new_one()
    {
        var builder = new PodTaskBuilder(new PodCgroupPaths(KubernetesCgroupDriver.Cgroupfs), ["default"]);
        NodeTask[] Round(Action<List<KubernetesPod>>? change = null)
        {
            var pods = KubernetesFixtures.Read(KubernetesFixtures.GetState);
            change?.Invoke(pods);
            builder.Begin();
            var tasks = pods.Select(p => builder.Build(p, _ => true, out _)).OfType<NodeTask>().ToArray();
            builder.End();
            return tasks;
        }

        var first = Round();
        var second = Round();
        Assert.Same(first[0], second[0]);
        Assert.Same(first[1], second[1]);

        var restarted = "docker://" + new string('f', 64);
        var third = Round(pods =>
        {
            var test = pods.Single(p => p.Name == "test");
            test.Containers![0] = test.Containers[0] with { ContainerId = restarted };
        });
        Assert.NotSame(second[0], third[0]);
        Assert.Equal(["/kubepods/burstable/pod" + TestUid + "/" + new string('f', 64)], third[0].SubcgroupPaths);
        Assert.Same(second[1], third[1]);
    }

    [Theory]
    [InlineData("{\"items\": [")]
    [InlineData("{\"items\": [{\"metadata\": {\"name\": \"x\"")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"kind\": \"Status\"}")]
    [InlineData("{\"items\": {}}")]
    [InlineData("{\"items\": [{\"metadata\": \"x\"}]}")]
    [InlineData("{\"items\": [{\"metadata\": {\"name\": 5}}]}")]
    [InlineData("{\"items\": [{\"status\": {\"containerStatuses\": 1}}]}")]
    [InlineData("")]
    public void Malformed_or_truncated_answers_are_format_errors(string json)
    {
        var e = Assert.Throws<PodListFormatException>(() => PodListReader.Read(System.Text.Encoding.UTF8.GetBytes(json), []));
        Assert.Contains("byte", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_item_list_is_no_pods_and_a_bad_quantity_is_left_out()
    {
        var pods = new List<KubernetesPod>();
        PodListReader.Read("{\"items\": null}"u8, pods);
        Assert.Empty(pods);

        PodListReader.Read("""{"items":[{"spec":{"containers":[{"resources":{"requests":{"cpu":"lots","memory":"1Mi"}}}]}}]}"""u8, pods);
        Assert.Equal("requests_cpu", Assert.Single(pods).BadQuantity);
        Assert.Equal(new Dictionary<string, double> { ["requests_memory"] = 1048576 }, pods[0].Resources);
    }

    [Fact]
    public void Parsing_a_300_pod_answer_allocates_at_most_twice_the_answer_size()
    {
        var answer = PodListGenerator.Kubelet(300);
        var pods = new List<KubernetesPod>(300);
        PodListReader.Read(answer, pods); // warm up (JIT)
        pods.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        PodListReader.Read(answer, pods);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(300, pods.Count);
        output.WriteLine($"parsing {answer.Length} bytes (300 pods) allocated {allocated} bytes ({(double)allocated / answer.Length:0.00} x)");
        Assert.True(allocated <= 2L * answer.Length, $"parsing {answer.Length} bytes allocated {allocated} bytes");
    }
}
