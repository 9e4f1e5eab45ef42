using Wca.Actuation;

namespace Wca.Tests.Actuation;

/// <summary>The kernel's writer, counting every write (path and value) an actuator makes.</summary>
internal sealed class CountingCgroupWriter : ICgroupFileWriter
{
    private readonly List<(string Path, string Value)> _writes = [];

    public IReadOnlyList<(string Path, string Value)> Writes => _writes;

    public int Write(string path, string value)
    {
        _writes.Add((path, value));
        return KernelCgroupFileWriter.Instance.Write(path, value);
    }
}
