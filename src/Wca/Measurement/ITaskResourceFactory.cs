namespace Wca.Measurement;

/// <summary>Makes one kind of <see cref="ITaskResource"/> for a cgroup; registered once per runner.</summary>
internal interface ITaskResourceFactory
{
    /// <summary>The resource of the cgroup at <paramref name="cgroupPath"/> (leading '/'), or null when this kind has nothing to measure there.</summary>
    ITaskResource? Open(string cgroupPath);
}
