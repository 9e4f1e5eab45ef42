namespace Wca.Api.Configuration;

/// <summary>The chosen value of an <see cref="Either{TFirst, TSecond}"/> without knowing its type arguments (validation).</summary>
internal interface IEither
{
    object? Value { get; }
}
