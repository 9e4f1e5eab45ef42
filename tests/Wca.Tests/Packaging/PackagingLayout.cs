using Wca.Tests.TestSupport;

namespace Wca.Tests.Packaging;

/// <summary>Where the packaging files are in the checkout.</summary>
internal static class PackagingLayout
{
    public static string Directory => Path.Combine(RepoLayout.Root, "packaging");

    public static string Unit => Path.Combine(Directory, "systemd/wca.service");

    public static string PackagedConfig => Path.Combine(Directory, "etc/wca_config.yml");

    public static string Kubernetes => Path.Combine(Directory, "kubernetes");

    public static string Dashboard => Path.Combine(Directory, "grafana/wca-dashboard.json");

    public static string Prometheus => Path.Combine(Directory, "prometheus");

    public static string MetricsDoc => Path.Combine(RepoLayout.Root, "docs/metrics.md");
}
