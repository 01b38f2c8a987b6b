using MessagePack;

namespace IpcGen.Samples.FileHasher;

/// <summary>Endpoint of a worker process: it hashes files that arrive as open descriptors.</summary>
[IpcEndpoint]
public partial interface IHashWorker
{
    /// <summary>Returns the worker's process id, once it is ready for work.</summary>
    int Hello(int workerNumber);

    /// <summary>Hashes the file behind the descriptor and blocks the caller until the digest is back.</summary>
    FileDigest Hash(Attachment file, [MaxLength(4096)] string name);

    /// <summary>Hashes the file behind the descriptor; the task completes with the digest.</summary>
    Task<FileDigest> HashAsync(Attachment file, [MaxLength(4096)] string name, CancellationToken cancellationToken);

    /// <summary>Makes the worker exit once it has handled the messages sent before this one.</summary>
    void Shutdown();
}

/// <summary>Endpoint of the coordinator process: it receives progress from workers.</summary>
[IpcEndpoint]
public partial interface IHashCoordinator
{
    /// <summary>Reports how much of a file a worker has read so far.</summary>
    void Progress(int workerNumber, [MaxLength(4096)] string name, long bytesRead, long bytesTotal);
}

/// <summary>Result of hashing one file.</summary>
/// <param name="Sha256">SHA-256 of the content, as lowercase hexadecimal.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Lines">Number of newline bytes, as <c>wc -l</c> counts them.</param>
[MessagePackObject]
public sealed record FileDigest(
    [property: Key(0)] string Sha256,
    [property: Key(1)] long Size,
    [property: Key(2)] long Lines);
