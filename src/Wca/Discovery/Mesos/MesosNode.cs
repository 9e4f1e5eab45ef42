using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Discovery.Http;
using Wca.Host;

namespace Wca.Discovery.Mesos;

/// <summary>
/// Tasks of a Mesos agent (reference <c>MesosNode</c>, Mesos containerizer): every poll POSTs <c>{"type": "GET_STATE"}</c>
/// to the operator API (<c>&lt;endpoint&gt;/api/v1</c>) and keeps the launched tasks whose last status is
/// TASK_RUNNING; a task's cgroup is its executor's, read from <c>/proc/&lt;executor_pid&gt;/cgroup</c> (the
/// <c>cpu</c> hierarchy's line, or the cgroup v2 line). Labels lose the Aurora/Apache prefixes
/// (<c>org.apache.aurora.metadata.name</c> → <c>name</c>, <c>org.apache.aurora.tier</c> → <c>aurora_tier</c>);
/// resources are the SCALAR ones, <c>mem</c> and <c>disk</c> converted from MB to bytes (the final release). A task
/// whose executor pid is missing or whose executor has already exited (the agent reports it a moment longer) is
/// skipped with one line, not an error: the next poll no longer lists it. An unreachable agent or an answer that is
/// not GET_STATE JSON is a discovery failure, counted by kind: the last tasks stay measured for <c>task_staleness</c>
/// seconds, then none until the agent answers again; <c>min_poll_interval</c> spaces polls out.
/// </summary>
[WcaComponent]
public sealed partial class MesosNode : IOrchestratorNode, IDisposable
{
    private static readonly byte[] GetStateBody = "{\"type\": \"GET_STATE\"}"u8.ToArray();
    private const double BytesPerMesosMegabyte = 1024 * 1024;

    private readonly ILogger _log;
    private readonly string _proc;
    private readonly Uri _operatorApi;
    private readonly OrchestratorClient _client;
    // Tasks by id as built last time: an unchanged task keeps its instance, an unchanged list is returned as is.
    private Dictionary<string, NodeTask> _known = new(StringComparer.Ordinal);
    private Dictionary<string, NodeTask> _building = new(StringComparer.Ordinal);
    private readonly List<NodeTask> _result = [];
    private NodeTask[] _last = [];
    // Tasks already warned about (and why), so a skipped task is one line, not one per poll.
    private Dictionary<string, string> _skipped = new(StringComparer.Ordinal);
    private Dictionary<string, string> _skippedNow = new(StringComparer.Ordinal);
    // Cgroups taken by an earlier task of this answer: a task is identified by its cgroup, so two tasks of one
    // executor (task groups, unsupported as in the reference) cannot both be measured.
    private readonly HashSet<string> _cgroupsNow = new(StringComparer.Ordinal);
    private bool _announced;

    /// <param name="mesosAgentEndpoint">The Mesos agent, e.g. https://127.0.0.1:5051 (any path is replaced by /api/v1).</param>
    /// <param name="timeout">Seconds a poll may take (connect, TLS, answer).</param>
    /// <param name="ssl">TLS settings; without, https servers are verified against the system CAs.</param>
    /// <param name="taskStaleness">Seconds the last known tasks are still measured while polls fail; then no tasks until one works.</param>
    /// <param name="minPollInterval">Shortest time between two polls in seconds; 0 = every iteration.</param>
    /// <param name="maxResponseBytes">Largest accepted GET_STATE answer.</param>
    public MesosNode(
        ILogger logger,
        HostPaths paths,
        [Url] string mesosAgentEndpoint = "https://127.0.0.1:5051",
        [Numeric(1, 60)] double timeout = 5.0,
        SslSettings? ssl = null,
        [Numeric(1, 86400)] double taskStaleness = OrchestratorDefaults.TaskStalenessSeconds,
        [Numeric(0, 3600)] double minPollInterval = 0,
        [Numeric(OrchestratorDefaults.MinResponseBytesLimit, OrchestratorDefaults.MaxResponseBytesLimit)] long maxResponseBytes = OrchestratorDefaults.MaxResponseBytes)
    {
        _log = logger;
        _proc = paths.Proc;
        if (!Uri.TryCreate(mesosAgentEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new ArgumentException($"'{mesosAgentEndpoint}' is not an http(s) URL like https://127.0.0.1:5051", nameof(mesosAgentEndpoint));
        _operatorApi = new Uri(endpoint, "/api/v1");
        Endpoint = mesosAgentEndpoint;
        Timeout = TimeSpan.FromSeconds(timeout);
        Ssl = ssl;
        TaskStaleness = TimeSpan.FromSeconds(taskStaleness);
        MinPollInterval = TimeSpan.FromSeconds(minPollInterval);
        _client = new OrchestratorClient(ssl, Timeout, maxResponseBytes);
    }

    public string Endpoint { get; }

    /// <summary>Where GET_STATE is posted.</summary>
    public Uri OperatorApi => _operatorApi;

    public TimeSpan Timeout { get; }
    public SslSettings? Ssl { get; }
    public TimeSpan TaskStaleness { get; }
    public TimeSpan MinPollInterval { get; }

    /// <exception cref="DiscoveryException">The agent cannot be asked or its answer is not GET_STATE.</exception>
    public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken)
    {
        if (!_announced) Announce();
        var request = new HttpRequestMessage(HttpMethod.Post, _operatorApi) { Content = new ByteArrayContent(GetStateBody) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = _client.Send(request, cancellationToken);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(response.Body);
        }
        catch (JsonException e)
        {
            throw new DiscoveryException(DiscoveryFailureKind.MalformedAnswer,
                $"{_operatorApi}: the GET_STATE answer is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of {response.Body.Length} bytes)", e);
        }
        using (document)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Tasks(document.RootElement);
        }
    }

    private IReadOnlyList<NodeTask> Tasks(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("get_state", out var state) || state.ValueKind != JsonValueKind.Object
            || !state.TryGetProperty("get_tasks", out var tasks) || tasks.ValueKind != JsonValueKind.Object)
            throw new DiscoveryException(DiscoveryFailureKind.MalformedAnswer,
                $"{_operatorApi}: the answer has no get_state.get_tasks object (is this a Mesos agent's operator API, Mesos 1.2 or later?)");
        _result.Clear();
        _building.Clear();
        _skippedNow.Clear();
        _cgroupsNow.Clear();
        if (tasks.TryGetProperty("launched_tasks", out var launched) && launched.ValueKind == JsonValueKind.Array)
        {
            foreach (var task in launched.EnumerateArray())
                if (task.ValueKind == JsonValueKind.Object && Build(task) is { } built) _result.Add(built);
        }
        (_known, _building) = (_building, _known);
        (_skipped, _skippedNow) = (_skippedNow, _skipped);
        if (NodeTaskLists.Same(_result, _last)) return _last;
        return _last = _result.ToArray();
    }

    /// <summary>The task of one launched task, or null when it is not running (yet or any more) or has no cgroup.</summary>
    private NodeTask? Build(JsonElement launched)
    {
        // The last status is the current one (reference: no sorting by timestamp; the task-level state is ignored).
        if (!launched.TryGetProperty("statuses", out var statuses) || statuses.ValueKind != JsonValueKind.Array || statuses.GetArrayLength() == 0)
            return null;
        var status = statuses[statuses.GetArrayLength() - 1];
        if (status.ValueKind != JsonValueKind.Object || Text(status, "state") != "TASK_RUNNING") return null;
        var taskId = Value(status, "task_id") ?? Value(launched, "task_id");
        if (taskId is null) return null;
        var agentId = Value(status, "agent_id") ?? Value(launched, "agent_id") ?? "?";
        if (!status.TryGetProperty("container_status", out var container) || !container.TryGetProperty("executor_pid", out var pidElement)
            || !pidElement.TryGetInt32(out var pid) || pid <= 0)
        {
            Skip(taskId, $"'executor_pid' not found in container status for task {taskId} on agent {agentId}: skipped (only the Mesos containerizer reports it)");
            return null;
        }
        var cgroup = MesosExecutorCgroup.Find(_proc, pid, out var problem);
        if (cgroup is null)
        {
            Skip(taskId, $"Cannot find pid/cgroup mesos path for {pid} ({problem}). Ignoring task {taskId} (inconsistent state returned from Mesos, or the executor just exited)");
            return null;
        }
        if (!_cgroupsNow.Add(cgroup))
        {
            Skip(taskId, $"task {taskId} is in cgroup {cgroup} of another task (executor pid {pid}; task groups are not supported): skipped");
            return null;
        }
        var name = Text(launched, "name") ?? taskId;
        var labels = Labels(launched);
        var resources = Resources(launched);
        if (_known.TryGetValue(taskId, out var previous) && previous.CgroupPath == cgroup && previous.Name == name
            && SameContent(previous.Labels, labels) && SameContent(previous.Resources, resources))
        {
            _building[taskId] = previous;
            return previous;
        }
        var built = new NodeTask(name, taskId, cgroup, NodeTask.NoSubcgroups, labels, resources);
        _building[taskId] = built;
        return built;
    }

    /// <summary>Says once, at the first poll, where the tasks come from and how the connection is secured.</summary>
    private void Announce()
    {
        _announced = true;
        var https = _operatorApi.Scheme == Uri.UriSchemeHttps;
        var tls = !https ? "plain HTTP" : Ssl is null ? "TLS, server verified against the system CAs"
            : $"TLS, server {(Ssl.VerifiesServer ? Ssl.ServerVerify.IsFirst ? "verified against the system CAs" : $"verified against {Ssl.ServerVerify.Second}" : "NOT verified (server_verify: false)")}"
              + (Ssl.ClientCertificate is null ? "" : $", client certificate {Ssl.ClientCertificate.Subject}");
        Log.Polling(_log, _operatorApi.ToString(), tls, Timeout.TotalSeconds);
        if (!https && Ssl is not null) Log.SslUnused(_log, Endpoint);
    }

    private void Skip(string taskId, string reason)
    {
        _skippedNow[taskId] = reason;
        if (_skipped.TryGetValue(taskId, out var before) && before == reason) return;
        Log.TaskSkipped(_log, reason);
    }

    private static IReadOnlyDictionary<string, string> Labels(JsonElement launched)
    {
        if (!launched.TryGetProperty("labels", out var holder) || holder.ValueKind != JsonValueKind.Object
            || !holder.TryGetProperty("labels", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            return NodeTask.NoLabels;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in list.EnumerateArray())
        {
            if (Text(label, "key") is not { Length: > 0 } key) continue;
            // Later duplicates win, as in the reference.
            labels[Wca.Pipeline.TaskLabelSanitizer.Sanitize(key)] = Text(label, "value") ?? "";
        }
        return labels;
    }

    private static IReadOnlyDictionary<string, object> Resources(JsonElement launched)
    {
        if (!launched.TryGetProperty("resources", out var list) || list.ValueKind != JsonValueKind.Array) return NodeTask.NoResources;
        Dictionary<string, object>? resources = null;
        foreach (var resource in list.EnumerateArray())
        {
            // RANGES (ports) and SET resources have no single value.
            if (Text(resource, "type") != "SCALAR" || Text(resource, "name") is not { Length: > 0 } name) continue;
            if (!resource.TryGetProperty("scalar", out var scalar) || !scalar.TryGetProperty("value", out var v) || !v.TryGetDouble(out var value))
                continue;
            if (name is "mem" or "disk") value *= BytesPerMesosMegabyte;
            (resources ??= new Dictionary<string, object>(StringComparer.Ordinal))[name] = value;
        }
        return resources ?? NodeTask.NoResources;
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A Mesos id object's value: <c>{"value": "..."}</c>.</summary>
    private static string? Value(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var id) ? Text(id, "value") : null;

    private static bool SameContent<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        foreach (var (key, value) in a)
            if (!b.TryGetValue(key, out var other) || !Equals(value, other)) return false;
        return true;
    }

    public void Dispose() => _client.Dispose();
}
