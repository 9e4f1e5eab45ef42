using Wca.Api;
using Wca.Api.Configuration;

namespace Wca.Storage;

/// <summary>
/// Prometheus text to stderr (default), appended to a file, or atomically replacing a file that
/// node_exporter's textfile collector reads (<c>overwrite: true</c>: written to a temporary sibling
/// and renamed over the target, so a reader never sees a partial file). Nothing is opened before the
/// first <see cref="Store"/>: loading a configuration touches no file.
/// </summary>
[WcaComponent]
public sealed class LogStorage : IStorage, IDisposable
{
    private readonly PrometheusTextWriter _writer = new();
    private readonly StreamChunkWriter _chunks = new();
    private readonly Func<Stream>? _openStandardError;
    private Stream? _output;

    /// <param name="outputFilename">File to write; null = stderr.</param>
    /// <param name="overwrite">Replace the file with each package instead of appending (needs a file).</param>
    /// <param name="includeTimestamp">Millisecond timestamps on every sample; null = not in overwrite mode
    /// (node_exporter rejects timestamped textfile samples), else yes.</param>
    public LogStorage(
        [FilePath] string? outputFilename = null,
        bool overwrite = false,
        bool? includeTimestamp = null)
        : this(outputFilename, overwrite, includeTimestamp, null)
    {
    }

    /// <summary>For tests: <paramref name="openStandardError"/> replaces the process's stderr.</summary>
    internal LogStorage(string? outputFilename, bool overwrite, bool? includeTimestamp, Func<Stream>? openStandardError)
    {
        if (overwrite && outputFilename is null)
            throw new ArgumentException("cannot use overwrite mode without output_filename being set!", nameof(overwrite));
        if (outputFilename is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputFilename));
            if (directory is not null && !Directory.Exists(directory))
                throw new ArgumentException($"the directory of output_filename '{outputFilename}' does not exist", nameof(outputFilename));
        }
        OutputFilename = outputFilename;
        Overwrite = overwrite;
        IncludeTimestamp = includeTimestamp ?? !overwrite;
        _openStandardError = openStandardError;
    }

    public string? OutputFilename { get; }
    public bool Overwrite { get; }
    public bool IncludeTimestamp { get; }

    public void Store(MetricPackage package, CancellationToken cancellationToken = default)
    {
        if (Overwrite)
        {
            ReplaceFile(OutputFilename!, package);
            return;
        }
        _output ??= OutputFilename is null
            ? (_openStandardError ?? Console.OpenStandardError)()
            : new FileStream(OutputFilename, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        _chunks.Begin(_output);
        _writer.Write(package, IncludeTimestamp, _chunks);
        // Appended packages are separated by an empty line, as the reference does.
        _chunks.GetSpan(1)[0] = (byte)'\n';
        _chunks.Advance(1);
        _chunks.Flush();
        _output.Flush();
    }

    /// <summary>Writes a temporary file (mode 0600) next to <paramref name="target"/> and renames it over the target.</summary>
    private void ReplaceFile(string target, MetricPackage package)
    {
        // Not *.prom: node_exporter must not pick the temporary file up.
        var temporary = $"{target}.{Environment.ProcessId}.{Random.Shared.Next():x8}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0 };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(temporary, options))
            {
                _chunks.Begin(file);
                _writer.Write(package, IncludeTimestamp, _chunks);
                _chunks.Flush();
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public void Dispose()
    {
        _output?.Dispose();
        _output = null;
    }
}
