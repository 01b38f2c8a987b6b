using System.Buffers;
using System.Collections.Concurrent;
using IpcGen.Generator.Tests.Endpoints;
using IpcGen.Generator.Tests.Infrastructure;
using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Generator.Tests;

/// <summary>Generated Rent and Return reuse messages whose values are all plain, hand no message to two users at
/// once, and the proxy returns only what it rented or what the decoder rented.</summary>
public sealed class PooledMessageTests
{
    private const int ThreadCount = 8;
    private const int CallsPerThread = 10_000;

    [Test]
    public void RentReusesReturnedMessage()
    {
        var first = PoolProbeMessages.Sum.Rent(1, 2);
        PoolProbeMessages.Sum.Return(first);

        var second = PoolProbeMessages.Sum.Rent(3, 4);

        Assert.That(second, Is.SameAs(first));
        Assert.That(second.A, Is.EqualTo(3));
        Assert.That(second.B, Is.EqualTo(4));
    }

    [Test]
    public void RentWhileRentedCreatesAnother()
    {
        var first = PoolProbeMessages.Sum.Rent(1, 2);
        var second = PoolProbeMessages.Sum.Rent(3, 4);

        Assert.That(second, Is.Not.SameAs(first));
        Assert.That(first.A, Is.EqualTo(1));
        Assert.That(first.B, Is.EqualTo(2));
    }

    [Test]
    public void ReturnTwicePoolsOnce()
    {
        var message = PoolProbeMessages.Sum.Rent(1, 2);
        PoolProbeMessages.Sum.Return(message);
        PoolProbeMessages.Sum.Return(message);

        var first = PoolProbeMessages.Sum.Rent(3, 4);
        var second = PoolProbeMessages.Sum.Rent(5, 6);

        Assert.That(first, Is.SameAs(message));
        Assert.That(second, Is.Not.SameAs(message));
    }

    [Test]
    public void ReturnIgnoresConstructedMessage()
    {
        // Empties the pool first, so that the next Rent can only find the constructed message.
        PoolProbeMessages.Sum.Rent(0, 0);
        var constructed = new PoolProbeMessages.Sum(1, 2);

        PoolProbeMessages.Sum.Return(constructed);
        var rented = PoolProbeMessages.Sum.Rent(3, 4);

        Assert.That(rented, Is.Not.SameAs(constructed));
        Assert.That(constructed.A, Is.EqualTo(1));
        Assert.That(constructed.B, Is.EqualTo(2));
    }

    [Test]
    public void DecodeRentsPooledResponse()
    {
        var response = PoolProbeMessages.SumResponse.RentReceived(42);
        var (payload, _) = Wire.Encode(response);
        PoolProbeMessages.SumResponse.Return(response);

        var decoded = Wire.Decode(PoolProbeDescriptor.Instance, PoolProbeMessages.SumResponse.Id, payload);

        Assert.That(decoded, Is.SameAs(response));
        Assert.That(((PoolProbeMessages.SumResponse)decoded).Result, Is.EqualTo(42));
    }

    [Test]
    public void DecodeRentsRequest()
    {
        var request = PoolProbeMessages.Sum.RentReceived(1, 2);
        var (payload, _) = Wire.Encode(request);
        PoolProbeMessages.Sum.Return(request);

        var decoded = Wire.Decode(PoolProbeDescriptor.Instance, PoolProbeMessages.Sum.Id, payload);

        // The connection recycles a dispatched request, so the decoder takes it from the pool of received ones.
        Assert.That(decoded, Is.SameAs(request));
    }

    [Test]
    public void SentAndReceived_UseSeparatePools()
    {
        var sent = PoolProbeMessages.Sum.Rent(1, 2);
        var (payload, _) = Wire.Encode(sent);
        PoolProbeMessages.Sum.Return(sent);
        var decoded = Wire.Decode(PoolProbeDescriptor.Instance, PoolProbeMessages.Sum.Id, payload);
        PoolProbeMessages.Sum.Return((PoolProbeMessages.Sum)decoded);

        var next = PoolProbeMessages.Sum.Rent(3, 4);

        // A receiving side that keeps many decoded messages cannot empty the pool that the sending side rents from.
        Assert.That(next, Is.SameAs(sent));
    }

    [Test]
    public void Recycle_ReturnsRentedMessage()
    {
        IMessage rented = PoolProbeMessages.Sum.Rent(3, 4);
        rented.Recycle();

        var next = PoolProbeMessages.Sum.Rent(5, 6);

        Assert.That(next, Is.SameAs(rented));
        Assert.That(next.A, Is.EqualTo(5));
    }

    [Test]
    public void Recycle_ConstructedMessage_NotPooled()
    {
        IMessage constructed = new PoolProbeMessages.Sum(3, 4);
        constructed.Recycle();

        var next = PoolProbeMessages.Sum.Rent(5, 6);

        Assert.That(next, Is.Not.SameAs(constructed));
    }

    [Test]
    public void ProxyReturnsRequestAndResponse()
    {
        var sender = new PoolProbeSender();
        var proxy = new PoolProbeProxy(sender);
        IMessage? response = null;
        var respond = sender.Respond;
        sender.Respond = request => response = respond(request);

        Assert.That(proxy.Sum(2, 3), Is.EqualTo(5));

        Assert.That(PoolProbeMessages.Sum.Rent(0, 0), Is.SameAs(sender.Sent[0]));
        Assert.That(PoolProbeMessages.SumResponse.Rent(0), Is.SameAs(response));
    }

    [Test]
    public void ProxyReturnsEmptyMessages()
    {
        var sender = new PoolProbeSender();
        var proxy = new PoolProbeProxy(sender);
        IMessage? response = null;
        var respond = sender.Respond;
        sender.Respond = request => response = respond(request);

        proxy.Touch();

        Assert.That(PoolProbeMessages.Touch.Rent(), Is.SameAs(sender.Sent[0]));
        Assert.That(PoolProbeMessages.TouchResponse.Rent(), Is.SameAs(response));
    }

    [Test]
    public void ProxyReturnsPostedMessage()
    {
        var sender = new PoolProbeSender();
        var proxy = new PoolProbeProxy(sender);

        proxy.Note(7);

        Assert.That(((PoolProbeMessages.Note)sender.Sent[0]).Value, Is.EqualTo(7));
        Assert.That(PoolProbeMessages.Note.Rent(0), Is.SameAs(sender.Sent[0]));
    }

    [Test]
    public void ProxyPoolsOnlyPlainSide()
    {
        var sender = new PoolProbeSender();
        var proxy = new PoolProbeProxy(sender);
        IMessage? response = null;
        var respond = sender.Respond;
        sender.Respond = request => response = respond(request);

        Assert.That(proxy.Describe(12), Is.EqualTo("12"));
        Assert.That(PoolProbeMessages.Describe.Rent(0), Is.SameAs(sender.Sent[0]));

        Assert.That(proxy.Measure("four"), Is.EqualTo(4));
        Assert.That(sender.Sent[1], Is.TypeOf<PoolProbeMessages.Measure>());
        Assert.That(PoolProbeMessages.MeasureResponse.Rent(0), Is.SameAs(response));
    }

    [Test]
    public void ProxyReturnsRequestWhenSendThrows()
    {
        var sender = new PoolProbeSender
        {
            Respond = _ => throw new IpcDisconnectedException(DisconnectReason.PeerClosed, "the test closed it"),
        };
        var proxy = new PoolProbeProxy(sender);

        Assert.Throws<IpcDisconnectedException>(() => proxy.Sum(1, 2));

        Assert.That(PoolProbeMessages.Sum.Rent(0, 0), Is.SameAs(sender.Sent[0]));
    }

    [Test]
    public void ProxyLeavesConstructedResponse()
    {
        // A sender that hands out the same response every time, as a test double might.
        var cached = new PoolProbeMessages.SumResponse(3);
        var sender = new PoolProbeSender { Respond = _ => cached };
        var proxy = new PoolProbeProxy(sender);

        Assert.That(proxy.Sum(1, 2), Is.EqualTo(3));
        var rented = PoolProbeMessages.SumResponse.Rent(9);

        Assert.That(rented, Is.Not.SameAs(cached));
        Assert.That(cached.Result, Is.EqualTo(3));
        Assert.That(proxy.Sum(1, 2), Is.EqualTo(3));
    }

    [Test]
    public void PoolNeverSharesMessage()
    {
        var owners = new ConcurrentDictionary<PoolProbeMessages.Sum, int>(ReferenceEqualityComparer.Instance);
        var failures = RunOnThreads(thread =>
        {
            var failed = 0;
            for (var i = 0; i < CallsPerThread; i++)
            {
                var message = PoolProbeMessages.Sum.Rent(thread, i);
                if (!owners.TryAdd(message, thread))
                {
                    failed++;
                }

                Thread.SpinWait(20);
                if (message.A != thread || message.B != i || !owners.TryRemove(message, out _))
                {
                    failed++;
                }

                PoolProbeMessages.Sum.Return(message);
            }

            return failed;
        });

        Assert.That(failures, Is.All.EqualTo(0));
    }

    [Test]
    public void ConcurrentProxyCallsGetOwnResults()
    {
        var proxy = LoopbackSender.CreateProxy<IPoolProbe>(new PoolProbeService());
        var failures = RunOnThreads(thread =>
        {
            var failed = 0;
            long a = (thread + 1) * 1_000_000_000L;
            for (var i = 0; i < CallsPerThread; i++)
            {
                if (proxy.Sum(a, i) != a + i)
                {
                    failed++;
                }
            }

            return failed;
        });

        Assert.That(failures, Is.All.EqualTo(0));
    }

    private static IEnumerable<TestCaseData> PlainResponses()
    {
        yield return Case("Boolean", () => EveryTypeMessages.BooleanResponse.Rent(true),
            m => EveryTypeMessages.BooleanResponse.Return((EveryTypeMessages.BooleanResponse)m));
        yield return Case("Byte", () => EveryTypeMessages.ByteResponse.Rent(byte.MaxValue),
            m => EveryTypeMessages.ByteResponse.Return((EveryTypeMessages.ByteResponse)m));
        yield return Case("SByte", () => EveryTypeMessages.SByteResponse.Rent(sbyte.MinValue),
            m => EveryTypeMessages.SByteResponse.Return((EveryTypeMessages.SByteResponse)m));
        yield return Case("Int16", () => EveryTypeMessages.Int16Response.Rent(short.MinValue),
            m => EveryTypeMessages.Int16Response.Return((EveryTypeMessages.Int16Response)m));
        yield return Case("UInt16", () => EveryTypeMessages.UInt16Response.Rent(ushort.MaxValue),
            m => EveryTypeMessages.UInt16Response.Return((EveryTypeMessages.UInt16Response)m));
        yield return Case("Int32", () => EveryTypeMessages.Int32Response.Rent(int.MinValue),
            m => EveryTypeMessages.Int32Response.Return((EveryTypeMessages.Int32Response)m));
        yield return Case("UInt32", () => EveryTypeMessages.UInt32Response.Rent(uint.MaxValue),
            m => EveryTypeMessages.UInt32Response.Return((EveryTypeMessages.UInt32Response)m));
        yield return Case("Int64", () => EveryTypeMessages.Int64Response.Rent(long.MinValue),
            m => EveryTypeMessages.Int64Response.Return((EveryTypeMessages.Int64Response)m));
        yield return Case("UInt64", () => EveryTypeMessages.UInt64Response.Rent(ulong.MaxValue),
            m => EveryTypeMessages.UInt64Response.Return((EveryTypeMessages.UInt64Response)m));
        yield return Case("Single", () => EveryTypeMessages.SingleResponse.Rent(1.5f),
            m => EveryTypeMessages.SingleResponse.Return((EveryTypeMessages.SingleResponse)m));
        yield return Case("Double", () => EveryTypeMessages.DoubleResponse.Rent(-2.25e300),
            m => EveryTypeMessages.DoubleResponse.Return((EveryTypeMessages.DoubleResponse)m));
        yield return Case("Decimal", () => EveryTypeMessages.DecimalResponse.Rent(-1.000m),
            m => EveryTypeMessages.DecimalResponse.Return((EveryTypeMessages.DecimalResponse)m));
        yield return Case("Char", () => EveryTypeMessages.CharResponse.Rent('\uD800'),
            m => EveryTypeMessages.CharResponse.Return((EveryTypeMessages.CharResponse)m));
        yield return Case("Enum", () => EveryTypeMessages.EnumResponse.Rent(Color.Blue),
            m => EveryTypeMessages.EnumResponse.Return((EveryTypeMessages.EnumResponse)m));
        yield return Case("Flags", () => EveryTypeMessages.FlagsResponse.Rent(Permissions.Read | Permissions.Execute),
            m => EveryTypeMessages.FlagsResponse.Return((EveryTypeMessages.FlagsResponse)m));
        yield return Case("NullableInt32", () => EveryTypeMessages.NullableInt32Response.Rent(7),
            m => EveryTypeMessages.NullableInt32Response.Return((EveryTypeMessages.NullableInt32Response)m));
        yield return Case("NullableEnum", () => EveryTypeMessages.NullableEnumResponse.Rent(null),
            m => EveryTypeMessages.NullableEnumResponse.Return((EveryTypeMessages.NullableEnumResponse)m));
        yield return Case("DateTime", () => EveryTypeMessages.DateTimeResponse.Rent(new DateTime(2024, 2, 29)),
            m => EveryTypeMessages.DateTimeResponse.Return((EveryTypeMessages.DateTimeResponse)m));
        yield return Case("DateTimeOffset",
            () => EveryTypeMessages.DateTimeOffsetResponse.Rent(new DateTimeOffset(2024, 2, 29, 1, 2, 3,
                TimeSpan.FromHours(-5))),
            m => EveryTypeMessages.DateTimeOffsetResponse.Return((EveryTypeMessages.DateTimeOffsetResponse)m));
        yield return Case("TimeSpan", () => EveryTypeMessages.TimeSpanResponse.Rent(TimeSpan.FromTicks(-1)),
            m => EveryTypeMessages.TimeSpanResponse.Return((EveryTypeMessages.TimeSpanResponse)m));
        yield return Case("Guid",
            () => EveryTypeMessages.GuidResponse.Rent(Guid.Parse("0102030405060708090a0b0c0d0e0f10")),
            m => EveryTypeMessages.GuidResponse.Return((EveryTypeMessages.GuidResponse)m));

        static TestCaseData Case(string name, Func<IMessage> rent, Action<IMessage> giveBack) =>
            new TestCaseData(rent, giveBack).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(PlainResponses))]
    public void PlainResponseRoundTripAllocatesNothing(Func<IMessage> rent, Action<IMessage> giveBack)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var attachments = new AttachmentWriter();
        var noAttachments = new AttachmentReader([]);
        void RoundTrip()
        {
            var message = rent();
            buffer.ResetWrittenCount();
            var writer = new MessagePackWriter(buffer);
            message.Encode(ref writer, attachments);
            writer.Flush();
            var id = message.MessageId;
            giveBack(message);

            var reader = new MessagePackReader(buffer.WrittenMemory);
            // Decode rents from the pool of received messages, which giveBack refills; the allocation count below
            // shows that it does.
            var decoded = EveryTypeDescriptor.Instance.Decode(id, ref reader, noAttachments);
            giveBack(decoded);
        }

        for (var i = 0; i < 100; i++)
        {
            RoundTrip();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            RoundTrip();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static int[] RunOnThreads(Func<int, int> run)
    {
        var tasks = Enumerable.Range(0, ThreadCount)
            .Select(thread => Task.Factory.StartNew(() => run(thread), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        return Wait.Result(Task.WhenAll(tasks), Wait.Long);
    }

    private sealed class PoolProbeService : IPoolProbe
    {
        public long Sum(long a, long b) => a + b;

        public void Touch()
        {
        }

        public void Note(int value)
        {
        }

        public string Describe(int value) => value.ToString();

        public int Measure(string text) => text.Length;
    }
}
