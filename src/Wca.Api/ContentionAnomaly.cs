using System.Security.Cryptography;
using System.Text;

namespace Wca.Api;

/// <summary>A task suffers because others use the same resource.</summary>
/// <param name="ContendedTaskId">The victim.</param>
/// <param name="ContendingTaskIds">The aggressors.</param>
/// <param name="Resource">The resource.</param>
/// <param name="Metrics">Context metrics (e.g. the threshold that was crossed).</param>
public sealed record ContentionAnomaly(
    string ContendedTaskId,
    IReadOnlyList<string> ContendingTaskIds,
    ContendedResource Resource,
    IReadOnlyList<Metric> Metrics) : Anomaly
{
    // Kept in step with the task ids (also by `with`), so it is a function of them and record equality holds.
    private string _uuid = UuidOf(ContendedTaskId, ContendingTaskIds);

    /// <summary>The victim.</summary>
    public string ContendedTaskId
    {
        get;
        init { field = value; _uuid = UuidOf(value, ContendingTaskIds); }
    } = ContendedTaskId;

    /// <summary>The aggressors.</summary>
    public IReadOnlyList<string> ContendingTaskIds
    {
        get;
        init { field = value; _uuid = UuidOf(ContendedTaskId, value); }
    } = ContendingTaskIds;

    /// <summary>"contention".</summary>
    public override string Type => "contention";

    /// <summary>
    /// The original's identifier of this task combination (the <c>uuid</c> label): the first 16 bytes of SHA-256
    /// of the UTF-8 of the ordinal-sorted ids (contended and contending, duplicates kept) joined by ",", as
    /// lowercase canonical UUID text in byte order (Python's <c>UUID(bytes=...)</c>, not <see cref="Guid"/>'s).
    /// </summary>
    public string Uuid => _uuid;

    /// <summary>
    /// One <c>anomaly</c> sample (value 1) per contending task with labels contended_task_id, contending_task_id,
    /// resource, uuid and type="contention"; then each of <see cref="Metrics"/> with uuid and type="anomaly"
    /// overlaid (replacing such labels).
    /// </summary>
    public override IReadOnlyList<Metric> GenerateMetrics()
    {
        var resource = Resource.ToLabelText();
        var metrics = new Metric[ContendingTaskIds.Count + Metrics.Count];
        var n = 0;
        foreach (var contending in ContendingTaskIds)
        {
            metrics[n++] = new Metric(Descriptor, 1, LabelSet.From(
                ("contended_task_id", ContendedTaskId),
                ("contending_task_id", contending),
                ("resource", resource),
                ("type", Type),
                ("uuid", _uuid)));
        }
        var context = LabelSet.From(("type", "anomaly"), ("uuid", _uuid));
        foreach (var metric in Metrics) metrics[n++] = metric with { Labels = metric.Labels.Merge(context) };
        return metrics;
    }

    private static string UuidOf(string contendedTaskId, IReadOnlyList<string> contendingTaskIds)
    {
        ArgumentNullException.ThrowIfNull(contendedTaskId);
        ArgumentNullException.ThrowIfNull(contendingTaskIds);
        var ids = new string[contendingTaskIds.Count + 1];
        ids[0] = contendedTaskId;
        for (var i = 0; i < contendingTaskIds.Count; i++) ids[i + 1] = contendingTaskIds[i];
        // Python's sorted() on str compares code points; ordinal UTF-16 order differs only beyond U+FFFF
        // against U+E000..U+FFFF, where task ids do not go.
        Array.Sort(ids, StringComparer.Ordinal);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', ids)), hash);
        // Big-endian: the bytes appear in the text in hash order, as Python's UUID(bytes=...) prints them.
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}
