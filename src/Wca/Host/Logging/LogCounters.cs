using System.Collections.Concurrent;

namespace Wca.Host.Logging;

/// <summary>
/// Warnings and errors logged since start, per module (logger category). Exposed every iteration as
/// wca_warning_count / wca_error_count. A module appears once it logged anything that passed its level.
/// </summary>
public sealed class LogCounters
{
    private sealed class Counts
    {
        public long Warnings;
        public long Errors;
    }

    private readonly ConcurrentDictionary<string, Counts> _byModule = new(StringComparer.Ordinal);
    private string[] _sorted = [];

    public void Count(string module, Microsoft.Extensions.Logging.LogLevel level)
    {
        var c = _byModule.GetOrAdd(module, static _ => new Counts());
        if (level == Microsoft.Extensions.Logging.LogLevel.Warning) Interlocked.Increment(ref c.Warnings);
        else if (level >= Microsoft.Extensions.Logging.LogLevel.Error) Interlocked.Increment(ref c.Errors);
    }

    /// <summary>(module, warnings, errors) for every module seen, sorted by module.</summary>
    public IReadOnlyList<(string Module, long Warnings, long Errors)> Snapshot()
    {
        var counts = new List<(string Module, long Warnings, long Errors)>();
        CopyTo(counts);
        return counts;
    }

    /// <summary>
    /// Fills <paramref name="into"/> like <see cref="Snapshot"/>, reusing it: read every iteration, so the sorted
    /// module list is rebuilt only when a module appeared (modules are never removed).
    /// </summary>
    public void CopyTo(List<(string Module, long Warnings, long Errors)> into)
    {
        into.Clear();
        var sorted = _sorted;
        if (sorted.Length != _byModule.Count) _sorted = sorted = [.. _byModule.Keys.Order(StringComparer.Ordinal)];
        foreach (var module in sorted)
        {
            var c = _byModule[module];
            into.Add((module, Interlocked.Read(ref c.Warnings), Interlocked.Read(ref c.Errors)));
        }
    }

    public long Warnings(string module) => _byModule.TryGetValue(module, out var c) ? Interlocked.Read(ref c.Warnings) : 0;
    public long Errors(string module) => _byModule.TryGetValue(module, out var c) ? Interlocked.Read(ref c.Errors) : 0;
}
