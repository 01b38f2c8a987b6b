namespace IpcGen.Unix.Tests;

/// <summary>Counts this process's open descriptors through /proc/self/fd.</summary>
internal static class OpenDescriptors
{
    /// <summary>Number of open descriptors now.</summary>
    public static int Count() => Directory.GetFiles("/proc/self/fd").Length;

    /// <summary>Numbers of the open descriptors now.</summary>
    public static HashSet<int> Numbers() =>
        Directory.GetFiles("/proc/self/fd").Select(path => int.Parse(Path.GetFileName(path))).ToHashSet();

    /// <summary>Waits up to 10 seconds for the count to drop to <paramref name="expected"/> or below (the IO thread
    /// closes descriptors after reporting) and returns the last count.</summary>
    public static int WaitForAtMost(int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        int count = Count();
        while (count > expected && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
            count = Count();
        }

        return count;
    }

    private static HashSet<string> Targets() =>
        Directory.GetFiles("/proc/self/fd").Select(path => $"{Path.GetFileName(path)} {Target(path)}").ToHashSet();

    private static string? Target(string path) => new FileInfo(path).LinkTarget;

    /// <summary>Target of /proc/self/fd/N, such as "pipe:[1234]", which names the open file uniquely.</summary>
    public static string? Target(int descriptor) => new FileInfo($"/proc/self/fd/{descriptor}").LinkTarget;

    /// <summary>Runs the scenario once to load what it needs (assemblies are mapped through descriptors), then
    /// again, and asserts that the second run leaves no more descriptors open than it found.</summary>
    public static void AssertNoLeak(Action scenario)
    {
        scenario();
        int before = Count();
        var targets = Targets();

        scenario();

        int after = WaitForAtMost(before);
        var added = Targets().Except(targets);
        Assert.That(after, Is.LessThanOrEqualTo(before), $"descriptors left open: {string.Join(", ", added)}");
    }
}
