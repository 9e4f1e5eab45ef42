using Microsoft.Extensions.Logging;

namespace Wca.Tests.TestSupport;

/// <summary>A <see cref="RecordingLogger"/> for classes that take an <see cref="ILogger{TCategoryName}"/>.</summary>
public sealed class RecordingLogger<TCategoryName> : RecordingLogger, ILogger<TCategoryName>;
