namespace Wca.Host;

/// <summary>
/// Every kernel path the agent reads or writes. Defaults to the real ones; overridden by
/// WCA_PROC_ROOT, WCA_SYS_ROOT, WCA_CGROUP_ROOT, WCA_RESCTRL_ROOT so that tests and containers
/// (host /proc mounted elsewhere) work. No other code may hard-code these roots.
/// </summary>
public sealed record HostPaths(string Proc, string Sys, string CgroupRoot, string ResctrlRoot)
{
    public static readonly HostPaths Default = new("/proc", "/sys", "/sys/fs/cgroup", "/sys/fs/resctrl");

    public static HostPaths FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    public static HostPaths FromEnvironment(Func<string, string?> getEnv) => new(
        Pick(getEnv("WCA_PROC_ROOT"), Default.Proc),
        Pick(getEnv("WCA_SYS_ROOT"), Default.Sys),
        Pick(getEnv("WCA_CGROUP_ROOT"), Default.CgroupRoot),
        Pick(getEnv("WCA_RESCTRL_ROOT"), Default.ResctrlRoot));

    private static string Pick(string? value, string fallback) =>
        string.IsNullOrWhiteSpace(value) ? fallback : value.TrimEnd('/') is { Length: > 0 } v ? v : "/";

    public string ProcFile(string relative) => Path.Combine(Proc, relative);
    public string SysFile(string relative) => Path.Combine(Sys, relative);
}
