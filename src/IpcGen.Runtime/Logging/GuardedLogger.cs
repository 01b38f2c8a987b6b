using Microsoft.Extensions.Logging;

namespace IpcGen.Logging;

/// <summary>
/// A logger that forwards to another one and drops what it throws. The connection logs on the IO thread, on
/// the dispatch thread and inside <c>Dispose</c>, where an exception from a failing log provider would end the
/// process or skip the rest of the cleanup.
/// </summary>
internal sealed class GuardedLogger : ILogger
{
    private readonly ILogger _inner;

    public GuardedLogger(ILogger inner)
    {
        _inner = inner;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        try
        {
            return _inner.BeginScope(state);
        }
        catch (Exception)
        {
            return null;
        }
    }

    public bool IsEnabled(LogLevel logLevel)
    {
        try
        {
            return _inner.IsEnabled(logLevel);
        }
        catch (Exception)
        {
            return false;
        }
    }

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        try
        {
            _inner.Log(logLevel, eventId, state, exception, formatter);
        }
        catch (Exception)
        {
            // Nothing is left to report the failure to; the line is lost.
        }
    }
}
