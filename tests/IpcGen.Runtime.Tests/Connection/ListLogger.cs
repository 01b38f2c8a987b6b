using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IpcGen.Runtime.Tests.Connection;

/// <summary>A logger that keeps every formatted line, for tests that check what a connection logs.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        Lines.Enqueue($"{eventId.Id} {formatter(state, exception)}");
    }
}
