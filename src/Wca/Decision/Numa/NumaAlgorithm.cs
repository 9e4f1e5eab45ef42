namespace Wca.Decision.Numa;

/// <summary>How the NUMAAllocator picks the next task to pin and its node (<c>algorithm</c>).</summary>
public enum NumaAlgorithm
{
    /// <summary>The biggest unpinned task goes to the node with the least pinned memory (bin packing, biggest first).</summary>
    FillBiggestFirst,

    /// <summary>
    /// The task goes where most of its memory already is, when that node also has little pinned memory or much free
    /// memory; else to a node with both little pinned and much free memory. Moves the fewest pages.
    /// </summary>
    MinimizeMigrations,
}
