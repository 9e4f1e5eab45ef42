using System.Globalization;
using Wca.Actuation.Rdt;
using Wca.Api;

namespace Wca.Decision.Allocation;

/// <summary>
/// Checks an allocator's answer value by value against this iteration's tasks and platform: each invalid value
/// (unknown type, wrong kind, out of range, unknown task id, a CPU that is not online, a NUMA node that does not
/// exist, cpu_shares while Kubernetes QoS classes are mixed, rdt before its actuator exists) becomes a problem and is
/// dropped; the task's other values stay. Named values (rules files) are converted to the typed form here.
/// </summary>
internal sealed class AllocationValidator
{
    /// <summary>The label every Kubernetes task carries (sanitized from app.kubernetes.io/qos_class).</summary>
    public const string QosLabel = "app_kubernetes_io__qos_class";

    private readonly RdtControlInfo? _rdt;
    private IReadOnlyDictionary<string, TaskData> _tasks;
    private HashSet<int> _onlineCpus = [];
    private HashSet<int> _numaNodes = [];
    private bool _qosMixed;
    // The control groups asked for so far this iteration (root included): more than num_closids cannot exist.
    private readonly HashSet<string> _rdtGroups = new(StringComparer.Ordinal) { "" };
    // An allocator that asks the same (the same TaskAllocation object) on the same platform gets the same verdict:
    // validated once, not per iteration (rdt values are checked every time: they count this iteration's groups).
    // Dropped whenever what a verdict depends on changes.
    private readonly Dictionary<string, Verdict> _verdicts = new(StringComparer.Ordinal);

    private sealed record Verdict(TaskAllocation Requested, TaskAllocation? Valid, AllocationProblem[] Problems);

    /// <param name="platform">The platform of the first iteration (<see cref="Begin"/> gives the next ones').</param>
    /// <param name="tasks">The tasks of the first iteration.</param>
    /// <param name="rdt">RDT allocation's limits; null = RDT is not enabled (rdt values are rejected).</param>
    public AllocationValidator(Platform platform, IReadOnlyDictionary<string, TaskData> tasks, RdtControlInfo? rdt = null)
    {
        _rdt = rdt;
        _tasks = tasks;
        Begin(platform, tasks);
    }

    /// <summary>Starts an iteration: its platform and tasks.</summary>
    public void Begin(Platform platform, IReadOnlyDictionary<string, TaskData> tasks)
    {
        _tasks = tasks;
        _rdtGroups.Clear();
        _rdtGroups.Add("");
        var online = platform.OnlineCpus.Count > 0 ? platform.OnlineCpus : Enumerable.Range(0, Math.Max(platform.Cpus, 1));
        var nodes = platform.NumaNodes.Count > 0 ? platform.NumaNodes.Select(n => n.Id) : [0];
        var qosMixed = QosClassesMixed(tasks);
        if (_onlineCpus.SetEquals(online) && _numaNodes.SetEquals(nodes) && qosMixed == _qosMixed && _verdicts.Count <= 2 * Math.Max(tasks.Count, 16))
            return;
        _onlineCpus = [.. online];
        _numaNodes = [.. nodes];
        _qosMixed = qosMixed;
        _verdicts.Clear();
    }

    /// <summary>
    /// The valid part of <paramref name="requested"/> for <paramref name="taskId"/> in typed form (null when nothing
    /// is valid); every skipped value is added to <paramref name="problems"/>.
    /// </summary>
    public TaskAllocation? Validate(string taskId, TaskAllocation? requested, List<AllocationProblem> problems)
    {
        if (requested is null) return null;
        if (!_tasks.ContainsKey(taskId))
        {
            problems.Add(new(taskId, "*", AllocationProblemReasons.UnknownTask,
                $"invalid task id '{taskId}': no such task is measured this iteration"));
            return null;
        }
        if (requested.Rdt is not null || requested.Named.ContainsKey(AllocationTypes.Rdt)) return Check(taskId, requested, problems);
        if (_verdicts.TryGetValue(taskId, out var verdict) && ReferenceEquals(verdict.Requested, requested))
        {
            problems.AddRange(verdict.Problems);
            return verdict.Valid;
        }
        var before = problems.Count;
        var valid = Check(taskId, requested, problems);
        _verdicts[taskId] = new Verdict(requested, valid, problems.Count == before ? [] : problems.GetRange(before, problems.Count - before).ToArray());
        return valid;
    }

    private TaskAllocation? Check(string taskId, TaskAllocation requested, List<AllocationProblem> problems)
    {
        var named = requested.Named;
        double? quota = null, shares = null;
        string? cpus = null, mems = null;
        bool? migrate = null;
        int? migratePages = null;
        RdtAllocation? rdt = null;
        foreach (var (rawType, value) in named)
        {
            var type = rawType == AllocationTypes.CpuSet ? AllocationTypes.CpusetCpus : rawType;
            switch (type)
            {
                case AllocationTypes.CpuQuota when requested.CpuQuota is null:
                    if (Number(taskId, rawType, value, problems) is { } q) quota = q;
                    break;
                case AllocationTypes.CpuShares when requested.CpuShares is null:
                    if (Number(taskId, rawType, value, problems) is { } s) shares = s;
                    break;
                case AllocationTypes.CpusetCpus when requested.CpusetCpus is null:
                    cpus = ListText(taskId, rawType, value, problems);
                    break;
                case AllocationTypes.CpusetMems when requested.CpusetMems is null:
                    mems = ListText(taskId, rawType, value, problems);
                    break;
                case AllocationTypes.CpusetMemoryMigrate when requested.CpusetMemoryMigrate is null:
                    migrate = Flag(taskId, rawType, value, problems);
                    break;
                case AllocationTypes.MigratePages when requested.MigratePages is null:
                    migratePages = Integer(taskId, rawType, value, problems);
                    break;
                case AllocationTypes.Rdt when requested.Rdt is null:
                    rdt = RdtValue(taskId, rawType, value, problems);
                    break;
                case AllocationTypes.CpuQuota or AllocationTypes.CpuShares or AllocationTypes.CpusetCpus or AllocationTypes.CpusetMems
                    or AllocationTypes.CpusetMemoryMigrate or AllocationTypes.MigratePages or AllocationTypes.Rdt:
                    break; // the typed property wins
                default:
                    problems.Add(new(taskId, rawType, AllocationProblemReasons.UnknownType,
                        $"unknown allocation type '{rawType}' (known: {string.Join(", ", AllocationTypes.All)}; cpu_set is read as cpuset_cpus)"));
                    break;
            }
        }
        quota = requested.CpuQuota ?? quota;
        shares = requested.CpuShares ?? shares;
        cpus = requested.CpusetCpus ?? cpus;
        mems = requested.CpusetMems ?? mems;
        migrate = requested.CpusetMemoryMigrate ?? migrate;
        migratePages = requested.MigratePages ?? migratePages;
        rdt = requested.Rdt ?? rdt;
        if (rdt is not null) rdt = CheckRdt(taskId, rdt, problems);

        if (quota is { } qv && !(qv >= 0 && qv <= 1))
        {
            problems.Add(new(taskId, AllocationTypes.CpuQuota, AllocationProblemReasons.OutOfRange,
                $"{Text(qv)} does not belong to range <0;1> (1.0 = the whole machine)"));
            quota = null;
        }
        if (shares is { } sv && !(sv >= 0 && double.IsFinite(sv)))
        {
            problems.Add(new(taskId, AllocationTypes.CpuShares, AllocationProblemReasons.OutOfRange, $"{Text(sv)} does not belong to range <0;inf>"));
            shares = null;
        }
        if (shares is not null && _qosMixed)
        {
            problems.Add(new(taskId, AllocationTypes.CpuShares, AllocationProblemReasons.QosMix,
                "not all tasks are of the same Kubernetes QoS class: mixing QoS classes and cpu_shares allocations is not supported"));
            shares = null;
        }
        cpus = cpus is null ? null : Members(taskId, AllocationTypes.CpusetCpus, cpus, _onlineCpus, AllocationProblemReasons.CpuNotOnline, "CPU", "online CPUs", problems);
        mems = mems is null ? null : Members(taskId, AllocationTypes.CpusetMems, mems, _numaNodes, AllocationProblemReasons.NoSuchNumaNode, "NUMA node", "NUMA nodes", problems);
        if (migratePages is { } node && !_numaNodes.Contains(node))
        {
            problems.Add(new(taskId, AllocationTypes.MigratePages, AllocationProblemReasons.NoSuchNumaNode,
                $"NUMA node {node.ToString(CultureInfo.InvariantCulture)} does not exist (NUMA nodes: {CpuList.Format(_numaNodes.Order())})"));
            migratePages = null;
        }
        if (quota is null && shares is null && cpus is null && mems is null && migrate is null && migratePages is null && rdt is null) return null;
        return new TaskAllocation
        {
            CpuQuota = quota,
            CpuShares = shares,
            CpusetCpus = cpus,
            CpusetMems = mems,
            CpusetMemoryMigrate = migrate,
            MigratePages = migratePages,
            Rdt = rdt,
            Reasons = requested.Reasons,
        };
    }

    /// <summary>The rdt value with its group name resolved (null = the container name), or null and its problems.</summary>
    private RdtAllocation? CheckRdt(string taskId, RdtAllocation rdt, List<AllocationProblem> problems)
    {
        if (_rdt is not { Control: true } info)
        {
            problems.Add(new(taskId, AllocationTypes.Rdt, AllocationProblemReasons.RdtNotSupported, _rdt is null
                ? "RDT is not enabled: no resctrl at the configured root (rdt_enabled: false, or resctrl not mounted)"
                : "RDT allocation is not available: resctrl has neither L3 cache nor memory bandwidth control"));
            return null;
        }
        var resolved = rdt with { Name = rdt.Name ?? AllocationPackage.ContainerName(_tasks[taskId].Task.CgroupPath) };
        var broken = RdtAllocationRules.Check(resolved, info);
        foreach (var problem in broken)
            problems.Add(new(taskId, AllocationTypes.Rdt, problem.NotSupported ? AllocationProblemReasons.RdtNotSupported : AllocationProblemReasons.OutOfRange, problem.Message));
        if (broken.Count > 0) return null;
        if (info.NumClosids is { } closids && !_rdtGroups.Contains(resolved.Name!) && _rdtGroups.Count >= closids)
        {
            problems.Add(new(taskId, AllocationTypes.Rdt, AllocationProblemReasons.OutOfRange,
                $"group \"{resolved.Name}\" would be control group {_rdtGroups.Count + 1}, but num_closids is {closids} (the root group included): too many resource groups for the available CLOSIDs"));
            return null;
        }
        _rdtGroups.Add(resolved.Name!);
        return resolved;
    }

    /// <summary>An rdt value of a rules file: a mapping with name, l3 and mb (strings).</summary>
    private static RdtAllocation? RdtValue(string taskId, string type, object? value, List<AllocationProblem> problems)
    {
        if (value is RdtAllocation typed) return typed;
        if (value is not System.Collections.IDictionary map)
        {
            problems.Add(WrongKind(taskId, type, value, "a mapping with name, l3 and mb"));
            return null;
        }
        string? name = null, l3 = null, mb = null;
        foreach (System.Collections.DictionaryEntry entry in map)
        {
            var key = entry.Key as string;
            if (key is not ("name" or "l3" or "mb"))
            {
                problems.Add(new(taskId, type, AllocationProblemReasons.WrongKind, $"unknown rdt key '{entry.Key}' (known: name, l3, mb)"));
                return null;
            }
            if (entry.Value is not (string or null))
            {
                problems.Add(WrongKind(taskId, type + "." + key, entry.Value, "a string"));
                return null;
            }
            var text = (string?)entry.Value;
            if (key == "name") name = text;
            else if (key == "l3") l3 = text;
            else mb = text;
        }
        return new RdtAllocation(name, l3, mb);
    }

    /// <summary>True when every task carries the QoS label and they do not all share one class (the original's rule).</summary>
    private static bool QosClassesMixed(IReadOnlyDictionary<string, TaskData> tasks)
    {
        string? first = null;
        var mixed = false;
        foreach (var task in tasks.Values)
        {
            if (!task.Labels.TryGetValue(QosLabel, out var qos)) return false;
            first ??= qos;
            if (qos != first) mixed = true;
        }
        return mixed;
    }

    private static double? Number(string taskId, string type, object? value, List<AllocationProblem> problems)
    {
        switch (value)
        {
            case double d: return d;
            case float f: return f;
            case long l: return l;
            case int i: return i;
            default:
                problems.Add(WrongKind(taskId, type, value, "a number"));
                return null;
        }
    }

    private static int? Integer(string taskId, string type, object? value, List<AllocationProblem> problems)
    {
        switch (value)
        {
            case long l and >= int.MinValue and <= int.MaxValue: return (int)l;
            case int i: return i;
            case double d when d == Math.Floor(d) && Math.Abs(d) < int.MaxValue: return (int)d;
            default:
                problems.Add(WrongKind(taskId, type, value, "a NUMA node number"));
                return null;
        }
    }

    private static bool? Flag(string taskId, string type, object? value, List<AllocationProblem> problems)
    {
        switch (value)
        {
            case bool b: return b;
            case long l and (0 or 1): return l == 1;
            case int i and (0 or 1): return i == 1;
            case double d and (0 or 1): return d == 1;
            default:
                problems.Add(WrongKind(taskId, type, value, "0, 1, true or false"));
                return null;
        }
    }

    private static string? ListText(string taskId, string type, object? value, List<AllocationProblem> problems)
    {
        switch (value)
        {
            case string s: return s;
            case long l and >= 0: return l.ToString(CultureInfo.InvariantCulture); // cpuset_cpus: 0 in YAML is one CPU
            case int i and >= 0: return i.ToString(CultureInfo.InvariantCulture);
            default:
                problems.Add(WrongKind(taskId, type, value, "a list like \"0-3,8\""));
                return null;
        }
    }

    /// <summary>The canonical list when every id of <paramref name="text"/> is in <paramref name="allowed"/>, else null and a problem.</summary>
    private static string? Members(string taskId, string type, string text, HashSet<int> allowed, string reason, string what, string whats, List<AllocationProblem> problems)
    {
        var ids = CpuList.Parse(text, out var error);
        if (ids is null)
        {
            problems.Add(new(taskId, type, AllocationProblemReasons.WrongKind, $"\"{text}\" is not a list like \"0-3,8\": {error}"));
            return null;
        }
        if (ids.Count == 0)
        {
            problems.Add(new(taskId, type, AllocationProblemReasons.OutOfRange, $"\"{text}\" names no {what}: a task needs at least one"));
            return null;
        }
        var missing = ids.Where(id => !allowed.Contains(id)).ToArray();
        if (missing.Length > 0)
        {
            problems.Add(new(taskId, type, reason,
                $"{(missing.Length == 1 ? what : what + "s")} {CpuList.Format(missing)} of \"{text}\" {(missing.Length == 1 ? "is" : "are")} not among the {whats} ({CpuList.Format(allowed.Order())})"));
            return null;
        }
        return CpuList.Format(ids);
    }

    private static AllocationProblem WrongKind(string taskId, string type, object? value, string expected) =>
        new(taskId, type, AllocationProblemReasons.WrongKind, $"expected {expected}, got {Describe(value)}");

    private static string Describe(object? value) => value switch
    {
        null => "nothing (null)",
        string s => $"the string \"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IDictionary => "a mapping",
        System.Collections.IEnumerable => "a list",
        _ => value.GetType().Name,
    };

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
