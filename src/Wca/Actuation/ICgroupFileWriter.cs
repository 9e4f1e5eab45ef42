using Wca.Kernel.Cgroups;

namespace Wca.Actuation;

/// <summary>Writes one value to a cgroup file: 0 or the errno. The seam where tests count the actuators' writes.</summary>
internal interface ICgroupFileWriter
{
    int Write(string path, string value);
}

/// <summary>The kernel's: open, one write(2), close (<see cref="CgroupFileWriter"/>).</summary>
internal sealed class KernelCgroupFileWriter : ICgroupFileWriter
{
    public static readonly KernelCgroupFileWriter Instance = new();

    public int Write(string path, string value) => CgroupFileWriter.Write(path, value);
}
