using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace IpcGen.Samples.FileHasher;

/// <summary>
/// Hashes every file of a folder in worker processes. The coordinator opens each file and sends the open
/// descriptor to a worker, which never opens a path itself, and gets back SHA-256, size and line count.
/// </summary>
internal static class Program
{
    /// <summary>First argument that makes this program run as a worker.</summary>
    public const string WorkerArgument = "--worker";

    private const string Usage = """
        usage: IpcGen.Samples.FileHasher [FOLDER] [--workers N] [--crash-worker-after N] [--verbose]

        Hashes every file below FOLDER (default: the .NET runtime's own folder) in worker processes and prints
        SHA-256, size in bytes and line count for each file, then the totals.

          --workers N              number of worker processes (default: the number of processors)
          --crash-worker-after N   make each worker crash after hashing N files (to see failure handling)
          --verbose                log progress messages and connection events to standard error
        """;

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == WorkerArgument)
        {
            int crashAfter = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
            return Worker.Run(crashAfter);
        }

        if (args is ["-h"] or ["--help"])
        {
            Console.WriteLine(Usage);
            return ExitCodes.Success;
        }

        if (!TryParse(args, out var options, out string? error))
        {
            Console.Error.WriteLine($"error: {error}");
            Console.Error.WriteLine(Usage);
            return ExitCodes.InvalidInput;
        }

        using var loggerFactory = LoggerFactory.Create(builder => builder
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(options.Verbose ? LogLevel.Debug : LogLevel.Warning));
        var logger = loggerFactory.CreateLogger("FileHasher");

        try
        {
            return Coordinator.Run(options.Folder, options.Workers, options.CrashWorkerAfter, logger, Console.Out);
        }
        catch (DirectoryNotFoundException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (IpcException e)
        {
            Console.Error.WriteLine($"error: a worker process could not be started: {e.Message}");
            return ExitCodes.WorkerStartFailed;
        }
    }

    private static bool TryParse(string[] args, out CommandLine options, out string? error)
    {
        options = new CommandLine(RuntimeEnvironment.GetRuntimeDirectory(), Environment.ProcessorCount, 0, false);
        error = null;
        string? folder = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--workers" when i + 1 < args.Length && IsPositive(args[i + 1], out int workers):
                    options = options with { Workers = workers };
                    i++;
                    break;
                case "--crash-worker-after" when i + 1 < args.Length && IsPositive(args[i + 1], out int count):
                    options = options with { CrashWorkerAfter = count };
                    i++;
                    break;
                case "--verbose":
                    options = options with { Verbose = true };
                    break;
                case var option when option.StartsWith('-'):
                    error = $"invalid option or missing positive number: '{option}'";
                    return false;
                default:
                    if (folder is not null)
                    {
                        error = $"only one folder can be given, got '{folder}' and '{args[i]}'";
                        return false;
                    }

                    folder = args[i];
                    break;
            }
        }

        if (folder is not null)
        {
            options = options with { Folder = folder };
        }

        return true;
    }

    private static bool IsPositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    private sealed record CommandLine(string Folder, int Workers, int CrashWorkerAfter, bool Verbose);
}
