namespace IpcGen.Samples.FileHasher;

/// <summary>Lists the files to hash below a root folder.</summary>
internal static class FileList
{
    private static readonly EnumerationOptions s_oneLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
    };

    /// <summary>Returns every file below <paramref name="root"/>, sorted by relative path. Links to files are
    /// followed; links to folders are not, as with <c>find</c> without <c>-L</c>, so a link loop cannot make the
    /// listing endless. A link whose target is missing is kept, so its failure shows in the table.</summary>
    /// <exception cref="DirectoryNotFoundException">The root is not an existing folder.</exception>
    public static IReadOnlyList<FileEntry> Collect(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The folder '{root}' does not exist or is not a folder.");
        }

        var paths = new List<string>();
        var folders = new Stack<DirectoryInfo>();
        folders.Push(new DirectoryInfo(root));
        while (folders.Count > 0)
        {
            foreach (var entry in folders.Pop().EnumerateFileSystemInfos("*", s_oneLevel))
            {
                if (entry is DirectoryInfo folder)
                {
                    if (folder.LinkTarget is null)
                    {
                        folders.Push(folder);
                    }
                }
                else if (!IsLinkToFolder(entry))
                {
                    paths.Add(entry.FullName);
                }
            }
        }

        return paths
            .Select(path => (Full: path, Relative: Path.GetRelativePath(root, path)))
            .OrderBy(p => p.Relative, StringComparer.Ordinal)
            .Select((p, index) => new FileEntry(index, p.Full, p.Relative))
            .ToList();
    }

    private static bool IsLinkToFolder(FileSystemInfo entry)
    {
        if (entry.LinkTarget is null)
        {
            return false;
        }

        try
        {
            return entry.ResolveLinkTarget(returnFinalTarget: true) is DirectoryInfo { Exists: true };
        }
        catch (IOException)
        {
            // A link loop among files ("Too many levels of symbolic links") stays in the list as an error row.
            return false;
        }
    }
}
