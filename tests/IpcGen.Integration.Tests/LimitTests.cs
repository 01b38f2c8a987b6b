using IpcGen.Integration.Peer;

namespace IpcGen.Integration.Tests;

/// <summary>The sender rejects a message over a limit with <see cref="IpcLimitExceededException"/>, sends nothing,
/// and the connection stays usable.</summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class LimitTests
{
    // A message of Upload is a one-element array header (1 byte) and a bin32 header (5 bytes) before the data.
    private const int UploadOverhead = 6;

    private PeerProcess _peer = null!;
    private string _path = null!;

    private IWorker Worker => _peer.Worker;

    [OneTimeSetUp]
    public void StartPeer()
    {
        _path = Path.GetTempFileName();
        _peer = PeerProcess.Start();
    }

    [OneTimeTearDown]
    public void StopPeer()
    {
        _peer.Dispose();
        File.Delete(_path);
    }

    [Test]
    public void Payload_AtEndpointLimit_Sent()
    {
        int length = WorkerLimits.MaxPayloadBytes - UploadOverhead;

        Assert.That(Worker.Upload(new byte[length]), Is.EqualTo(length));
    }

    [Test]
    public void Payload_OverEndpointLimit_Throws()
    {
        var exception = Assert.Throws<IpcLimitExceededException>(
            () => Worker.Upload(new byte[WorkerLimits.MaxPayloadBytes - UploadOverhead + 1]));

        Assert.That(exception.Message, Does.Contain(WorkerLimits.MaxPayloadBytes.ToString()));
        Assert.That(_peer.Connection.IsConnected, Is.True);
        Assert.That(Worker.Upload(new byte[10]), Is.EqualTo(10));
    }

    [Test]
    public void Payload_OverLimitInTask_Faults()
    {
        // int.MaxValue encodes in 5 bytes, so a quarter of the limit in values is over it.
        int[] values = Enumerable.Repeat(int.MaxValue, WorkerLimits.MaxPayloadBytes / 4).ToArray();
        var task = Worker.SumAsync(values, CancellationToken.None);

        Wait.ForEnd(task, Wait.Long);

        Assert.That(task.Exception?.InnerException, Is.TypeOf<IpcLimitExceededException>());
        Assert.That(Wait.Result(Worker.SumAsync([1, 2], CancellationToken.None), Wait.Long), Is.EqualTo(3));
    }

    [Test]
    public void Attachments_OverEndpointLimit_Throws()
    {
        var files = OpenFiles(WorkerLimits.MaxAttachments + 1);
        try
        {
            var exception = Assert.Throws<IpcLimitExceededException>(() => Worker.CountFiles(files));

            Assert.That(exception.Message, Does.Contain(WorkerLimits.MaxAttachments.ToString()));
            Assert.That(_peer.Connection.IsConnected, Is.True);
            Assert.That(Worker.CountFiles(OpenFiles(WorkerLimits.MaxAttachments)),
                Is.EqualTo(WorkerLimits.MaxAttachments));
        }
        finally
        {
            files.ForEach(file => file.Dispose());
        }
    }

    [Test]
    public void AttachmentList_OverMaxLength_Throws()
    {
        var files = OpenFiles(WorkerLimits.MaxAttachments + 1);
        try
        {
            Assert.Throws<IpcLimitExceededException>(() => Worker.FileLengths(files));

            Assert.That(Worker.FileLengths(OpenFiles(1)), Is.EqualTo(new[] { 0L }));
        }
        finally
        {
            files.ForEach(file => file.Dispose());
        }
    }

    [Test]
    public void String_AtMaxLength_Sent()
    {
        Assert.That(Worker.Limited(new string('x', 16)), Is.EqualTo(16));
    }

    [Test]
    public void String_OverMaxLength_Throws()
    {
        var exception = Assert.Throws<IpcLimitExceededException>(() => Worker.Limited(new string('x', 17)));

        Assert.That(exception.Message, Does.Contain("17").And.Contain("16"));
        Assert.That(Worker.Limited("ok"), Is.EqualTo(2));
    }

    [Test]
    public void Attachments_OverEndpointLimit_CallTakesAll()
    {
        // A call takes ownership of every attachment among its arguments, whether it succeeds or fails, so the
        // caller never has to work out which descriptors of a rejected call are still its own.
        var files = OpenFiles(WorkerLimits.MaxAttachments + 1);
        try
        {
            Assert.Throws<IpcLimitExceededException>(() => Worker.CountFiles(files));

            var owned = files.Select(file => file.IsOwned).ToList();
            Assert.That(owned, Is.All.False, $"owned after the rejected call: {string.Join(", ", owned)}");
        }
        finally
        {
            files.ForEach(file => file.Dispose());
        }
    }

    [Test]
    public void UndefinedEnum_RejectedBySender()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Worker.Enum((Color)42));

        Assert.That(exception.Message, Does.Contain("42").And.Contain(nameof(Color)));
        Assert.That(Worker.Enum(Color.Red), Is.EqualTo(Color.Red), "the connection stays usable");
    }

    [Test]
    public void NullForNonNullable_RejectedBySender()
    {
        Assert.Throws<ArgumentNullException>(() => Worker.Bytes(null!));

        Assert.That(Worker.Bytes([1]), Is.EqualTo(new byte[] { 1 }), "the connection stays usable");
    }

    private List<Attachment> OpenFiles(int count) =>
        Enumerable.Range(0, count).Select(_ => Attachment.FromFileDescriptor(File.OpenHandle(_path))).ToList();
}
