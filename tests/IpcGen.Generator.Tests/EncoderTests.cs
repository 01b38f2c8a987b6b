using IpcGen.Generator.Tests.Endpoints;
using IpcGen.Generator.Tests.Infrastructure;
using IpcGen.Messages;

namespace IpcGen.Generator.Tests;

/// <summary>Generated encoders and constructors reject what must not be sent, before anything is sent.</summary>
public sealed class EncoderTests
{
    private static IpcLimitExceededException LimitExceeded(IMessage message) =>
        Assert.Throws<IpcLimitExceededException>(() => Wire.Encode(message))!;

    [Test]
    public void StringOverMaxLength()
    {
        var exception = LimitExceeded(Limited(text: "123456789"));
        Assert.That(exception.Message, Does.Contain("Cannot send Limited.text: it has 9 UTF-16 code units, over the " +
            "limit of 8"));
    }

    [Test]
    public void BytesOverMaxLength()
    {
        var exception = LimitExceeded(Limited(bytes: new byte[5]));
        Assert.That(exception.Message, Does.Contain("Limited.bytes: it has 5 bytes, over the limit of 4"));
    }

    [Test]
    public void ArrayOverMaxLength()
    {
        var exception = LimitExceeded(Limited(numbers: [1, 2, 3, 4]));
        Assert.That(exception.Message, Does.Contain("Limited.numbers: it has 4 elements, over the limit of 3"));
    }

    [Test]
    public void MapOverMaxLength()
    {
        var exception = LimitExceeded(Limited(map: new() { ["a"] = 1, ["b"] = 2, ["c"] = 3 }));
        Assert.That(exception.Message, Does.Contain("Limited.map: it has 3 entries, over the limit of 2"));
    }

    [Test]
    public void MemoryOverMaxLength()
    {
        var exception = LimitExceeded(Limited(memory: new byte[5]));
        Assert.That(exception.Message, Does.Contain("Limited.memory: it has 5 bytes, over the limit of 4"));
    }

    [Test]
    public void ResultOverMaxLength()
    {
        var proxy = LoopbackSender.CreateProxy<IEveryType>(new EveryTypeEcho { LimitedResultValue = "toolong" });
        var exception = Assert.Throws<IpcLimitExceededException>(() => proxy.LimitedResult())!;
        Assert.That(exception.Message, Does.Contain("LimitedResultResponse.Result: it has 7 UTF-16 code units"));
    }

    [Test]
    public void AttachmentsOverEndpointLimit()
    {
        using var a = Attachment.DuplicateOf(File.OpenHandle("/dev/null"));
        using var b = a.Duplicate();
        using var c = a.Duplicate();
        var message = new LimitedEndpointMessages.Files([a, b, c]);
        var exception = Assert.Throws<IpcLimitExceededException>(() => Wire.Encode(message))!;
        Assert.That(exception.Message, Does.Contain("Files.files[]: the message already has 2 attachments"));
    }

    [Test]
    public void AttachmentListOverMaxLength()
    {
        using var a = Attachment.DuplicateOf(File.OpenHandle("/dev/null"));
        var more = Enumerable.Range(0, 5).Select(_ => a.Duplicate()).ToList();
        try
        {
            var exception = Assert.Throws<IpcLimitExceededException>(() =>
                Wire.Encode(new EveryTypeMessages.Attach(a, more)))!;
            Assert.That(exception.Message, Does.Contain("Attach.more: it has 5 elements, over the limit of 4"));
        }
        finally
        {
            more.ForEach(attachment => attachment.Dispose());
        }
    }

    [Test]
    public void NullArgumentForNonNullable()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => _ = new EveryTypeMessages.String(null!))!;
        Assert.That(exception.ParamName, Is.EqualTo("value"));
    }

    [Test]
    public void NullElementForNonNullable()
    {
        var message = new EveryTypeMessages.List([null!]);
        var exception = Assert.Throws<ArgumentNullException>(() => Wire.Encode(message))!;
        Assert.That(exception.ParamName, Is.EqualTo("List.value[]"));
    }

    [Test]
    public void NullArgumentThroughProxy()
    {
        var proxy = LoopbackSender.CreateProxy<IEveryType>(new EveryTypeEcho());
        Assert.Throws<ArgumentNullException>(() => proxy.String(null!));
    }

    [Test]
    public void StubRejectsAsyncRequestInInvoke()
    {
        var stub = CalculatorDescriptor.Instance.CreateStub(new RecordingCalculator());
        var exception = Assert.Throws<IpcProtocolException>(() => stub.Invoke(new CalculatorMessages.FlushAsync()))!;
        Assert.That(exception.Message, Does.Contain("a one-way message or synchronous request was expected"));
    }

    [Test]
    public void StubRejectsSyncRequestInInvokeAsync()
    {
        var stub = CalculatorDescriptor.Instance.CreateStub(new RecordingCalculator());
        var exception = Assert.Throws<IpcProtocolException>(() =>
            stub.InvokeAsync(new CalculatorMessages.Add(1, 2), CancellationToken.None))!;
        Assert.That(exception.Message, Does.Contain("an asynchronous request was expected"));
    }

    [Test]
    public void StubRejectsOtherEndpoint()
    {
        var stub = CalculatorDescriptor.Instance.CreateStub(new RecordingCalculator());
        var exception = Assert.Throws<IpcProtocolException>(() => stub.Invoke(new EveryTypeMessages.Int32(1)))!;
        Assert.That(exception.Message, Does.Contain($"of endpoint 0x{EveryTypeDescriptor.MagicValue:X8}"));
    }

    [Test]
    public void StubRejectsResponse()
    {
        var stub = CalculatorDescriptor.Instance.CreateStub(new RecordingCalculator());
        Assert.Throws<IpcProtocolException>(() => stub.Invoke(new CalculatorMessages.AddResponse(3)));
    }

    [Test]
    public void StubPassesCancellationToken()
    {
        var calculator = new RecordingCalculator();
        var stub = CalculatorDescriptor.Instance.CreateStub(calculator);
        using var source = new CancellationTokenSource();
        var task = stub.InvokeAsync(new CalculatorMessages.SumAsync([1]), source.Token);
        Assert.That(task.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(calculator.LastToken, Is.EqualTo(source.Token));
    }

    private static EveryTypeMessages.Limited Limited(string text = "ok", byte[]? bytes = null, int[]? numbers = null,
        Dictionary<string, int>? map = null, byte[]? memory = null) =>
        new(text, bytes ?? [], numbers ?? [], map ?? [], memory ?? []);
}
