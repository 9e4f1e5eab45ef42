namespace Wca.Kernel.Resctrl;

/// <summary>
/// One monitoring group's counters summed over every L3 domain (mon_data/mon_L3_XX): bytes. A counter is null when
/// it is not monitored or any domain answered "Unavailable" (an RMID the hardware does not track right now, AMD) or
/// "Unassigned" (no ABMC counter assigned): resctrl.rst, "Monitoring"; a partial sum would be a wrong value.
/// </summary>
internal readonly record struct MonitoringCounters(long? LlcOccupancyBytes, long? MbmTotalBytes, long? MbmLocalBytes);
