namespace Wca.Api.Configuration;

/// <summary>
/// A component whose keys constrain each other (one of two keys required, two keys exclusive). The configuration
/// binder calls <see cref="Validate"/> once every key is set, before the component is used; a problem is a
/// configuration error at the component's place in the file.
/// </summary>
public interface IValidatableComponent
{
    /// <summary>Throws <see cref="ArgumentException"/> (with the offending key as <c>ParamName</c>) for an invalid combination of keys.</summary>
    void Validate();
}
