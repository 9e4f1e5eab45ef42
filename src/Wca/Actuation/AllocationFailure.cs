namespace Wca.Actuation;

/// <summary>
/// A value that could not be read or applied, in the operator's terms (e.g. "on cgroup v1 a child's cpuset must stay
/// inside its parent's: ..."). The other values of the task are unaffected.
/// </summary>
/// <param name="Type">The allocation type (<see cref="AllocationTypes"/>).</param>
/// <param name="Reason">Why, naming the file and the kernel's answer; stable for the same problem (used as a FailureLatch key).</param>
/// <param name="File">The cgroup file involved, when there is one.</param>
internal sealed record AllocationFailure(string Type, string Reason, string? File = null);
