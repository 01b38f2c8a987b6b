namespace IpcGen.Samples.FileHasher;

/// <summary>Digest of one file, or the reason it has none.</summary>
internal sealed record FileResult(FileEntry File, FileDigest? Digest, int WorkerNumber, string? Error)
{
    public static FileResult Hashed(FileEntry file, FileDigest digest, int workerNumber) =>
        new(file, digest, workerNumber, null);

    public static FileResult Failed(FileEntry file, string error) => new(file, null, 0, error);
}
