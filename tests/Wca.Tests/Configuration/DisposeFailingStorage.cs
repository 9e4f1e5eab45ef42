using Wca.Api;

namespace Wca.Tests.Configuration;

/// <summary>A storage whose Dispose throws, to see a failed load log that and dispose the rest anyway.</summary>
public sealed class DisposeFailingStorage : IStorage, IDisposable
{
    public void Store(MetricBatch batch) { }
    public void Dispose() => throw new IOException("disk went away");
}
