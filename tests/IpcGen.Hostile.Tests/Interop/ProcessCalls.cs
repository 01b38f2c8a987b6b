using System.Runtime.InteropServices;

namespace IpcGen.Hostile.Tests.Interop;

/// <summary>Sends signals to the server process, which Process.Kill cannot do (it sends only SIGKILL).</summary>
internal static partial class ProcessCalls
{
    public const int SignalTerminate = 15;
    public const int SignalInterrupt = 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int processId, int signal);
}
