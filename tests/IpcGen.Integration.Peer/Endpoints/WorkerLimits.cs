namespace IpcGen.Integration.Peer;

/// <summary>Limits of <see cref="IWorker"/>, low enough for the tests to exceed.</summary>
public static class WorkerLimits
{
    /// <summary>Maximum encoded payload of one <see cref="IWorker"/> message: 1 MiB.</summary>
    public const int MaxPayloadBytes = 1024 * 1024;

    /// <summary>Maximum number of attachments in one <see cref="IWorker"/> message.</summary>
    public const int MaxAttachments = 8;

    /// <summary>Maximum length of the echoed strings, in UTF-16 code units.</summary>
    public const int MaxStringLength = 100_000;
}
