namespace Wca.Api.Configuration;

/// <summary>
/// A configuration value of one of two types (YAML unions such as "true, false or a CA file path").
/// The loader tries <typeparamref name="TFirst"/> first.
/// </summary>
public readonly record struct Either<TFirst, TSecond> : IEither
{
    /// <summary>A value of the first type.</summary>
    public Either(TFirst first) { First = first; IsFirst = true; Second = default; }
    /// <summary>A value of the second type.</summary>
    public Either(TSecond second) { Second = second; IsFirst = false; First = default; }

    /// <summary>True when the value is of <typeparamref name="TFirst"/> (then <see cref="First"/> holds it), else it is in <see cref="Second"/>.</summary>
    public bool IsFirst { get; }
    /// <summary>The value when <see cref="IsFirst"/>, else default.</summary>
    public TFirst? First { get; }
    /// <summary>The value when not <see cref="IsFirst"/>, else default.</summary>
    public TSecond? Second { get; }

    /// <summary>Calls <paramref name="first"/> or <paramref name="second"/> with the value held, and returns its result.</summary>
    public T Match<T>(Func<TFirst, T> first, Func<TSecond, T> second) => IsFirst ? first(First!) : second(Second!);

    /// <summary>Wraps a value of the first type.</summary>
    public static implicit operator Either<TFirst, TSecond>(TFirst value) => new(value);
    /// <summary>Wraps a value of the second type.</summary>
    public static implicit operator Either<TFirst, TSecond>(TSecond value) => new(value);

    object? IEither.Value => IsFirst ? First : Second;

    /// <summary>The held value as text, or "null".</summary>
    public override string ToString() => (IsFirst ? First?.ToString() : Second?.ToString()) ?? "null";
}
