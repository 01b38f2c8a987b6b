using System.IO.Pipes;
using System.Security.Cryptography;
using System.Text;
using IpcGen.Samples.EchoServer;
using IpcGen.Unix;

namespace IpcGen.Hostile.Tests;

/// <summary>A real <see cref="Connection{TLocal, TPeer}"/> to the server, which proves it still serves.</summary>
internal static class WellFormedClient
{
    private static readonly ConnectionOptions s_options = new() { SyncCallTimeout = TimeSpan.FromSeconds(10) };

    /// <summary>Connects, echoes <paramref name="text"/> and returns the result.</summary>
    public static string Echo(string path, string text)
    {
        using var connection = Connect(path);
        return connection.Peer.Echo(text);
    }

    /// <summary>Connects and calls every method of both endpoints once, failing on a wrong result.</summary>
    public static void CallEverything(string path)
    {
        using var connection = Connect(path);
        var echo = connection.Peer;
        Assert.That(echo.Echo("text"), Is.EqualTo("text"));
        Assert.That(echo.EchoBytes([1, 2, 3]), Is.EqualTo(new byte[] { 1, 2, 3 }));
        using (var pipe = PipeWithContent("attached"u8.ToArray()))
        {
            Assert.That(Encoding.UTF8.GetString(echo.EchoAttachment(pipe)), Is.EqualTo("attached"));
        }

        echo.Notify("note");
        Assert.That(echo.NotificationCount(), Is.EqualTo(1));
        var later = echo.EchoLaterAsync("later", 1, CancellationToken.None);
        Assert.That(later.Wait(TimeSpan.FromSeconds(10)), Is.True, "EchoLaterAsync did not complete in 10 s");
        Assert.That(later.Result, Is.EqualTo("later"));

        using var checksum = OpenChecksum(echo);
        var expected = SHA256.HashData("data"u8);
        Assert.That(checksum.Peer.Sha256("data"u8.ToArray()), Is.EqualTo(expected));
        using var file = PipeWithContent("data"u8.ToArray());
        Assert.That(checksum.Peer.Sha256OfAttachment(file), Is.EqualTo(expected));
    }

    /// <summary>A started connection to the echo endpoint at <paramref name="path"/>.</summary>
    public static Connection<ISampleClient, IEchoService> Connect(string path)
    {
        var connection = new Connection<ISampleClient, IEchoService>(
            UnixTransport.Connect(path), new SampleClient(), s_options);
        connection.Start();
        return connection;
    }

    /// <summary>Opens a checksum connection through <paramref name="echo"/> and starts a connection on it.</summary>
    public static Connection<ISampleClient, IChecksumService> OpenChecksum(IEchoService echo)
    {
        var connection = new Connection<ISampleClient, IChecksumService>(
            UnixTransport.Adopt(echo.OpenChecksum()), new SampleClient(), s_options);
        connection.Start();
        return connection;
    }

    /// <summary>An attachment owning the read end of a pipe that contains <paramref name="content"/> and then ends.
    /// </summary>
    public static Attachment PipeWithContent(byte[] content)
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        var attachment = Attachment.DuplicateOf(pipe.ClientSafePipeHandle);
        pipe.DisposeLocalCopyOfClientHandle();
        pipe.Write(content);
        return attachment;
    }
}
