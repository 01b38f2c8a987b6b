namespace IpcGen.Integration.Tests;

/// <summary>Counts this process's open descriptors through /proc/self/fd.</summary>
internal static class OpenDescriptors
{
    /// <summary>Number of open descriptors now.</summary>
    public static int Count() => Directory.GetFiles("/proc/self/fd").Length;

    /// <summary>Targets of the open descriptors now, such as "7 -> socket:[1234]".</summary>
    public static HashSet<string> Describe() =>
        Directory.GetFiles("/proc/self/fd")
            .Select(path => $"{Path.GetFileName(path)} -> {TryGetTarget(path)}")
            .ToHashSet();

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
