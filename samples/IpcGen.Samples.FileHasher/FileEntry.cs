namespace IpcGen.Samples.FileHasher;

/// <summary>A regular file to hash.</summary>
/// <param name="Index">Position in the sorted list of files.</param>
/// <param name="FullPath">Absolute path, opened by the coordinator.</param>
/// <param name="RelativePath">Path below the root, printed in the table.</param>
internal sealed record FileEntry(int Index, string FullPath, string RelativePath);
