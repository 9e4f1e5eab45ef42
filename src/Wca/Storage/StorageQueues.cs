using Wca.Api;
using Wca.Measurement.Catalog;

namespace Wca.Storage;

/// <summary>
/// The queueing storages of one runner, for its internal metrics. A storage instance that fills several slots (one
/// YAML anchor) is one series, labelled with its slot keys joined by commas; other storages add nothing.
/// </summary>
internal sealed class StorageQueues
{
    private readonly List<(IQueueingStorage Storage, string Slots)> _storages = [];
    private LabelSet[] _labels = [];
    private LabelSet? _common;

    /// <summary>Takes <paramref name="storage"/> into the metrics when it queues; called once per slot.</summary>
    public void Add(string slot, IStorage storage)
    {
        if (storage is not IQueueingStorage queueing) return;
        var known = _storages.FindIndex(s => ReferenceEquals(s.Storage, queueing));
        if (known < 0) _storages.Add((queueing, slot));
        else _storages[known] = (queueing, _storages[known].Slots + "," + slot);
        _labels = [];
    }

    /// <summary>Appends each queueing storage's backlog to <paramref name="batch"/>.</summary>
    public void Write(MetricBatch batch, LabelSet common)
    {
        if (_storages.Count == 0) return;
        if (_labels.Length != _storages.Count || !ReferenceEquals(common, _common))
        {
            _common = common;
            _labels = [.. _storages.Select(s => LabelSet.From(("storage", s.Slots)).Merge(common))];
        }
        for (var i = 0; i < _storages.Count; i++)
        {
            var state = _storages[i].Storage.QueueState;
            batch.Add(MetricCatalog.WcaStorageQueuePackages, state.Packages, _labels[i]);
            batch.Add(MetricCatalog.WcaStorageQueueBytes, state.Bytes, _labels[i]);
            batch.Add(MetricCatalog.WcaStorageDroppedPackages, state.DroppedPackages, _labels[i]);
        }
    }
}
