using System.Diagnostics;
using System.Text;

namespace IpcGen.Samples.Tests;

/// <summary>Exit code, output and duration of a finished process.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Output">Everything it wrote to standard output.</param>
/// <param name="Error">Everything it wrote to standard error.</param>
/// <param name="Elapsed">Time from start to exit.</param>
internal sealed record ProcessRun(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    /// <summary>Lines of standard output, without the line ends.</summary>
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/>. Kills the process tree and fails
    /// the test if it has not exited within <paramref name="timeout"/>.</summary>
    public static ProcessRun Start(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
            Assert.Fail($"'{fileName} {string.Join(' ', arguments)}' did not exit within {timeout}.");
        }

        // The streams end when every process holding them has exited, workers included.
        bool drained = Task.WaitAll([output, error], TimeSpan.FromSeconds(10));
        Assert.That(drained, Is.True, "standard output and error were closed after the exit");
        return new ProcessRun(process.ExitCode, output.Result, error.Result, stopwatch.Elapsed);
    }

    /// <summary>Describes the run for assertion messages.</summary>
    public override string ToString() =>
        $"exit code {ExitCode} after {Elapsed.TotalSeconds:F1} s\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}
