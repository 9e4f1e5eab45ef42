using Wca.Api;
using Wca.Api.Configuration;

namespace Wca.Decision;

/// <summary>A detector that finds nothing (<c>detector: !NOPAnomalyDetector</c>): measure with a DetectionRunner's layout.</summary>
[WcaComponent]
public sealed class NOPAnomalyDetector : IAnomalyDetector
{
    /// <inheritdoc/>
    public DetectionResult Detect(Platform platform, IReadOnlyDictionary<string, TaskData> tasks) => DetectionResult.None;
}
