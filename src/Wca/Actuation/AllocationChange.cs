namespace Wca.Actuation;

/// <summary>One cgroup file written (or, in a dry run, that would be written) by <see cref="ITaskActuator.Apply"/>.</summary>
/// <param name="Type">The allocation type (<see cref="AllocationTypes"/>); a cpu_quota change writes the period too.</param>
/// <param name="Old">The file's content before, as the kernel printed it; null when it could not be read.</param>
/// <param name="New">The value written, as read back (kernel text); for migrate_pages the target node.</param>
/// <param name="File">The cgroup file (absolute path); for migrate_pages the task's cgroup.procs.</param>
/// <param name="WasDrift">The file no longer held what this actuator wrote last (someone else changed it): this is a re-apply.</param>
internal sealed record AllocationChange(string Type, string? Old, string New, string File, bool WasDrift);
