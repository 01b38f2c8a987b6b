using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IpcGen.Unix.Tests;

/// <summary>A logger that keeps every formatted entry with its level.</summary>
internal sealed class ListLogger : ILogger
{
    /// <summary>Entries in the order they were logged.</summary>
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter) => Entries.Enqueue((logLevel, formatter(state, exception)));
}
