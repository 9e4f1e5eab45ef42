using Wca.Api;
using Wca.Runners;

namespace Wca.Host.Security;

/// <summary>
/// What a bound configuration needs, asked of its runner (<see cref="IPrivilegedComponent"/>), and the settings behind each
/// need for the refusal message. Reads the components' values only: nothing on the host.
/// </summary>
public static class ConfiguredPrivileges
{
    /// <summary>The runner's declared needs; a runner that declares none (a plugin, say) needs none.</summary>
    public static PrivilegeNeeds Of(IRunner runner) =>
        runner is IPrivilegedComponent privileged ? privileged.PrivilegeNeeds : PrivilegeNeeds.None;

    /// <summary>For each need of <paramref name="runner"/>, the YAML settings that ask for it (runner field names and values).</summary>
    public static IReadOnlyDictionary<PrivilegeNeeds, string> Causes(IRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var causes = new Dictionary<PrivilegeNeeds, string>();
        var needs = Of(runner);
        foreach (var need in new[] { PrivilegeNeeds.PerfEvents, PrivilegeNeeds.CgroupWrites, PrivilegeNeeds.Resctrl })
            if (needs.HasFlag(need)) causes[need] = CauseOf(runner, need);
        return causes;
    }

    private static string CauseOf(IRunner runner, PrivilegeNeeds need)
    {
        if (runner is MeasurementRunner measurement)
        {
            var settings = new List<string>();
            if (need == PrivilegeNeeds.PerfEvents)
            {
                if (measurement.EventNames.Count > 0) settings.Add("event_names: " + string.Join(", ", measurement.EventNames));
                if (measurement.EnableDerivedMetrics) settings.Add("enable_derived_metrics: true");
            }
            if (need == PrivilegeNeeds.Resctrl && measurement.RdtEnabled == true) settings.Add("rdt_enabled: true");
            if (settings.Count > 0) return string.Join(" and ", settings);
        }
        // A runner this class does not know the fields of: its name tells the user where to look.
        return runner.GetType().Name;
    }
}
