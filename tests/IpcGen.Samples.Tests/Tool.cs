namespace IpcGen.Samples.Tests;

/// <summary>Runs the coreutils that give the expected values: sha256sum, stat and wc.</summary>
internal static class Tool
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>Returns the digest that <c>sha256sum</c> prints for the file.</summary>
    public static string Sha256(string path) => FirstWord(Run("sha256sum", "--", path));

    /// <summary>Returns the size that <c>stat -c %s</c> prints for the file.</summary>
    public static long Size(string path) => long.Parse(Run("stat", "-c", "%s", "--", path).Trim());

    /// <summary>Returns the line count that <c>wc -l</c> prints for the file.</summary>
    public static long Lines(string path) => long.Parse(FirstWord(Run("wc", "-l", "--", path)));

    private static string FirstWord(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

    private static string Run(string tool, params string[] arguments)
    {
        var run = ProcessRun.Start(tool, arguments, s_timeout);
        Assert.That(run.ExitCode, Is.Zero, $"{tool}: {run}");
        return run.Output;
    }
}
