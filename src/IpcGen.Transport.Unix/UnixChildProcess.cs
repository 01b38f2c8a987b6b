using System.Diagnostics;
using System.Globalization;
using IpcGen.Unix.Interop;

namespace IpcGen.Unix;

/// <summary>Starts a child process that is already connected to this one: the child inherits one end of a socket
/// pair and finds its number in the <see cref="DescriptorVariable"/> environment variable.</summary>
public static class UnixChildProcess
{
    /// <summary>Name of the environment variable that carries the child's descriptor number.</summary>
    public const string DescriptorVariable = "IPCGEN_TRANSPORT_FD";

    // Serializes the window in which the child's end is inheritable among callers of this class.
    private static readonly Lock s_spawnLock = new();

    /// <summary>
    /// Creates a socket pair, starts the process with the child's end inherited and its number in
    /// <see cref="DescriptorVariable"/>, closes this process's copy of that end, and returns the process and the
    /// parent's transport (not started). The child calls <see cref="UnixTransport.FromInheritedDescriptor"/>.
    /// </summary>
    /// <remarks>The child's end is inheritable (FD_CLOEXEC cleared) only around <see cref="Process.Start()"/>,
    /// under a lock shared by every call of this method. A process that other code spawns at the same moment
    /// (through <see cref="Process"/> or any other API) still inherits that descriptor, which keeps the connection
    /// open until that process exits or closes it.</remarks>
    /// <exception cref="ArgumentException"><see cref="ProcessStartInfo.UseShellExecute"/> is true.</exception>
    public static (Process Process, UnixTransport Transport) Start(
        ProcessStartInfo startInfo, UnixTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        if (startInfo.UseShellExecute)
        {
            throw new ArgumentException(
                "UseShellExecute must be false, because the descriptor travels through the environment.",
                nameof(startInfo));
        }

        var (parent, child) = UnixTransport.CreatePaired(options);
        try
        {
            using var childAttachment = child.TakeAttachment();
            using var childSocket = childAttachment.TakeFileDescriptor();
            startInfo.Environment[DescriptorVariable] =
                childSocket.DangerousGetHandle().ToString(CultureInfo.InvariantCulture);
            Process process;
            lock (s_spawnLock)
            {
                SocketCalls.SetCloseOnExec(childSocket, false);
                try
                {
                    process = Process.Start(startInfo)
                        ?? throw new InvalidOperationException($"Starting '{startInfo.FileName}' started no process.");
                }
                finally
                {
                    SocketCalls.SetCloseOnExec(childSocket, true);
                }
            }

            return (process, parent);
        }
        catch
        {
            parent.Dispose();
            throw;
        }
        finally
        {
            startInfo.Environment.Remove(DescriptorVariable);
        }
    }
}
