using System.Buffers;
using System.Security.Cryptography;
using IpcGen.Unix;

namespace IpcGen.Samples.FileHasher;

/// <summary>The worker process: hashes files from descriptors it receives and reports progress.</summary>
internal sealed class Worker : IHashWorker
{
    private const int BufferSize = 256 * 1024;
    private const long ProgressInterval = 4 * 1024 * 1024;

    private readonly IpcEventLoop _loop;
    private readonly int _crashAfter;
    private Connection<IHashWorker, IHashCoordinator>? _connection;
    private int _workerNumber;
    private int _handled;

    private Worker(IpcEventLoop loop, int crashAfter)
    {
        _loop = loop;
        _crashAfter = crashAfter;
    }

    /// <summary>Serves the coordinator over the inherited descriptor until it sends Shutdown or disconnects.
    /// </summary>
    public static int Run(int crashAfter)
    {
        var loop = new IpcEventLoop();
        var worker = new Worker(loop, crashAfter);
        var transport = UnixTransport.FromInheritedDescriptor();
        using var connection = new Connection<IHashWorker, IHashCoordinator>(
            transport, worker, new ConnectionOptions { SynchronizationContext = loop });
        worker._connection = connection;
        connection.Disconnected += (_, _) => loop.Stop();
        connection.Start();
        loop.Run();
        return 0;
    }

    public int Hello(int workerNumber)
    {
        _workerNumber = workerNumber;
        return Environment.ProcessId;
    }

    public FileDigest Hash(Attachment file, string name) => HashFile(file, name);

    public Task<FileDigest> HashAsync(Attachment file, string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(HashFile(file, name));
    }

    public void Shutdown() => _loop.Stop();

    private FileDigest HashFile(Attachment file, string name)
    {
        if (_crashAfter > 0 && ++_handled > _crashAfter)
        {
            // Fault injection for tests: die the way a crashed worker does, with no goodbye to the coordinator.
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            self.Kill();
        }

        using var stream = file.TakeAsStream(FileAccess.Read);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long size = 0;
            long lines = 0;
            long nextProgress = ProgressInterval;
            long total = stream.CanSeek ? stream.Length : -1;
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                sha.AppendData(chunk);
                lines += chunk.Count((byte)'\n');
                size += read;
                if (size >= nextProgress)
                {
                    _connection!.Peer.Progress(_workerNumber, name, size, total);
                    nextProgress += ProgressInterval;
                }
            }

            return new FileDigest(Convert.ToHexStringLower(sha.GetHashAndReset()), size, lines);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
