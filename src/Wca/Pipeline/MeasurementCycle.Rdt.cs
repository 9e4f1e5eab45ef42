using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host.Security;
using Wca.Kernel.Cgroups;
using Wca.Kernel.Resctrl;
using Wca.Measurement.Rdt;

namespace Wca.Pipeline;

/// <summary>The RDT part of the cycle (agent-core.md §6.2): detection at start, monitoring groups per task, the platform's RDT facts.</summary>
internal sealed partial class MeasurementCycle
{
    private ResctrlMount? _resctrl;
    private RdtMonitoring? _rdt;
    private RdtPlatformFacts? _rdtFacts;
    // Why RDT is off (what the working set's stability estimate says it misses); null while it is on.
    private string? _rdtOff;

    /// <summary>RDT monitoring when enabled: its resctrl mount, facts and task placements are the allocation side's too.</summary>
    internal RdtMonitoring? Rdt => _rdt;

    /// <summary>
    /// rdt_enabled: null = on when resctrl is mounted, true = required (exit 1 when it is not mounted), false = off.
    /// Returns an exit code; on success <see cref="_resctrl"/> is set when RDT is on.
    /// </summary>
    private int DetectRdt()
    {
        var mount = new ResctrlMount(_services.HostPaths.ResctrlRoot, _settings.ResctrlFiles);
        if (_settings.RdtEnabled == false)
        {
            _rdtOff = "rdt_enabled is false: set it to true, or leave it unset, on a host with resctrl mounted";
            return 0;
        }
        var available = mount.IsMounted;
        if (_settings.RdtEnabled is null)
        {
            // Auto turns RDT on only when the agent can make groups and move tasks: else one warning, not one per task.
            var facts = available ? PrivilegeFacts.OfThisProcess(_services.HostPaths.Proc) : null;
            if (facts is not null && MissingResctrlCapabilities(facts) is { } missing)
            {
                available = false;
                Log.RdtOffWithoutPrivileges(_log, mount.Root, facts.EffectiveUid, missing, missing.Replace(", ", " ", StringComparison.Ordinal),
                    missing.Replace(", ", ",", StringComparison.Ordinal).ToLowerInvariant());
                _rdtOff = $"RDT stays off: uid {facts.EffectiveUid} lacks {missing}, which resctrl needs (see the warning at start)";
            }
            Log.RdtAutoConfigured(_log, available);
        }
        else if (!available)
        {
            Log.RdtUnavailable(_log, mount.Root);
            return 1;
        }
        if (available) _resctrl = mount;
        else _rdtOff = $"resctrl is not mounted at {mount.Root}: mount it with 'mount -t resctrl resctrl /sys/fs/resctrl' (a kernel with CONFIG_X86_CPU_RESCTRL, a CPU with RDT MBM)";
        return 0;
    }

    /// <summary>
    /// The capabilities resctrl needs (CAP_DAC_OVERRIDE for its files, CAP_SETUID to move other users' tasks) missing
    /// from the effective set of a process with <paramref name="facts"/> ("CAP_DAC_OVERRIDE, CAP_SETUID"); null when it
    /// has them, or is root.
    /// </summary>
    internal static string? MissingResctrlCapabilities(PrivilegeFacts facts)
    {
        if (facts.EffectiveUid == 0) return null;
        var missing = new List<string>(2);
        if (!ProcessCredentials.Has(facts.EffectiveCapabilities, LinuxCapability.DacOverride)) missing.Add("CAP_DAC_OVERRIDE");
        if (!ProcessCredentials.Has(facts.EffectiveCapabilities, LinuxCapability.Setuid)) missing.Add("CAP_SETUID");
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }

    /// <summary>Reads the RDT facts and starts monitoring (after the common labels are known); an exit code.</summary>
    private int StartRdt(CgroupLayout? layout)
    {
        if (_resctrl is null) return 0;
        ResctrlInfo info;
        try
        {
            info = ResctrlInfo.Read(_resctrl, _services.HostPaths.ProcFile("mounts"), _services.HostPaths.ProcFile("cpuinfo"));
        }
        catch (ResctrlException e)
        {
            Log.RdtInfoUnreadable(_log, e.Message);
            return 1;
        }
        if (!info.AnyMonitoring)
        {
            Log.RdtMonitoringRequired(_log, _resctrl.Root);
            return 1;
        }
        _rdtFacts = new RdtPlatformFacts(info, CommonLabels);
        _rdt = new RdtMonitoring(_resctrl, info, new RdtTaskPlacements(), layout,
            _services.LoggerFactory.CreateLogger(typeof(RdtMonitoring).FullName!), Wanted, () => _iterationSeconds);
        _failures.Declare("task", "resctrl");
        _rdt.RemoveOrphans();
        return 0;
    }

    private void AppendRdtMetrics(MetricBatch batch)
    {
        if (_rdt is null) return;
        batch.Add(Measurement.Catalog.MetricCatalog.WcaRdtMonitoringGroups, _rdt.Groups, CommonLabels);
        batch.Add(Measurement.Catalog.MetricCatalog.WcaRdtUnmonitoredTasks, _rdt.Unmonitored, CommonLabels);
    }
}
