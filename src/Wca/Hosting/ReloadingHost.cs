using Microsoft.Extensions.Logging;
using Wca.Host.Cli;
using Wca.Host.Configuration;
using Wca.Host.Logging;
using Wca.Runners;
using Wca.Storage;

namespace Wca.Hosting;

/// <summary>
/// Runs the configured runner until SIGTERM/SIGINT, and reloads the configuration file in place on SIGHUP.
/// A SIGHUP always asks the components to reopen their output files (logrotate). When the file's text changed, the new
/// text is checked first (loaded with <see cref="Host.AgentServices.CheckOnly"/> and the privilege check) while the
/// running configuration keeps running; a broken file is one error line and nothing else. A valid one stops the runner
/// between iterations, disposes its components (freeing the ports and files the new ones may take), loads the file for
/// real and continues with the new runner from the old one's counters (wca_iterations, overruns; log counters live in
/// the logging, which stays). Should the real load still fail, the previous text is loaded again.
/// </summary>
internal sealed partial class ReloadingHost(
    AgentConfigurationLoader loader,
    string? configPath,
    AgentLoggerProvider logLevels,
    ILogger log,
    FatalReporter fatal)
{
    private readonly Lock _lock = new();
    private CancellationTokenSource? _generation;
    private LoadedConfiguration? _current;
    private string? _acceptedText;
    private int _checking;

    /// <param name="first">The configuration loaded at start.</param>
    /// <param name="firstText">Its text (what an unchanged file is compared with); null = no reload (the embedded default).</param>
    public int Run(LoadedConfiguration first, string? firstText)
    {
        var runningText = firstText;
        var current = first;
        (long Iterations, long Overruns) progress = (0, 0);
        var reloaded = false;
        using var signals = new StopSignals(() => OnHangup(runningText));
        while (true)
        {
            using var generation = CancellationTokenSource.CreateLinkedTokenSource(signals.Token);
            lock (_lock)
            {
                _generation = generation;
                _current = current;
            }
            logLevels.ApplyLevels(current.Levels);
            var runner = current.Configuration.Runner;
            (runner as MeasuringRunner)?.ContinueFrom(progress);
            Log.Running(log, runner.GetType().FullName);
            int exitCode;
            try
            {
                exitCode = runner.Run(generation.Token);
            }
            catch (Exception e)
            {
                DisposeComponents(current);
                return fatal.Report(ExitCodes.StartupError, $"{runner.GetType().Name} failed: {e.Message}", e, LogLevel.Critical);
            }
            string? accepted;
            lock (_lock)
            {
                _generation = null;
                accepted = _acceptedText;
                _acceptedText = null;
            }
            var ranIterations = runner is MeasuringRunner measuring && measuring.Progress.Iterations > progress.Iterations;
            if (runner is MeasuringRunner finished) progress = finished.Progress;
            DisposeComponents(current);

            // A reloaded runner that could not start (a check of the host its new settings need): back to the previous text.
            if (reloaded && exitCode != ExitCodes.Success && !ranIterations && runningText is not null && !signals.Token.IsCancellationRequested)
            {
                Log.ReloadedRunnerFailed(log, configPath, exitCode);
                accepted = null;
                if (LoadText(runningText) is not { } previous) return exitCode;
                current = previous;
                reloaded = false;
                continue;
            }
            if (signals.Token.IsCancellationRequested || accepted is null)
            {
                if (signals.Received is { } signal) Log.StoppedBy(log, signal);
                return exitCode;
            }

            // Some iterations' garbage of the old components goes with them.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var next = loader.Load(configPath!, checkOnly: false, evaluatePrivileges: true);
            if (next.Loaded is null)
            {
                Log.ReloadFailedAfterCheck(log, configPath, next.Problem);
                if (LoadText(runningText!) is not { } previous) return ExitCodes.StartupError;
                current = previous;
                continue;
            }
            runningText = accepted;
            current = next.Loaded;
            reloaded = true;
            Log.Reloaded(log, configPath, progress.Iterations);
        }
    }

    /// <summary>Loads a configuration text kept in memory (the one that ran before a reload that failed late).</summary>
    private LoadedConfiguration? LoadText(string text)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"wca-running-config-{Environment.ProcessId}-{Guid.NewGuid():N}.yaml");
        try
        {
            using (var file = new FileStream(copy, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(file))
                writer.Write(text);
            var result = loader.Load(copy, checkOnly: false, evaluatePrivileges: true);
            if (result.Loaded is null) fatal.Report(ExitCodes.StartupError, $"the previous configuration cannot run again either: {result.Problem}", result.Cause);
            else Log.PreviousRestored(log, configPath);
            return result.Loaded;
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>On the signal thread: reopen output files now; check a changed file off that thread.</summary>
    private void OnHangup(string? runningText)
    {
        LoadedConfiguration? current;
        lock (_lock) current = _current;
        foreach (var component in current?.Configuration.Components ?? []) (component as IReopenable)?.RequestReopen();
        if (configPath is null) return;
        // One check at a time: a SIGHUP during a check is answered by that check's reading of the file.
        if (Interlocked.Exchange(ref _checking, 1) == 1) return;
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            try
            {
                CheckChangedFile(runningText);
            }
            finally
            {
                Volatile.Write(ref _checking, 0);
            }
        }, null);
    }

    private void CheckChangedFile(string? runningText)
    {
        string text;
        try
        {
            text = ConfigurationText.Read(configPath!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConfigurationException)
        {
            Log.ReloadRejected(log, configPath, e.Message);
            return;
        }
        if (string.Equals(text, runningText, StringComparison.Ordinal))
        {
            Log.ReloadUnchanged(log, configPath);
            return;
        }
        var check = loader.Load(configPath!, checkOnly: true, evaluatePrivileges: true);
        if (check.Loaded is null)
        {
            Log.ReloadRejected(log, configPath, check.Problem);
            return;
        }
        AgentConfigurationLoader.Dispose(check.Loaded.Configuration.Components);
        lock (_lock)
        {
            if (_generation is null) return;
            _acceptedText = text;
            _generation.Cancel();
        }
        Log.ReloadAccepted(log, configPath);
    }

    private void DisposeComponents(LoadedConfiguration configuration)
    {
        lock (_lock) if (ReferenceEquals(_current, configuration)) _current = null;
        foreach (var (component, error) in AgentConfigurationLoader.Dispose(configuration.Configuration.Components))
            Log.DisposeFailed(log, error, component.GetType().FullName);
    }
}
