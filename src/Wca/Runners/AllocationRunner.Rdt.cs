using Microsoft.Extensions.Logging;
using Wca.Actuation.Rdt;
using Wca.Kernel.Resctrl;
using Wca.Measurement.Rdt;

namespace Wca.Runners;

public sealed partial class AllocationRunner
{
    /// <summary>
    /// RDT at start (agent-core §6.8.1, fixed): with rdt_enabled (or auto and resctrl mounted) the control features are
    /// read from info/, rdt_cache_control_required / rdt_mb_control_required checked against them, the groups cleaned
    /// up and the root group's defaults set. Non-zero = exit code.
    /// </summary>
    private int StartRdt()
    {
        var root = Services.HostPaths.ResctrlRoot;
        var mount = new ResctrlMount(root, ResctrlFiles ?? ResctrlFileSystem.Instance);
        var enabled = Measuring.RdtEnabled ?? mount.IsMounted;
        RdtControlInfo? info = null;
        if (enabled)
        {
            try
            {
                var proc = Services.HostPaths.Proc;
                info = RdtControlInfo.From(ResctrlInfo.Read(mount, Path.Combine(proc, "mounts"), Path.Combine(proc, "cpuinfo")));
            }
            catch (ResctrlException e)
            {
                Log.RdtInfoUnreadable(Logger, root, e.Message);
                return 1;
            }
        }
        if (RdtCacheControlRequired && info is not { CacheControl: true })
        {
            Log.RdtControlRequired(Logger, "rdt_cache_control_required", "L3 cache allocation", Why(info, root, "L3"));
            return 1;
        }
        if (RdtMbControlRequired && info is not { MbControl: true })
        {
            Log.RdtControlRequired(Logger, "rdt_mb_control_required", "memory bandwidth allocation", Why(info, root, "MB"));
            return 1;
        }
        if (info is null)
        {
            if (RemoveAllResctrlGroups) Log.ResctrlCleanupNotDone(Logger);
            return 0;
        }
        if (!info.Control) return 0; // monitoring only: no rdt allocations, nothing to reset
        var configuration = EffectiveAllocationConfiguration;
        // The placements tell monitoring which control group each task's monitoring group belongs in.
        var groups = new ResctrlControlGroups(root, info, mount.Files, RdtMonitoring?.Placements,
            Services.LoggerFactory.CreateLogger(typeof(ResctrlControlGroups).FullName!));
        if (groups.Start(RemoveAllResctrlGroups, configuration.DefaultRdtL3, configuration.DefaultRdtMb, DryRun) is { } failure)
        {
            Log.RdtStartFailed(Logger, failure);
            return 1;
        }
        _rdt = groups;
        return 0;
    }

    private static string Why(RdtControlInfo? info, string root, string resource) =>
        info is null
            ? $"RDT is not enabled (rdt_enabled: false, or no resctrl at {root}: mount it with 'mount -t resctrl resctrl {root}')"
            : $"the root schemata {Path.Combine(root, "schemata")} has no {resource} line";
}
