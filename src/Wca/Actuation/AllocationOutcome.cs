namespace Wca.Actuation;

/// <summary>What <see cref="ITaskActuator.Apply"/> did: the files it changed and the values it could not apply.</summary>
internal sealed record AllocationOutcome(IReadOnlyList<AllocationChange> Changes, IReadOnlyList<AllocationFailure> Failures)
{
    /// <summary>Nothing to change.</summary>
    public static readonly AllocationOutcome None = new([], []);

    /// <summary>Whether something was (or in a dry run would be) written.</summary>
    public bool Changed => Changes.Count > 0;
}
