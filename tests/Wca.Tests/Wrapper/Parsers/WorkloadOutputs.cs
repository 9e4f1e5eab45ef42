using System.Text;
using Wca.Api.Wrapper;

namespace Wca.Tests.Wrapper.Parsers;

/// <summary>A workload's output for a parser test: the wrapper's own reader over given bytes, and what it echoed.</summary>
internal sealed class WorkloadOutputs : IDisposable
{
    private readonly MemoryStream _echo = new();
    private readonly WorkloadOutputReader _reader;

    private WorkloadOutputs(Stream source) => _reader = new WorkloadOutputReader(source, _echo, ownsSource: true);

    public IWorkloadOutput Reader => _reader;

    /// <summary>Every line the reader returned, as echoed.</summary>
    public string Echoed
    {
        get
        {
            _reader.FlushEcho();
            return Encoding.UTF8.GetString(_echo.ToArray());
        }
    }

    public static WorkloadOutputs FromFile(string path) => new(File.OpenRead(path));

    public static WorkloadOutputs FromText(string text) => new(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    public void Dispose()
    {
        _reader.Dispose();
        _echo.Dispose();
    }
}
