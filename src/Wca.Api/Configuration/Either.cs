namespace Wca.Api.Configuration;

/// <summary>
/// A configuration value of one of two types (YAML unions such as "true, false or a CA file path").
/// The loader tries <typeparamref name="TFirst"/> first.
/// </summary>
public readonly record struct Either<TFirst, TSecond> : IEither
{
    public Either(TFirst first) { First = first; IsFirst = true; Second = default; }
    public Either(TSecond second) { Second = second; IsFirst = false; First = default; }

    public bool IsFirst { get; }
    public TFirst? First { get; }
    public TSecond? Second { get; }

    public T Match<T>(Func<TFirst, T> first, Func<TSecond, T> second) => IsFirst ? first(First!) : second(Second!);

    public static implicit operator Either<TFirst, TSecond>(TFirst value) => new(value);
    public static implicit operator Either<TFirst, TSecond>(TSecond value) => new(value);

    object? IEither.Value => IsFirst ? First : Second;

    public override string ToString() => (IsFirst ? First?.ToString() : Second?.ToString()) ?? "null";
}
