using Wca.Api;

namespace Wca.Runners;

/// <summary>MERGE placeholder: the serializer's natural label order.</summary>
internal static class LabelOrder
{
    public static int Compare(LabelSet a, LabelSet b) => string.CompareOrdinal(a.ToString(), b.ToString());
}
