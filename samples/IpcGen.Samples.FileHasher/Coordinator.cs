using System.Collections.Concurrent;
using System.Diagnostics;
using IpcGen.Samples.FileHasher.Interop;
using Microsoft.Extensions.Logging;

namespace IpcGen.Samples.FileHasher;

/// <summary>The coordinator process: spawns workers, hands each file to one as an open descriptor, and prints the
/// digests.</summary>
internal sealed class Coordinator : IHashCoordinator
{
    private readonly ILogger _logger;
    private long _progressMessages;

    private Coordinator(ILogger logger) => _logger = logger;

    /// <summary>Hashes every regular file below <paramref name="root"/> with <paramref name="workerCount"/>
    /// workers and prints a table to <paramref name="output"/>. Returns the process exit code.</summary>
    public static int Run(string root, int workerCount, int crashWorkerAfter, ILogger logger, TextWriter output)
    {
        var files = FileList.Collect(root);
        var coordinator = new Coordinator(logger);
        var stopwatch = Stopwatch.StartNew();

        var workers = new List<WorkerHandle>();
        try
        {
            for (int number = 1; number <= workerCount; number++)
            {
                workers.Add(WorkerHandle.Start(number, coordinator, crashWorkerAfter, logger));
            }

            var results = coordinator.HashAll(files, workers);
            stopwatch.Stop();
            Report.Print(output, root, results, workers.Count, stopwatch.Elapsed,
                Interlocked.Read(ref coordinator._progressMessages));
            return results.Any(r => r.Error is not null) ? ExitCodes.SomeFilesFailed : ExitCodes.Success;
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    public void Progress(int workerNumber, string name, long bytesRead, long bytesTotal)
    {
        Interlocked.Increment(ref _progressMessages);
        _logger.LogDebug("worker {Worker}: {Name} {Read}/{Total} bytes", workerNumber, name, bytesRead, bytesTotal);
    }

    private List<FileResult> HashAll(IReadOnlyList<FileEntry> files, List<WorkerHandle> workers)
    {
        var queue = new ConcurrentQueue<FileEntry>(files);
        var results = new ConcurrentBag<FileResult>();

        // One thread per worker takes files from the shared queue, so a slow file never holds up the others, and
        // the files of a worker that dies go to the workers still alive. Even files go through a synchronous call
        // and odd ones through a Task request, to show both.
        var threads = workers.Select(worker => new Thread(() =>
        {
            while (worker.IsAlive && queue.TryDequeue(out var file))
            {
                results.Add(HashOne(worker, file));
            }
        })
        { Name = $"coordinator for worker {worker.Number}" }).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        while (queue.TryDequeue(out var file))
        {
            results.Add(FileResult.Failed(file, "not hashed: every worker process had exited"));
        }

        return results.OrderBy(r => r.File.RelativePath, StringComparer.Ordinal).ToList();
    }

    private static FileResult HashOne(WorkerHandle worker, FileEntry file)
    {
        Attachment descriptor;
        try
        {
            descriptor = OpenRegularFile(file.FullPath);
        }
        catch (IOException e)
        {
            return FileResult.Failed(file, $"cannot open: {e.Message}");
        }

        try
        {
            var digest = file.Index % 2 == 0
                ? worker.Peer.Hash(descriptor, file.RelativePath)
                : worker.Peer.HashAsync(descriptor, file.RelativePath, CancellationToken.None).GetAwaiter().GetResult();
            return FileResult.Hashed(file, digest, worker.Number);
        }
        catch (IpcException e)
        {
            worker.MarkFailed(e);
            if (e is IpcDisconnectedException)
            {
                Console.Error.WriteLine(
                    $"error: worker {worker.Number} (pid {worker.ProcessId}) exited while hashing '{file.RelativePath}'");
            }

            return FileResult.Failed(file, $"worker {worker.Number} (pid {worker.ProcessId}) failed: {e.Message}");
        }
        finally
        {
            descriptor.Dispose();
        }
    }

    private static Attachment OpenRegularFile(string path)
    {
        var handle = NativeFile.OpenForReading(path);
        try
        {
            // RandomAccess rejects descriptors that cannot seek: pipes, sockets and most devices.
            _ = RandomAccess.GetLength(handle);
        }
        catch (NotSupportedException)
        {
            handle.Dispose();
            throw new IOException($"'{path}' is not a regular file (a pipe, socket or device).");
        }

        return Attachment.FromFileDescriptor(handle);
    }
}
