using Wca.Actuation;
using Wca.Decision;
using Wca.Decision.Static;
using Wca.Discovery;
using Wca.Discovery.Http;
using Wca.Discovery.Kubernetes;
using Wca.Discovery.Mesos;
using Wca.Host.Configuration;
using Wca.Pipeline;
using Wca.Runners;
using Wca.Storage;

namespace Wca;

/// <summary>
/// Every component the agent itself brings, usable as a YAML tag without <c>--register</c>. Listed rather than found
/// by scanning the assembly so the Native AOT build keeps exactly these types' constructors; a test checks the list
/// against every [WcaComponent] class of the assembly.
/// </summary>
public static class BuiltInComponents
{
    /// <summary>A registry holding every built-in component.</summary>
    public static ComponentRegistry CreateRegistry()
    {
        var registry = new ComponentRegistry();
        registry.Register(typeof(MeasurementRunner));
        registry.Register(typeof(DetectionRunner));
        registry.Register(typeof(AllocationRunner));
        registry.Register(typeof(StaticNode));
        registry.Register(typeof(CgroupNode));
        registry.Register(typeof(KubernetesNode));
        registry.Register(typeof(SslSettings));
        registry.Register(typeof(MesosNode));
        registry.Register(typeof(LogStorage));
        registry.Register(typeof(Wca.Storage.Kafka.KafkaStorage));
        registry.Register(typeof(Storage.Prometheus.PrometheusStorage));
        registry.Register(typeof(NOPAnomalyDetector));
        registry.Register(typeof(NOPAllocator));
        registry.Register(typeof(StaticAllocator));
        registry.Register(typeof(StaticAllocatorRule));
        registry.Register(typeof(Decision.Numa.NumaAllocator));
        registry.Register(typeof(AllocationConfiguration));
        registry.Register(typeof(TaskLabelRegexGenerator));
        registry.Register(typeof(Databases.LocalDatabase));
        registry.Register(typeof(Databases.EtcdDatabase));
        registry.Register(typeof(Databases.ZookeeperDatabase));
        return registry;
    }
}
