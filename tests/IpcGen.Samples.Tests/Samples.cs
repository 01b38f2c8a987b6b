namespace IpcGen.Samples.Tests;

/// <summary>Runs the samples that the build copied next to the tests, as <c>dotnet run</c> would.</summary>
internal static class Samples
{
    /// <summary>Runs the file hasher with <paramref name="arguments"/>.</summary>
    public static ProcessRun FileHasher(TimeSpan timeout, params string[] arguments) =>
        Run("IpcGen.Samples.FileHasher.dll", arguments, timeout);

    /// <summary>Runs the ping-pong sample with <paramref name="arguments"/>.</summary>
    public static ProcessRun PingPong(TimeSpan timeout, params string[] arguments) =>
        Run("IpcGen.Samples.PingPong.dll", arguments, timeout);

    private static ProcessRun Run(string assembly, string[] arguments, TimeSpan timeout)
    {
        string path = Path.Combine(AppContext.BaseDirectory, assembly);
        Assert.That(File.Exists(path), Is.True, $"the sample was built next to the tests: {path}");
        return ProcessRun.Start("dotnet", [path, .. arguments], timeout);
    }
}
