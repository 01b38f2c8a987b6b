using IpcGen.Unix.Interop;

namespace IpcGen.Unix.Tests;

public sealed class ListenerTests
{
    private string _directory = null!;

    private string SocketPath => Path.Combine(_directory, "s.sock");

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("ipcgen-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void ConnectAndAccept_ExchangeMessages()
    {
        using var listener = UnixListener.Listen(SocketPath);
        using var client = UnixTransport.Connect(SocketPath);
        using var server = listener.Accept();
        var serverReceiver = new RecordingReceiver();
        server.Start(serverReceiver);
        var clientReceiver = new RecordingReceiver();
        client.Start(clientReceiver);

        client.Send("hello"u8, [TestHelpers.PipeWithContent("attached")]);
        using var request = serverReceiver.Take();
        server.Send("welcome"u8, []);

        Assert.That(request.Payload, Is.EqualTo("hello"u8.ToArray()));
        Assert.That(TestHelpers.ReadAll(request.Attachments[0]), Is.EqualTo("attached"));
        Assert.That(clientReceiver.Take().Payload, Is.EqualTo("welcome"u8.ToArray()));
    }

    [Test]
    public async Task AcceptAsync_ReturnsConnection()
    {
        using var listener = UnixListener.Listen(SocketPath);
        var accepting = listener.AcceptAsync();

        using var client = UnixTransport.Connect(SocketPath);
        using var server = await accepting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(server.IsConnected, Is.True);
    }

    [Test]
    public void AcceptAsync_Canceled_Throws()
    {
        using var listener = UnixListener.Listen(SocketPath);
        using var cancellation = new CancellationTokenSource();
        var accepting = listener.AcceptAsync(cancellation.Token);

        cancellation.CancelAfter(50);

        Assert.That(
            () => accepting.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult(),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Accept_ListenerDisposed_Throws()
    {
        var listener = UnixListener.Listen(SocketPath);
        var accepting = Task.Run(listener.Accept);
        Thread.Sleep(50);

        listener.Dispose();

        Assert.That(
            () => accepting.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult(),
            Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void Dispose_RemovesSocketFile()
    {
        var listener = UnixListener.Listen(SocketPath);
        Assert.That(File.Exists(SocketPath), Is.True);

        listener.Dispose();

        Assert.That(File.Exists(SocketPath), Is.False);
    }

    [Test]
    public void Listen_StaleSocketFile_IsReplaced()
    {
        using (var stale = SocketCalls.CreateSocket(nonBlocking: false))
        {
            Assert.That(SocketCalls.Bind(stale, SocketPath, out _), Is.Zero);
        }

        using var listener = UnixListener.Listen(SocketPath);
        using var client = UnixTransport.Connect(SocketPath);
        using var server = listener.Accept();

        Assert.That(server.IsConnected, Is.True);
    }

    [Test]
    public void Listen_PathInUse_Throws()
    {
        using var listener = UnixListener.Listen(SocketPath);

        var exception = Assert.Throws<IOException>(() => UnixListener.Listen(SocketPath));

        Assert.That(exception.Message, Does.Contain(SocketPath));
    }

    [Test]
    public void Connect_NoListener_ThrowsNamingPath()
    {
        var exception = Assert.Throws<IOException>(() => UnixTransport.Connect(SocketPath));

        Assert.That(exception.Message, Does.Contain(SocketPath));
    }

    [Test]
    public void Listen_PathTooLong_Throws()
    {
        string path = Path.Combine(_directory, new string('x', 120));

        var exception = Assert.Throws<ArgumentException>(() => UnixListener.Listen(path));

        Assert.That(exception.Message, Does.Contain("107"));
    }
}
