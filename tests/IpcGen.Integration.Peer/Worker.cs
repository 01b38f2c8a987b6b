using System.Text;
using IpcGen.Unix;

namespace IpcGen.Integration.Peer;

/// <summary>The peer's implementation of <see cref="IWorker"/>: echoes values, reads and creates files, and
/// connects transports that arrive inside messages.</summary>
internal sealed class Worker : IWorker, IDisposable
{
    private readonly List<IDisposable> _channels = new();
    private long _recordedSum;
    private ManyEcho? _lastMany;

    /// <summary>Proxy of the test process's endpoint.</summary>
    public IHost? Host { get; set; }

    public bool Boolean(bool value) => value;

    public byte Byte(byte value) => value;

    public sbyte SByte(sbyte value) => value;

    public short Int16(short value) => value;

    public ushort UInt16(ushort value) => value;

    public int Int32(int value) => value;

    public uint UInt32(uint value) => value;

    public long Int64(long value) => value;

    public ulong UInt64(ulong value) => value;

    public float Single(float value) => value;

    public double Double(double value) => value;

    public decimal Decimal(decimal value) => value;

    public char Char(char value) => value;

    public string String(string value) => value;

    public string? NullableString(string? value) => value;

    public byte[] Bytes(byte[] value) => value;

    public ReadOnlyMemory<byte> Memory(ReadOnlyMemory<byte> value) => value;

    public Color Enum(Color value) => value;

    public Access Flags(Access value) => value;

    public Level SignedEnum(Level value) => value;

    public int? NullableInt32(int? value) => value;

    public double? NullableDouble(double? value) => value;

    public Color? NullableEnum(Color? value) => value;

    public Guid? NullableGuid(Guid? value) => value;

    public int[] Array(int[] value) => value;

    public string?[] NullableStringArray(string?[] value) => value;

    public int[][] Jagged(int[][] value) => value;

    public List<string> List(List<string> value) => value;

    public List<int?> NullableIntList(List<int?> value) => value;

    public IReadOnlyList<string?> ReadOnlyList(IReadOnlyList<string?> value) => value;

    public Dictionary<string, int> Dictionary(Dictionary<string, int> value) => value;

    public Dictionary<Guid, string?> NullableValueDictionary(Dictionary<Guid, string?> value) => value;

    public IReadOnlyDictionary<int, List<string>> ReadOnlyDictionary(IReadOnlyDictionary<int, List<string>> value) =>
        value;

    public List<Dictionary<string, int[]>> Nested(List<Dictionary<string, int[]>> value) => value;

    public Dictionary<string, Dictionary<long, byte[]>> NestedMaps(
        Dictionary<string, Dictionary<long, byte[]>> value) => value;

    public DateTime DateTime(DateTime value) => value;

    public DateTimeOffset DateTimeOffset(DateTimeOffset value) => value;

    public TimeSpan TimeSpan(TimeSpan value) => value;

    public Guid Guid(Guid value) => value;

    public Shape RecordClass(Shape value) => value;

    public Shape? NullableRecord(Shape? value) => value;

    public Vector Struct(Vector value) => value;

    public Vector? NullableStruct(Vector? value) => value;

    public Statistics Summarize(int[] values) => new(
        values.Length, values.Sum(v => (long)v), values.Min(), values.Max(), values.Average());

    public void Many(bool flag, long number, string text, double ratio, Color color, int[] values) =>
        _lastMany = new ManyEcho(flag, number, text, ratio, color, values);

    public ManyEcho LastMany() => _lastMany ?? throw new InvalidOperationException("Many was not received yet.");

    public byte[] ReadFile(Attachment file)
    {
        using var handle = file.TakeFileDescriptor();
        return ReadAll(handle);
    }

    public long[] FileLengths(List<Attachment> files)
    {
        var lengths = new long[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            using var handle = files[i].TakeFileDescriptor();
            lengths[i] = RandomAccess.GetLength(handle);
        }

        return lengths;
    }

    public int CountFiles(List<Attachment> files)
    {
        files.ForEach(file => file.Dispose());
        return files.Count;
    }

    public Attachment ReturnFile(Attachment file) => file;

    public Attachment CreateFile(string text)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            using var stream = File.OpenRead(path);
            return Attachment.DuplicateOf(stream);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public string Relay(TransportHandle handle, string text)
    {
        var transport = UnixTransport.Adopt(handle);
        using var client = new Connection<IChannelClient, IChannel>(transport, new ChannelClient());
        client.Start();
        string echoed = client.Peer.Echo(text);
        int serverProcess = client.Peer.ProcessId();
        return $"{echoed} (served by {serverProcess}, relayed by {Environment.ProcessId})";
    }

    public TransportHandle OpenChannel()
    {
        var (local, remote) = UnixTransport.CreatePaired();
        var connection = new Connection<IChannel, IChannelClient>(local, new Channel("peer"));
        connection.Start();
        _channels.Add(connection);
        return remote;
    }

    public void Record(int value)
    {
        _recordedSum += value;
        Host!.Echoed(value);
    }

    public void RecordSync(int value) => _recordedSum += value;

    public long RecordedSum() => _recordedSum;

    public async Task<long> SumAsync(int[] values, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return values.Sum(v => (long)v);
    }

    public async Task ResetAsync()
    {
        await Task.Yield();
        _recordedSum = 0;
    }

    public int AddThroughHost(int a, int b) => Host!.Add(a, b) + 1;

    public int Block(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return milliseconds;
    }

    public int OpenDescriptorCount() => Directory.GetFiles("/proc/self/fd").Length;

    public int ProcessId() => Environment.ProcessId;

    public int Limited(string text) => text.Length;

    public int Upload(byte[] data) => data.Length;

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    private static byte[] ReadAll(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        var content = new byte[RandomAccess.GetLength(handle)];
        int total = 0;
        while (total < content.Length)
        {
            int read = RandomAccess.Read(handle, content.AsSpan(total), total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return content.AsSpan(0, total).ToArray();
    }
}
