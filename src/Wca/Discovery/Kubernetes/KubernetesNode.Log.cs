using Microsoft.Extensions.Logging;

namespace Wca.Discovery.Kubernetes;

public sealed partial class KubernetesNode
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2260, Level = LogLevel.Information,
            Message = "KubernetesNode: {Mode} mode ({Reason}); asking {Urls}; cgroup driver {Driver}; bearer token {Token}")]
        public static partial void Mode(ILogger logger, string mode, string reason, string urls, string driver, string token);

        [LoggerMessage(EventId = 2261, Level = LogLevel.Debug, Message = "KubernetesNode: ignoring pod {Pod} (uid {Uid}): {Reason}")]
        public static partial void Ignored(ILogger logger, string pod, string uid, string reason);

        [LoggerMessage(EventId = 2262, Level = LogLevel.Debug,
            Message = "KubernetesNode: {Tasks} pod(s) monitored ({Containers} container cgroups) of {Pods} listed")]
        public static partial void Found(ILogger logger, int tasks, int containers, int pods);

        [LoggerMessage(EventId = 2263, Level = LogLevel.Warning,
            Message = "KubernetesNode: pod {Pod} has a resource quantity that is not a Kubernetes quantity ({Resource}): it is left out of the task's resources")]
        public static partial void BadQuantity(ILogger logger, string pod, string resource);
    }
}
