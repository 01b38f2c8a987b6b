namespace IpcGen.Samples.FileHasher;

/// <summary>Lists the files to hash below a root folder.</summary>
internal static class FileList
{
    /// <summary>Returns every file below <paramref name="root"/> (links to files followed),
    /// sorted by relative path. A link whose target is missing is kept, so its failure shows in the table.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The root is not an existing folder.</exception>
    public static IReadOnlyList<FileEntry> Collect(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The folder '{root}' does not exist or is not a folder.");
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = false,
            AttributesToSkip = 0,
            ReturnSpecialDirectories = false,
        };

        var paths = Directory.EnumerateFiles(root, "*", options)
            .Where(IsFileOrLink)
            .Select(path => (Full: Path.GetFullPath(path), Relative: Path.GetRelativePath(root, path)))
            .OrderBy(p => p.Relative, StringComparer.Ordinal)
            .ToList();

        return paths.Select((p, index) => new FileEntry(index, p.Full, p.Relative)).ToList();
    }

    private static bool IsFileOrLink(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null)
        {
            return true;
        }

        // A link to a folder is not a file; a dangling link stays, so its failure shows in the table.
        return info.ResolveLinkTarget(returnFinalTarget: true) is not DirectoryInfo { Exists: true };
    }
}
