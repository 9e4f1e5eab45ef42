using Wca.Api;

namespace Wca.Measurement.Perf.Uncore;

/// <summary>
/// An uncore event as configured: the metric it becomes, the PMU kind it is counted on (uncore_imc, uncore_upi ...)
/// and its terms. Encoded per PMU at start (<see cref="TryEncode"/>), since each PMU's format/ says where the fields go.
/// </summary>
internal sealed class UncoreEventDefinition(MetricDescriptor descriptor, string pmuKind, IReadOnlyList<UncoreEventTerm> terms, bool predefined)
{
    public MetricDescriptor Descriptor { get; } = descriptor;

    public string Name => Descriptor.Name;

    /// <summary>The PMU name without instance number this event is counted on.</summary>
    public string PmuKind { get; } = pmuKind;

    public IReadOnlyList<UncoreEventTerm> Terms { get; } = terms;

    /// <summary>One of the agent's own events (its metric is in the catalogue), not a user definition.</summary>
    public bool IsPredefined { get; } = predefined;

    /// <summary>The definition in perf(1)'s syntax, for messages.</summary>
    public override string ToString() => $"{Name}/{PmuKind}/{string.Join(",", Terms)}/";

    /// <summary>
    /// Encodes the terms into config words for <paramref name="pmu"/>: a format field's value goes into its bits, a
    /// config/config1/config2/config3 term is OR'ed into that word as given. False with the reason when the PMU has no
    /// such field or the value does not fit it.
    /// </summary>
    public bool TryEncode(UncorePmu pmu, out UncoreEventConfig config, out string? error)
    {
        Span<ulong> words = stackalloc ulong[PmuFormatField.Words.Length];
        words.Clear();
        config = default;
        foreach (var term in Terms)
        {
            var raw = Array.IndexOf(PmuFormatField.Words, term.Field);
            if (raw >= 0)
            {
                words[raw] |= term.Value;
                continue;
            }
            if (!pmu.Format.TryGet(term.Field, out var field))
            {
                error = $"{pmu.Name} has no format field '{term.Field}' (its fields: {pmu.Format.Names}; or give config=, config1= directly)";
                return false;
            }
            if (!field.TryEncode(term.Value, out var bits))
            {
                error = $"{term.Field}=0x{term.Value:x} does not fit {pmu.Name}'s {term.Field} ({field.Text}: {field.Width} bits)";
                return false;
            }
            words[field.Word] |= bits;
        }
        error = null;
        config = new UncoreEventConfig(words[0], words[1], words[2], words[3]);
        return true;
    }
}
