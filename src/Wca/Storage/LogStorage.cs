using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Wca.Api;
using Wca.Api.Configuration;

namespace Wca.Storage;

/// <summary>
/// Prometheus text to stderr (default), appended to a file, or atomically replacing a file that
/// node_exporter's textfile collector reads (<c>overwrite: true</c>: written to a temporary sibling
/// and renamed over the target, so a reader never sees a partial file). Nothing is opened before the
/// first <see cref="Store"/>: loading a configuration touches no file.
/// </summary>
/// <remarks>
/// An appended file is reopened when its path names another file (rotated or deleted) and on SIGHUP. Failures name
/// the configured file, never the temporary one, so the runner's once-per-distinct-error log stays quiet during an
/// outage.
/// </remarks>
[WcaComponent]
public sealed partial class LogStorage : IStorage, IDisposable, IReopenable
{
    private const int BrokenPipe = 32; // EPIPE

    private readonly PrometheusTextWriter _writer = new();

    /// <summary>wca-wrapper's seam: the mid-2019 wrapper's text (PrometheusTextWriter.WrapperDialect).</summary>
    internal bool WrapperDialect { init => _writer = new PrometheusTextWriter { WrapperDialect = value }; }
    private readonly StreamChunkWriter _chunks = new();
    private readonly Func<Stream>? _openStandardError;
    private readonly LabelFilter? _labelFilter;
    private readonly ILogger? _log;
    private Stream? _output;
    private FileIdentity _outputIdentity;
    private string? _reopenReason;
    private int _reopenRequested;

    /// <param name="outputFilename">File to write; null = stderr.</param>
    /// <param name="overwrite">Replace the file with each package instead of appending (needs a file).</param>
    /// <param name="includeTimestamp">Millisecond timestamps on every sample; null = not in overwrite mode
    /// (node_exporter rejects timestamped textfile samples), else yes.</param>
    /// <param name="filterLabels">Label keys to keep on every metric (others are dropped); null = all labels.</param>
    /// <param name="fileMode">Mode of the file written in overwrite mode (and of an appended file the agent creates),
    /// in octal; 0644 lets node_exporter, running as its own user, read it.</param>
    /// <param name="logger">Where reopening a file is logged.</param>
    public LogStorage(
        [FilePath] string? outputFilename = null,
        bool overwrite = false,
        bool? includeTimestamp = null,
        List<string>? filterLabels = null,
        [OctalFileMode] string fileMode = "0644",
        ILogger? logger = null)
        : this(outputFilename, overwrite, includeTimestamp, filterLabels, fileMode, logger, null)
    {
    }

    /// <summary>For tests: <paramref name="openStandardError"/> replaces the process's stderr.</summary>
    internal LogStorage(string? outputFilename, bool overwrite, bool? includeTimestamp, Func<Stream>? openStandardError)
        : this(outputFilename, overwrite, includeTimestamp, null, "0644", null, openStandardError)
    {
    }

    internal LogStorage(string? outputFilename, bool overwrite, bool? includeTimestamp, List<string>? filterLabels, string fileMode,
        ILogger? logger, Func<Stream>? openStandardError)
    {
        if (overwrite && outputFilename is null)
            throw new ArgumentException("cannot use overwrite mode without output_filename being set!", nameof(overwrite));
        if (outputFilename is not null) CheckOutputFilename(outputFilename);
        if (!OctalFileModeAttribute.TryParse(fileMode, out var mode))
            throw new ArgumentException($"expected {new OctalFileModeAttribute().Expected}, found '{fileMode}'", nameof(fileMode));
        OutputFilename = outputFilename;
        Overwrite = overwrite;
        IncludeTimestamp = includeTimestamp ?? !overwrite;
        FileMode = mode;
        FilterLabels = filterLabels?.ToArray();
        _labelFilter = FilterLabels is null ? null : new LabelFilter(FilterLabels);
        _log = logger;
        _openStandardError = openStandardError;
    }

    public string? OutputFilename { get; }
    public bool Overwrite { get; }
    public bool IncludeTimestamp { get; }
    public UnixFileMode FileMode { get; }
    public IReadOnlyList<string>? FilterLabels { get; }

    /// <summary>A directory, '.', or a kernel interface (/proc, /sys) is refused at load instead of failing every store.</summary>
    private static void CheckOutputFilename(string outputFilename)
    {
        var full = Path.GetFullPath(outputFilename);
        if (outputFilename.EndsWith('/') || Path.GetFileName(outputFilename) is "." or "" || Directory.Exists(full))
            throw new ArgumentException(
                $"output_filename '{outputFilename}' is a directory: name a file in it, such as '{Path.Join(full, "metrics.prom")}'",
                nameof(outputFilename));
        var directory = Path.GetDirectoryName(full);
        if (IsKernelInterface(full) || (directory is not null && Directory.Exists(directory) && IsKernelInterface(RealDirectory(directory))))
            throw new ArgumentException(
                $"output_filename '{outputFilename}' is under /proc or /sys: those are kernel interfaces, not files for metrics",
                nameof(outputFilename));
        if (directory is not null && !Directory.Exists(directory))
            throw new ArgumentException($"the directory of output_filename '{outputFilename}' does not exist", nameof(outputFilename));
    }

    private static bool IsKernelInterface(string fullPath) =>
        fullPath is "/proc" or "/sys" || fullPath.StartsWith("/proc/", StringComparison.Ordinal) || fullPath.StartsWith("/sys/", StringComparison.Ordinal);

    private static string RealDirectory(string directory) =>
        new DirectoryInfo(directory).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? directory;

    public void Store(MetricPackage package, CancellationToken cancellationToken = default)
    {
        if (_labelFilter is not null) package = _labelFilter.Apply(package);
        if (Overwrite)
        {
            ReplaceFile(OutputFilename!, package);
            return;
        }
        var output = AppendOutput();
        try
        {
            _chunks.Begin(output);
            _writer.Write(package, IncludeTimestamp, _chunks);
            // Appended packages are separated by an empty line, as the reference does.
            _chunks.GetSpan(1)[0] = (byte)'\n';
            _chunks.Advance(1);
            _chunks.Flush();
            output.Flush();
        }
        catch (IOException e) when (OutputFilename is null && e.HResult == BrokenPipe)
        {
            throw new IOException("stderr is a pipe whose reader has closed it (EPIPE): metrics are not written", e);
        }
    }

    /// <inheritdoc/>
    void IReopenable.RequestReopen() => Interlocked.Exchange(ref _reopenRequested, 1);

    /// <summary>The open append target: stderr, or the file, reopened on SIGHUP or when the path no longer names it.</summary>
    private Stream AppendOutput()
    {
        var reopen = Interlocked.Exchange(ref _reopenRequested, 0) == 1;
        if (OutputFilename is null)
            return _output ??= (_openStandardError ?? OpenStandardError)();
        if (_output is not null)
        {
            // One statx of the path per package; the open file's identity was taken when it was opened.
            string? reason = reopen ? "SIGHUP" : FileIdentity.OfPath(OutputFilename) != _outputIdentity ? "the path names another file now (rotated or deleted)" : null;
            if (reason is not null)
            {
                _output.Dispose();
                _output = null;
                _reopenReason = reason;
            }
        }
        if (_output is null)
        {
            var options = new FileStreamOptions { Mode = System.IO.FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, BufferSize = 0 };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
            var file = new FileStream(OutputFilename, options);
            _outputIdentity = FileIdentity.OfHandle(file.SafeFileHandle);
            _output = file;
            if (_reopenReason is { } why && _log is not null) Log.Reopened(_log, OutputFilename, why);
            _reopenReason = null;
        }
        return _output;
    }

    /// <summary>
    /// fd 2 as a plain file stream: the console stream drops writes to a closed pipe silently, this one reports EPIPE.
    /// </summary>
    internal static Stream OpenStandardError() => OpenDescriptor(2);

    internal static Stream OpenDescriptor(int descriptor) =>
        new FileStream(new SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    /// <summary>Writes a temporary file next to <paramref name="target"/>, sets its mode and renames it over the target.</summary>
    private void ReplaceFile(string target, MetricPackage package)
    {
        // Not *.prom: node_exporter must not pick the temporary file up.
        var temporary = $"{target}.{Environment.ProcessId}.{Random.Shared.Next():x8}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0 };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(temporary, options))
            {
                // fchmod, not the create mode: the umask (often 077 under systemd) would narrow it.
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file.SafeFileHandle, FileMode);
                _chunks.Begin(file);
                _writer.Write(package, IncludeTimestamp, _chunks);
                _chunks.Flush();
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw Stable(e, target, temporary);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// The failure, of the same type, in words that stay the same for the same cause: the target's name, never the
    /// random temporary one (the runner logs a failure again only when its message changes).
    /// </summary>
    private static Exception Stable(Exception e, string target, string temporary)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(target));
        var prefix = $"cannot replace '{target}': ";
        return e switch
        {
            DirectoryNotFoundException => new DirectoryNotFoundException($"{prefix}its directory '{directory}' does not exist", e),
            UnauthorizedAccessException => new UnauthorizedAccessException($"{prefix}permission denied in '{directory}'", e),
            _ => new IOException(prefix + e.Message.Replace($" : '{temporary}'", "", StringComparison.Ordinal).Replace(temporary, target, StringComparison.Ordinal), e),
        };
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The directory is gone or read-only: there is nothing left to clean.
        }
    }

    public void Dispose()
    {
        _output?.Dispose();
        _output = null;
    }
}
