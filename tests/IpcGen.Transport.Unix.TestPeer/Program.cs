using System.Text;
using IpcGen;
using IpcGen.Unix;

// Modes (first argument):
//   read-descriptors  for each message, reads every attached descriptor to its end from offset 0 and replies with
//                     the contents joined by '|'
//   describe          replies once with "variable=<value or empty>;cloexec=<true|false>" for the adopted socket
// The process exits when the parent closes the connection. Exit code 0 means a clean run.
string mode = args.Length > 0 ? args[0] : string.Empty;
string inherited = Environment.GetEnvironmentVariable(UnixChildProcess.DescriptorVariable) ?? string.Empty;
var options = new UnixTransportOptions { AcknowledgeDescriptors = args.Contains("--acknowledge") };
using var transport = UnixTransport.FromInheritedDescriptor(options);
var receiver = new PeerReceiver(transport, mode);
transport.Start(receiver);
if (mode == "describe")
{
    string variable = Environment.GetEnvironmentVariable(UnixChildProcess.DescriptorVariable) ?? string.Empty;
    bool closeOnExec = PeerReceiver.IsCloseOnExec(inherited);
    transport.Send(Encoding.UTF8.GetBytes($"variable={variable};cloexec={closeOnExec}"), []);
}

bool ended = receiver.Ended.Wait(TimeSpan.FromSeconds(60));
return ended && receiver.Failure is null ? 0 : 1;

/// <summary>Receiver of the test peer.</summary>
internal sealed class PeerReceiver(UnixTransport transport, string mode) : ITransportReceiver
{
    /// <summary>Set when the connection ends.</summary>
    public ManualResetEventSlim Ended { get; } = new();

    /// <summary>First error while handling a message.</summary>
    public string? Failure { get; private set; }

    /// <summary>Reads O_CLOEXEC (octal 02000000) from the "flags:" line of /proc/self/fdinfo.</summary>
    public static bool IsCloseOnExec(string descriptor)
    {
        string flagsLine = File.ReadAllLines($"/proc/self/fdinfo/{descriptor}").First(l => l.StartsWith("flags:"));
        long flags = Convert.ToInt64(flagsLine["flags:".Length..].Trim(), 8);
        return (flags & 0x80000) != 0;
    }

    public void OnMessage(ReadOnlyMemory<byte> payload, Attachment[] attachments)
    {
        if (mode != "read-descriptors")
        {
            foreach (var attachment in attachments)
            {
                attachment.Dispose();
            }

            return;
        }

        var contents = new List<string>();
        foreach (var attachment in attachments)
        {
            using var stream = attachment.TakeAsStream(FileAccess.Read);
            var bytes = new MemoryStream();
            if (stream.CanSeek)
            {
                stream.Position = 0;
            }

            stream.CopyTo(bytes);
            contents.Add(Encoding.UTF8.GetString(bytes.ToArray()));
        }

        transport.Send(Encoding.UTF8.GetBytes(string.Join('|', contents)), []);
    }

    public void OnDisconnected(TransportDisconnect disconnect)
    {
        if (disconnect.Reason != DisconnectReason.PeerClosed)
        {
            Failure = disconnect.Detail;
        }

        Ended.Set();
    }
}
