namespace Wca.Discovery.Http;

/// <summary>The names of <see cref="DiscoveryFailureKind"/> as metric label values (snake_case, stable).</summary>
internal static class DiscoveryFailureKinds
{
    private static readonly string[] Names =
    [
        "connection_refused", "connection_failed", "timeout", "tls", "unauthorized", "http_status", "interrupted",
        "malformed_answer", "too_large",
    ];

    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<DiscoveryFailureKind> All { get; } = Enum.GetValues<DiscoveryFailureKind>();

    public static string LabelOf(DiscoveryFailureKind kind) => Names[(int)kind];
}
