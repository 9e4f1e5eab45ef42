using Wca.Api;

namespace Wca.Discovery.Http;

/// <summary>
/// A node that asks a remote orchestrator (Mesos agent, kubelet, kube-apiserver). The measurement cycle reads these
/// settings once: it asks the node at most once per iteration and not more often than <see cref="MinPollInterval"/>
/// (in between it measures the tasks reported last), and when polls keep failing it measures the last known tasks for
/// at most <see cref="TaskStaleness"/>, then reports no tasks until a poll works again. Failures are thrown as
/// <see cref="DiscoveryException"/> and counted by kind.
/// </summary>
internal interface IOrchestratorNode : INode
{
    /// <summary>Shortest time between two polls (YAML <c>min_poll_interval</c>); zero = every iteration.</summary>
    TimeSpan MinPollInterval { get; }

    /// <summary>How long the last known tasks are still measured while polls fail (YAML <c>task_staleness</c>, default 5 minutes).</summary>
    TimeSpan TaskStaleness { get; }
}
