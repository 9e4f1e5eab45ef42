using System.Text.Json;

namespace Wca.Tests.Discovery.Kubernetes;

/// <summary>One pod of a generated pod list.</summary>
internal sealed record GeneratedPod(string Namespace, string Name, string Uid, string QosClass, IReadOnlyList<string> ContainerIds,
    IReadOnlyDictionary<string, string> Labels, string Phase = "Running", bool Ready = true, string NodeName = "worker-1", string HostIp = "10.0.0.7");

/// <summary>
/// Kubelet-shaped pod lists (what a 1.3x kubelet really sends: managedFields, annotations, volumes, env, probes,
/// conditions), for the fake kubelet and the allocation measurement.
/// </summary>
internal static class PodListGenerator
{
    /// <summary><paramref name="count"/> running Burstable containerd pods of two containers each in <c>default</c>.</summary>
    public static byte[] Kubelet(int count) => Write(Enumerable.Range(0, count).Select(i => new GeneratedPod(
        "default", $"app-{i:D4}-7c9d8f6b5-x2x4q", $"{i:x8}-2222-4333-8444-555555555555", "Burstable",
        [$"containerd://{i:x8}{new string('a', 56)}", $"containerd://{i:x8}{new string('b', 56)}"],
        new Dictionary<string, string> { ["app.kubernetes.io/name"] = $"app-{i}", ["pod-template-hash"] = "7c9d8f6b5", ["tier"] = "backend" })));

    public static byte[] Write(IEnumerable<GeneratedPod> pods)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", "PodList");
            w.WriteString("apiVersion", "v1");
            w.WriteStartObject("metadata");
            w.WriteEndObject();
            w.WriteStartArray("items");
            foreach (var pod in pods) WritePod(w, pod);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WritePod(Utf8JsonWriter w, GeneratedPod pod)
    {
        w.WriteStartObject();
        w.WriteStartObject("metadata");
        w.WriteString("name", pod.Name);
        w.WriteString("generateName", pod.Name + "-");
        w.WriteString("namespace", pod.Namespace);
        w.WriteString("uid", pod.Uid);
        w.WriteString("resourceVersion", "123456");
        w.WriteString("creationTimestamp", "2026-03-02T10:11:12Z");
        w.WriteStartObject("labels");
        foreach (var (k, v) in pod.Labels) w.WriteString(k, v);
        w.WriteEndObject();
        w.WriteStartObject("annotations");
        w.WriteString("kubernetes.io/config.seen", "2026-03-02T10:11:12.123456789Z");
        w.WriteString("kubernetes.io/config.source", "api");
        w.WriteEndObject();
        w.WriteStartArray("ownerReferences");
        w.WriteStartObject();
        w.WriteString("apiVersion", "apps/v1");
        w.WriteString("kind", "ReplicaSet");
        w.WriteString("name", pod.Name + "-rs");
        w.WriteString("uid", "99999999-2222-4333-8444-555555555555");
        w.WriteBoolean("controller", true);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("managedFields");
        w.WriteStartObject();
        w.WriteString("manager", "kube-controller-manager");
        w.WriteString("operation", "Update");
        w.WriteString("apiVersion", "v1");
        w.WriteString("time", "2026-03-02T10:11:12Z");
        w.WriteString("fieldsType", "FieldsV1");
        w.WriteStartObject("fieldsV1");
        w.WriteStartObject("f:metadata");
        w.WriteStartObject("f:labels");
        w.WriteStartObject(".");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject("spec");
        w.WriteStartArray("containers");
        for (var i = 0; i < pod.ContainerIds.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("name", $"c{i}");
            w.WriteString("image", "registry.example/app:1.2.3");
            w.WriteStartArray("env");
            w.WriteStartObject();
            w.WriteString("name", "POD_NAME");
            w.WriteStartObject("valueFrom");
            w.WriteStartObject("fieldRef");
            w.WriteString("fieldPath", "metadata.name");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("resources");
            if (pod.QosClass != "BestEffort")
            {
                w.WriteStartObject("requests");
                w.WriteString("cpu", "250m");
                w.WriteString("memory", "64Mi");
                w.WriteEndObject();
                w.WriteStartObject("limits");
                w.WriteString("cpu", pod.QosClass == "Guaranteed" ? "250m" : "1");
                w.WriteString("memory", pod.QosClass == "Guaranteed" ? "64Mi" : "1Gi");
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartObject("readinessProbe");
            w.WriteStartObject("httpGet");
            w.WriteString("path", "/healthz");
            w.WriteNumber("port", 8080);
            w.WriteEndObject();
            w.WriteNumber("periodSeconds", 10);
            w.WriteEndObject();
            w.WriteString("terminationMessagePath", "/dev/termination-log");
            w.WriteString("imagePullPolicy", "IfNotPresent");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("restartPolicy", "Always");
        w.WriteString("nodeName", pod.NodeName);
        w.WriteString("serviceAccountName", "default");
        w.WriteEndObject();

        w.WriteStartObject("status");
        w.WriteString("phase", pod.Phase);
        w.WriteStartArray("conditions");
        foreach (var type in new[] { "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled" })
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteString("status", "True");
            w.WriteString("lastTransitionTime", "2026-03-02T10:11:14Z");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("hostIP", pod.HostIp);
        w.WriteString("podIP", "10.244.1.5");
        w.WriteString("startTime", "2026-03-02T10:11:12Z");
        w.WriteStartArray("containerStatuses");
        for (var i = 0; i < pod.ContainerIds.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("name", $"c{i}");
            w.WriteStartObject("state");
            w.WriteStartObject(pod.Ready ? "running" : "waiting");
            w.WriteString(pod.Ready ? "startedAt" : "reason", pod.Ready ? "2026-03-02T10:11:14Z" : "ContainerCreating");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("lastState");
            w.WriteEndObject();
            w.WriteBoolean("ready", pod.Ready);
            w.WriteNumber("restartCount", 0);
            w.WriteString("image", "registry.example/app:1.2.3");
            w.WriteString("imageID", "registry.example/app@sha256:" + new string('0', 64));
            w.WriteString("containerID", pod.ContainerIds[i]);
            w.WriteBoolean("started", pod.Ready);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("qosClass", pod.QosClass);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
