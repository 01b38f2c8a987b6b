using System.Buffers;
using BenchmarkDotNet.Attributes;
using IpcGen.Messages;
using MessagePack;
using static IpcGen.Benchmarks.Micro.MicroEndpointMessages;

namespace IpcGen.Benchmarks.Micro;

/// <summary>Encodes and decodes generated messages in memory, with no connection or transport.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private const long Big = 1L << 40;

    private static readonly EndpointDescriptor s_descriptor = GetDescriptor<IMicroEndpoint>();

    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly AttachmentWriter _attachmentWriter = new();
    private readonly AttachmentReader _attachmentReader = new([]);
    private readonly Add _add = new(12345, 67890);
    private readonly Post _post = new(Big, Big, Big, Big, Big, Big, Big, Big);
    private readonly Open _open = new("/var/lib/example/data/file.bin", ["read", "write", "create", "exclusive"]);
    private readonly Write _write = new(new byte[4096]);
    private byte[] _addBytes = [];
    private byte[] _postBytes = [];
    private byte[] _openBytes = [];
    private byte[] _writeBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _addBytes = EncodeToArray(_add);
        _postBytes = EncodeToArray(_post);
        _openBytes = EncodeToArray(_open);
        _writeBytes = EncodeToArray(_write);
    }

    [Benchmark]
    public int EncodeAdd() => Encode(_add);

    [Benchmark]
    public int EncodePost() => Encode(_post);

    [Benchmark]
    public int EncodeOpen() => Encode(_open);

    [Benchmark]
    public int EncodeWrite4K() => Encode(_write);

    [Benchmark]
    public object DecodeAdd() => Decode(Add.Id, _addBytes);

    [Benchmark]
    public object DecodePost() => Decode(Post.Id, _postBytes);

    [Benchmark]
    public object DecodeOpen() => Decode(Open.Id, _openBytes);

    [Benchmark]
    public object DecodeWrite4K() => Decode(Write.Id, _writeBytes);

    private int Encode(IMessage message)
    {
        _output.ResetWrittenCount();
        var writer = new MessagePackWriter(_output);
        message.Encode(ref writer, _attachmentWriter);
        writer.Flush();
        return _output.WrittenCount;
    }

    private IMessage Decode(uint messageId, byte[] bytes)
    {
        var reader = new MessagePackReader(bytes);
        return s_descriptor.Decode(messageId, ref reader, _attachmentReader);
    }

    private static EndpointDescriptor GetDescriptor<TEndpoint>()
        where TEndpoint : class, IIpcEndpoint<TEndpoint> => TEndpoint.Descriptor;

    private byte[] EncodeToArray(IMessage message)
    {
        Encode(message);
        return _output.WrittenSpan.ToArray();
    }
}
