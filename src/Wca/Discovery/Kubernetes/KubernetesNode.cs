using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Api.Configuration;
using Wca.Discovery.Http;
using Wca.Kernel.Cgroups;

namespace Wca.Discovery.Kubernetes;

/// <summary>
/// Discovers the pods of this node from Kubernetes: one task per running pod whose containers are all ready (id = pod
/// UID, name <c>&lt;namespace&gt;/&lt;pod&gt;</c>, labels = pod labels with <c>.</c> and <c>-</c> → <c>_</c>,
/// <c>/</c> → <c>__</c> plus <c>app_kubernetes_io__qos_class</c>, resources = the containers' requests and limits),
/// the pod's cgroup as its cgroup and its containers' cgroups as sub-cgroups (measured and summed). Asks the kubelet
/// (<c>GET /pods</c>) or the kube-apiserver (<c>GET /api/v1/namespaces/&lt;ns&gt;/pods</c> per monitored namespace,
/// keeping this node's pods by <c>spec.nodeName</c> with <c>node_name</c>, else by <c>status.hostIP</c> =
/// <c>node_ip</c>). <c>kubelet_enabled</c> decides the mode when given; otherwise <c>kubelet_endpoint</c> without
/// <c>kubeapi_host</c> is kubelet mode, <c>kubeapi_host</c> or running in a cluster (KUBERNETES_SERVICE_HOST and a
/// service-account token) is apiserver mode, and with neither the kubelet at its default endpoint is asked; the start-up
/// log says which and why. A bearer token (the service account's by default) is sent when its file exists and re-read
/// when it rotates. A pod whose cgroups do not exist on this node (yet) is skipped with one debug line.
/// </summary>
[WcaComponent]
public sealed partial class KubernetesNode : IOrchestratorNode, IDisposable
{
    /// <summary>Where Kubernetes mounts a pod's service account.</summary>
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public const string DefaultKubeletEndpoint = "https://127.0.0.1:10250";

    private readonly ILogger _log;
    private readonly CgroupFs _cgroups;
    private readonly OrchestratorClient _client;
    private readonly PodTaskBuilder _builder;
    private readonly BearerTokenFile? _token;
    private readonly bool _tokenRequired;
    private readonly Uri[] _urls;
    private readonly List<KubernetesPod> _pods = [];
    private readonly List<NodeTask> _result = [];
    private readonly Dictionary<string, string> _skipLogged = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Func<string, bool> _cgroupExists;
    private NodeTask[] _last = [];
    private int _loggedCount = -1;

    /// <param name="cgroupDriver">The kubelet's cgroup driver: <c>cgroupfs</c> or <c>systemd</c>.</param>
    /// <param name="ssl">TLS settings (<c>!SSL</c>): server verification and a client certificate (the kubelet's usual authentication).</param>
    /// <param name="clientTokenPath">File of the bearer token sent with every request (default: the service account's <c>token</c>); re-read when it changes.</param>
    /// <param name="serverCertCaPath">CA bundle the apiserver is verified against when no <c>ssl</c> is given (default: the service account's <c>ca.crt</c>).</param>
    /// <param name="kubeletEnabled">true = ask the kubelet, false = ask the apiserver; unset = decided from the other keys (see above).</param>
    /// <param name="kubeletEndpoint">The kubelet's URL (default https://127.0.0.1:10250).</param>
    /// <param name="kubeapiHost">The apiserver's host (default in a cluster: KUBERNETES_SERVICE_HOST).</param>
    /// <param name="kubeapiPort">The apiserver's port, a number or a string (default in a cluster: KUBERNETES_SERVICE_PORT, else 443).</param>
    /// <param name="nodeIp">This node's IP: apiserver mode keeps the pods whose status.hostIP is this.</param>
    /// <param name="nodeName">This node's name: apiserver mode asks only for its pods (fieldSelector=spec.nodeName), instead of filtering by node_ip.</param>
    /// <param name="timeout">Longest one request may take, in seconds.</param>
    /// <param name="monitoredNamespaces">Namespaces whose pods are tasks.</param>
    /// <param name="cgroupPrefix">Cgroup path above the kubelet's <c>kubepods</c> tree, when the kubelet runs in a container (kind: <c>/system.slice/docker-&lt;id&gt;.scope</c>) or for tests; default the root.</param>
    /// <param name="serviceAccountDirectory">Where the service account (token, ca.crt) is mounted.</param>
    /// <param name="taskStaleness">Seconds the last known pods are still measured while polls fail; then no tasks until one works.</param>
    /// <param name="minPollInterval">Shortest time between two polls in seconds; 0 = every iteration.</param>
    /// <param name="maxResponseBytes">Largest accepted pod list (a 300-pod kubelet answer is 1 to 3 MB).</param>
    public KubernetesNode(
        CgroupFs cgroups,
        ILogger logger,
        KubernetesCgroupDriver cgroupDriver = KubernetesCgroupDriver.Cgroupfs,
        SslSettings? ssl = null,
        [FilePath(Absolute = true)] string? clientTokenPath = null,
        [FilePath(Absolute = true)] string? serverCertCaPath = null,
        bool? kubeletEnabled = null,
        [Url] string? kubeletEndpoint = null,
        [Str(253)] string? kubeapiHost = null,
        [Str(16)] string? kubeapiPort = null,
        [Str(64)] string? nodeIp = null,
        [Str(253)] string? nodeName = null,
        [Numeric(1, 60)] double timeout = 5,
        [Str(253, Target = ValidationTarget.Items)] List<string>? monitoredNamespaces = null,
        [Str(4096)] string? cgroupPrefix = null,
        [FilePath(Absolute = true)] string? serviceAccountDirectory = null,
        [Numeric(1, 86400)] double taskStaleness = OrchestratorDefaults.TaskStalenessSeconds,
        [Numeric(0, 3600)] double minPollInterval = 0,
        [Numeric(OrchestratorDefaults.MinResponseBytesLimit, OrchestratorDefaults.MaxResponseBytesLimit)] long maxResponseBytes = OrchestratorDefaults.MaxResponseBytes)
        : this(Environment.GetEnvironmentVariable, cgroups, logger, cgroupDriver, ssl, clientTokenPath, serverCertCaPath, kubeletEnabled,
            kubeletEndpoint, kubeapiHost, kubeapiPort, nodeIp, nodeName, timeout, monitoredNamespaces, cgroupPrefix, serviceAccountDirectory,
            taskStaleness, minPollInterval, maxResponseBytes)
    {
    }

    /// <summary>With the environment (KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT) read through <paramref name="getEnv"/>.</summary>
    internal KubernetesNode(
        Func<string, string?> getEnv,
        CgroupFs cgroups,
        ILogger logger,
        KubernetesCgroupDriver cgroupDriver = KubernetesCgroupDriver.Cgroupfs,
        SslSettings? ssl = null,
        string? clientTokenPath = null,
        string? serverCertCaPath = null,
        bool? kubeletEnabled = null,
        string? kubeletEndpoint = null,
        string? kubeapiHost = null,
        string? kubeapiPort = null,
        string? nodeIp = null,
        string? nodeName = null,
        double timeout = 5,
        List<string>? monitoredNamespaces = null,
        string? cgroupPrefix = null,
        string? serviceAccountDirectory = null,
        double taskStaleness = OrchestratorDefaults.TaskStalenessSeconds,
        double minPollInterval = 0,
        long maxResponseBytes = OrchestratorDefaults.MaxResponseBytes)
    {
        _log = logger;
        _cgroups = cgroups;
        var namespaces = monitoredNamespaces ?? ["default"];
        if (namespaces.Count == 0) throw new ArgumentException("monitored_namespaces is empty: name at least one namespace", nameof(monitoredNamespaces));
        foreach (var ns in namespaces)
            if (!IsDnsLabel(ns)) throw new ArgumentException($"'{ns}' is not a namespace name (lower-case letters, digits and '-', at most 63)", nameof(monitoredNamespaces));
        if (cgroupPrefix is not null) CgroupPaths.CheckInsideRoot(cgroupPrefix, nameof(cgroupPrefix), "cgroup_prefix is a cgroup path");
        nodeIp = Blank(nodeIp)?.Trim();
        nodeName = Blank(nodeName)?.Trim();
        if (nodeName is not null && !IsDnsSubdomain(nodeName))
            throw new ArgumentException($"node_name '{nodeName}' is not a Kubernetes node name (lower-case letters, digits, '-' and '.')", nameof(nodeName));

        var accountDir = serviceAccountDirectory ?? DefaultServiceAccountDirectory;
        var accountToken = Path.Combine(accountDir, "token");
        var serviceHost = Blank(getEnv("KUBERNETES_SERVICE_HOST"));
        var inCluster = serviceHost is not null && File.Exists(accountToken);
        var host = Blank(kubeapiHost);
        (Mode, ModeReason) = kubeletEnabled switch
        {
            true => (KubernetesMode.Kubelet, "kubelet_enabled: true"),
            false => (KubernetesMode.ApiServer, "kubelet_enabled: false"),
            null when kubeletEndpoint is not null && host is null => (KubernetesMode.Kubelet, "kubelet_endpoint is given and kubeapi_host is not"),
            null when host is not null => (KubernetesMode.ApiServer, "kubeapi_host is given"),
            null when inCluster => (KubernetesMode.ApiServer, $"running in a cluster (KUBERNETES_SERVICE_HOST and {accountToken})"),
            _ => (KubernetesMode.Kubelet, "neither kubeapi_host nor an in-cluster service account: the kubelet"),
        };

        Uri endpoint;
        if (Mode == KubernetesMode.Kubelet)
        {
            endpoint = new Uri(kubeletEndpoint ?? DefaultKubeletEndpoint);
            _urls = [new Uri(endpoint, "/pods")];
        }
        else
        {
            host ??= serviceHost ?? throw new ArgumentException(
                "the apiserver mode needs kubeapi_host (or KUBERNETES_SERVICE_HOST in a cluster); set it, or kubelet_enabled: true", nameof(kubeapiHost));
            var portText = Blank(kubeapiPort) ?? (host == serviceHost ? Blank(getEnv("KUBERNETES_SERVICE_PORT")) : null) ?? "443";
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                throw new ArgumentException($"kubeapi_port '{portText}' is not a port (1-65535)", nameof(kubeapiPort));
            if (nodeName is null && nodeIp is null)
                throw new ArgumentException("the apiserver lists the pods of every node: give node_name or node_ip (e.g. !Env HOST_IP) to keep this node's", nameof(nodeIp));
            if (!Uri.TryCreate($"https://{(host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host)}:{port}", UriKind.Absolute, out endpoint!))
                throw new ArgumentException($"kubeapi_host '{host}' is not a host name or IP address", nameof(kubeapiHost));
            var selector = nodeName is null ? "" : "?fieldSelector=" + Uri.EscapeDataString("spec.nodeName=" + nodeName);
            _urls = namespaces.Select(ns => new Uri(endpoint, $"/api/v1/namespaces/{ns}/pods{selector}")).ToArray();
        }

        // A token is sent when its file exists; the apiserver needs one unless a client certificate authenticates.
        var tokenPath = clientTokenPath ?? accountToken;
        if (clientTokenPath is not null || File.Exists(tokenPath)) _token = new BearerTokenFile(tokenPath);
        _tokenRequired = Mode == KubernetesMode.ApiServer && ssl?.ClientCertificate is null;
        if (_tokenRequired) _token ??= new BearerTokenFile(tokenPath);
        if (ssl is null && Mode == KubernetesMode.ApiServer)
        {
            var ca = serverCertCaPath ?? Path.Combine(accountDir, "ca.crt");
            if (serverCertCaPath is not null || File.Exists(ca)) ssl = new SslSettings(serverVerify: ca);
        }

        _builder = new PodTaskBuilder(new PodCgroupPaths(cgroupDriver, cgroupPrefix ?? ""), namespaces)
        {
            NodeName = Mode == KubernetesMode.ApiServer ? nodeName : null,
            NodeIp = Mode == KubernetesMode.ApiServer && nodeName is null ? nodeIp : null,
        };
        _cgroupExists = CgroupExists;
        Timeout = TimeSpan.FromSeconds(timeout);
        MonitoredNamespaces = namespaces;
        TaskStaleness = TimeSpan.FromSeconds(taskStaleness);
        MinPollInterval = TimeSpan.FromSeconds(minPollInterval);
        _client = new OrchestratorClient(ssl, Timeout, maxResponseBytes);
        Log.Mode(_log, Mode == KubernetesMode.Kubelet ? "kubelet" : "apiserver", ModeReason, string.Join(", ", _urls.Select(u => u.ToString())),
            cgroupDriver == KubernetesCgroupDriver.Systemd ? "systemd" : "cgroupfs", _token?.Path ?? "none");
    }

    public KubernetesMode Mode { get; }

    /// <summary>Why <see cref="Mode"/> was chosen, as the start-up log says.</summary>
    public string ModeReason { get; }

    public TimeSpan Timeout { get; }
    public TimeSpan TaskStaleness { get; }
    public TimeSpan MinPollInterval { get; }

    public IReadOnlyList<string> MonitoredNamespaces { get; }

    /// <summary>The URLs asked every iteration (one, or one per namespace in apiserver mode).</summary>
    internal IReadOnlyList<Uri> Urls => _urls;

    internal BearerTokenFile? Token => _token;

    /// <exception cref="DiscoveryException">The orchestrator could not be asked or its answer not read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _pods.Clear();
        foreach (var url in _urls)
        {
            var response = _client.Send(Request(url), cancellationToken);
            try
            {
                PodListReader.Read(response.Body.Span, _pods);
            }
            catch (PodListFormatException e)
            {
                throw new DiscoveryException(DiscoveryFailureKind.MalformedAnswer, $"{url} answered something that is not a pod list: {e.Message}", e);
            }
        }
        return Tasks(_pods);
    }

    /// <summary>The tasks of the pods of one answer (all namespaces' answers together).</summary>
    internal IReadOnlyList<NodeTask> Tasks(List<KubernetesPod> pods)
    {
        _builder.Begin();
        _result.Clear();
        _seen.Clear();
        foreach (var pod in pods)
        {
            var key = pod.Uid ?? pod.Namespace + "/" + pod.Name;
            _seen.Add(key);
            var task = _builder.Build(pod, _cgroupExists, out var reason);
            if (task is not null)
            {
                _result.Add(task);
                var note = pod.BadQuantity ?? "";
                if (!_skipLogged.TryGetValue(key, out var noted) || noted != note)
                {
                    if (note.Length > 0) Log.BadQuantity(_log, pod.Namespace + "/" + pod.Name, note);
                    _skipLogged[key] = note;
                }
            }
            else if (!_skipLogged.TryGetValue(key, out var logged) || logged != reason)
            {
                Log.Ignored(_log, pod.Namespace + "/" + pod.Name, key, reason!);
                _skipLogged[key] = reason!;
            }
        }
        _builder.End();
        if (_skipLogged.Count > _seen.Count)
            foreach (var gone in _skipLogged.Keys.Where(k => !_seen.Contains(k)).ToArray()) _skipLogged.Remove(gone);
        if (_result.Count != _loggedCount)
        {
            Log.Found(_log, _result.Count, _result.Sum(t => t.SubcgroupPaths.Count), pods.Count);
            _loggedCount = _result.Count;
        }
        if (NodeTaskLists.Same(_result, _last)) return _last;
        return _last = _result.ToArray();
    }

    private HttpRequestMessage Request(Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_token is not null)
        {
            string? token = null;
            try
            {
                token = _token.Current();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (_tokenRequired)
                {
                    request.Dispose();
                    throw new DiscoveryException(DiscoveryFailureKind.Unauthorized, $"no bearer token for {url}: {e.Message}", e);
                }
            }
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    /// <summary>A pod's or container's cgroup exists in the hierarchy tasks are measured in.</summary>
    private bool CgroupExists(string cgroupPath) =>
        _cgroups.Layout.TaskHierarchy is { } hierarchy && Directory.Exists(CgroupLayout.Join(hierarchy, cgroupPath));

    public void Dispose() => _client.Dispose();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool IsDnsLabel(string name) =>
        name.Length is > 0 and <= 63 && name[0] != '-' && name[^1] != '-' && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static bool IsDnsSubdomain(string name) =>
        name.Length is > 0 and <= 253 && name.Split('.').All(IsDnsLabel);
}
