using System.Reflection;

namespace Wca.Configuration;

/// <summary>Maps YAML tags (<c>!ClassName</c>) to component types. Later registration of a tag wins.</summary>
public sealed class ComponentRegistry
{
    /// <summary>Registers <paramref name="type"/> under <paramref name="tag"/> (default: [WcaComponent].Tag or the simple class name).</summary>
    public void Register(Type type, string? tag = null) => throw new NotImplementedException();

    /// <summary>Registers every class of <paramref name="assembly"/> marked [WcaComponent]; returns how many.</summary>
    public int RegisterAssembly(Assembly assembly) => throw new NotImplementedException();

    /// <summary>Registered tags without '!', sorted.</summary>
    public IReadOnlyList<string> Tags => throw new NotImplementedException();

    public bool TryResolve(string tag, out Type type) => throw new NotImplementedException();
}
