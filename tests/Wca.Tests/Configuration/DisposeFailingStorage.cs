using Wca.Api;

namespace Wca.Tests.Configuration;

/// <summary>A storage whose Dispose throws <paramref name="message"/>, to see a failed load log that and go on disposing.</summary>
public sealed class DisposeFailingStorage(string message = "disk went away") : IStorage, IDisposable
{
    public void Store(MetricPackage package, CancellationToken cancellationToken) { }
    public void Dispose() => throw new IOException(message);
}
