using System.IO.Pipes;
using System.Security.Cryptography;
using System.Text;
using IpcGen.Unix;

namespace IpcGen.Samples.EchoServer;

/// <summary>The <c>call</c> command: connects to a running server, calls every method once and prints the
/// results. Any failure ends the command with a message that names the call.</summary>
internal static class EchoClient
{
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs the calls and returns the exit code: 0 when every result was right, 1 otherwise.</summary>
    public static int Run(string path, string text)
    {
        UnixTransport transport;
        try
        {
            transport = UnixTransport.Connect(path);
        }
        catch (Exception exception) when (exception is IOException or ArgumentException)
        {
            Console.Error.WriteLine(
                $"error: cannot connect to the echo server at '{path}': {exception.Message} Start it with " +
                $"'serve {path}' first.");
            return 1;
        }

        var options = new ConnectionOptions { SyncCallTimeout = s_callTimeout };
        using var connection = new Connection<ISampleClient, IEchoService>(transport, new SampleClient(), options);
        connection.Start();
        try
        {
            CallEcho(connection.Peer, text);
            using var checksumTransport = UnixTransport.Adopt(connection.Peer.OpenChecksum());
            using var checksum = new Connection<ISampleClient, IChecksumService>(
                checksumTransport, new SampleClient(), options);
            checksum.Start();
            CallChecksum(checksum.Peer, text);
            return 0;
        }
        catch (Exception exception) when (exception is IpcException or TimeoutException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return 1;
        }
    }

    private static void CallEcho(IEchoService echo, string text)
    {
        Expect("Echo", echo.Echo(text), text);

        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Expect("EchoBytes", Convert.ToHexString(echo.EchoBytes(bytes)), Convert.ToHexString(bytes));

        using (var pipe = PipeWithContent(bytes))
        {
            Expect("EchoAttachment", Encoding.UTF8.GetString(echo.EchoAttachment(pipe)), text);
        }

        echo.Notify(text);
        Expect("Notify, then NotificationCount", echo.NotificationCount(), 1);

        var later = echo.EchoLaterAsync(text, 50, CancellationToken.None);
        if (!later.Wait(s_callTimeout))
        {
            throw new TimeoutException($"EchoLaterAsync did not complete within {s_callTimeout.TotalSeconds} s.");
        }

        Expect("EchoLaterAsync", later.Result, text);
    }

    private static void CallChecksum(IChecksumService checksum, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        string expected = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
        Expect("Sha256", Convert.ToHexString(checksum.Sha256(bytes)).ToLowerInvariant(), expected);
        using var pipe = PipeWithContent(bytes);
        Expect("Sha256OfAttachment", Convert.ToHexString(checksum.Sha256OfAttachment(pipe)).ToLowerInvariant(),
            expected);
    }

    private static void Expect<T>(string call, T actual, T expected)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            throw new InvalidDataException($"{call} returned '{actual}', expected '{expected}'.");
        }

        Console.WriteLine($"{call}: {actual}");
    }

    /// <summary>An attachment owning the read end of a pipe that contains <paramref name="content"/> and then ends.
    /// The content must fit in the pipe's buffer (64 KiB on Linux).</summary>
    private static Attachment PipeWithContent(byte[] content)
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        var attachment = Attachment.DuplicateOf(pipe.ClientSafePipeHandle);
        pipe.DisposeLocalCopyOfClientHandle();
        pipe.Write(content);
        return attachment;
    }
}
