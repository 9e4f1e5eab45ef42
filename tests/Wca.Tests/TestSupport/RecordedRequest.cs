namespace Wca.Tests.TestSupport;

/// <summary>A request an <see cref="OrchestratorServer"/> received.</summary>
/// <param name="Headers">Request headers by name (case-insensitive), multiple values joined with ", ".</param>
/// <param name="HadClientCertificate">Whether the TLS client presented a certificate.</param>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool HadClientCertificate)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
