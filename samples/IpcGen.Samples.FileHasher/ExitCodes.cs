namespace IpcGen.Samples.FileHasher;

/// <summary>Exit codes of the sample.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Some files could not be hashed: unreadable, or their worker died.</summary>
    public const int SomeFilesFailed = 1;

    /// <summary>The command line is invalid or the input folder does not exist.</summary>
    public const int InvalidInput = 2;

    /// <summary>The workers could not be started.</summary>
    public const int WorkerStartFailed = 3;
}
