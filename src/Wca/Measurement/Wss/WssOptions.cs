namespace Wca.Measurement.Wss;

/// <summary>The final release's working-set-size keys (later-versions.md §4.8), as the runner was configured.</summary>
/// <param name="ResetCycles">wss_reset_cycles: clear the referenced bits every this many of a task's measurements; 0 = never.</param>
/// <param name="StableCycles">wss_stable_cycles: consecutive stable cycles for task_working_set_size_bytes; 0 = off.</param>
/// <param name="MembwThreshold">wss_membw_threshold: share of the memory-bandwidth delta under which growth is "stable"; null = off.</param>
internal sealed record WssOptions(int ResetCycles, int StableCycles, double? MembwThreshold)
{
    /// <summary>Whether the stability estimate is asked for (it needs RDT memory-bandwidth monitoring).</summary>
    public bool AsksForStability => MembwThreshold is not null && StableCycles != 0;
}
