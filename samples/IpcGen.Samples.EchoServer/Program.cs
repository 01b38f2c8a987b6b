using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace IpcGen.Samples.EchoServer;

/// <summary>
/// An echo server on a Unix socket path and a client that calls it:
/// <c>serve PATH</c> serves clients until Ctrl+C or SIGTERM; <c>call PATH [TEXT]</c> calls every method once.
/// </summary>
internal static class Program
{
    private const int UsageError = 2;

    public static int Main(string[] args)
    {
        if (args is ["serve", var servePath])
        {
            return Serve(servePath);
        }

        if (args is ["call", var callPath, .. var rest] && rest.Length <= 1)
        {
            return EchoClient.Run(callPath, rest.Length == 1 ? rest[0] : "hello from the echo client");
        }

        Console.Error.WriteLine(
            """
            usage: IpcGen.Samples.EchoServer serve PATH
                   IpcGen.Samples.EchoServer call PATH [TEXT]

              serve PATH         listen on the Unix socket PATH until Ctrl+C or SIGTERM
              call PATH [TEXT]   call every method of the server at PATH once with TEXT and print the results
            Set IPCGEN_LOG_LEVEL (Trace, Debug, Information, Warning) to change what the server logs.
            """);
        return UsageError;
    }

    private static int Serve(string path)
    {
        using var loggers = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(ReadLogLevel())
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss.fff ";
            })
            .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace));
        using var stop = new CancellationTokenSource();
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
        try
        {
            new EchoServer(path, loggers).Run(stop.Token);
            return 0;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException)
        {
            ServerLog.ServeFailed(loggers.CreateLogger("EchoServer"), path, exception.Message);
            return 1;
        }
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        // Handled here instead of by the default action, so that the server closes its clients and removes the
        // socket file before it exits.
        context.Cancel = true;
        stop.Cancel();
    }

    private static LogLevel ReadLogLevel() =>
        Enum.TryParse(Environment.GetEnvironmentVariable("IPCGEN_LOG_LEVEL"), ignoreCase: true, out LogLevel level)
            ? level
            : LogLevel.Information;
}
