using NUnit.Framework;

namespace IpcGen.Testing;

/// <summary>Counts this process's open descriptors through /proc/self/fd.</summary>
public static class OpenDescriptors
{
    /// <summary>Number of open descriptors now.</summary>
    public static int Count() => Directory.GetFiles("/proc/self/fd").Length;

    /// <summary>Numbers of the open descriptors now.</summary>
    public static HashSet<int> Numbers() =>
        Directory.GetFiles("/proc/self/fd").Select(path => int.Parse(Path.GetFileName(path))).ToHashSet();

    /// <summary>Targets of the open descriptors now, such as "7 -> socket:[1234]".</summary>
    public static HashSet<string> Describe() =>
        Directory.GetFiles("/proc/self/fd")
            .Select(path => $"{Path.GetFileName(path)} -> {TryGetTarget(path)}")
            .ToHashSet();

    /// <summary>Target of /proc/self/fd/N, such as "pipe:[1234]", which names the open file uniquely.</summary>
    public static string? Target(int descriptor) => TryGetTarget($"/proc/self/fd/{descriptor}");

    /// <summary>Waits up to 10 seconds for the count to drop to <paramref name="expected"/> or below, because IO
    /// threads close their descriptors after they report a disconnect, and returns the last count.</summary>
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

    /// <summary>Runs the scenario once to load what it needs (assemblies are mapped through descriptors), then
    /// again, and asserts that the second run leaves no more descriptors open than it found.</summary>
    /// <remarks>Descriptors of assembly files (*.dll) are not counted: the test host loads assemblies on other
    /// threads at any time, which would make the count differ without a leak.</remarks>
    public static void AssertNoLeak(Action scenario)
    {
        scenario();
        int before = CountWithoutAssemblies();
        var described = Describe();

        scenario();

        int after = CountWithoutAssemblies();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (after > before && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
            after = CountWithoutAssemblies();
        }

        var added = Describe().Except(described);
        Assert.That(after, Is.LessThanOrEqualTo(before), $"descriptors left open: {string.Join(", ", added)}");
    }

    private static int CountWithoutAssemblies() =>
        Directory.GetFiles("/proc/self/fd")
            .Count(path => TryGetTarget(path)?.EndsWith(".dll", StringComparison.Ordinal) != true);

    private static string? TryGetTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            // The descriptor was closed between listing and reading the link (the listing's own one, for one).
            return null;
        }
    }
}
