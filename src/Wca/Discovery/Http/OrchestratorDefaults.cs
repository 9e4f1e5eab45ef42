namespace Wca.Discovery.Http;

/// <summary>Defaults and limits every orchestrator node shares, so their keys mean the same everywhere.</summary>
internal static class OrchestratorDefaults
{
    /// <summary>Seconds the last known tasks stay measured while discovery fails (5 minutes).</summary>
    public const double TaskStalenessSeconds = 300;

    /// <summary>The largest accepted answer: a 300-pod kubelet list is ~2-5 MB; 64 MB leaves room for big nodes.</summary>
    public const long MaxResponseBytes = 64L * 1024 * 1024;

    /// <summary>Bounds of max_response_bytes.</summary>
    public const long MinResponseBytesLimit = 1024, MaxResponseBytesLimit = 1024L * 1024 * 1024;
}
