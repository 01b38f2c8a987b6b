namespace IpcGen.Integration.Peer;

/// <summary>
/// The endpoint the peer process implements: one echo request per supported type, the three call kinds, files
/// and transports that travel as attachments, and lowered limits that the tests exceed on purpose.
/// </summary>
[IpcEndpoint(MaxPayloadBytes = WorkerLimits.MaxPayloadBytes, MaxAttachments = WorkerLimits.MaxAttachments)]
public partial interface IWorker
{
    bool Boolean(bool value);

    byte Byte(byte value);

    sbyte SByte(sbyte value);

    short Int16(short value);

    ushort UInt16(ushort value);

    int Int32(int value);

    uint UInt32(uint value);

    long Int64(long value);

    ulong UInt64(ulong value);

    float Single(float value);

    double Double(double value);

    decimal Decimal(decimal value);

    char Char(char value);

    string String([MaxLength(WorkerLimits.MaxStringLength)] string value);

    string? NullableString(string? value);

    byte[] Bytes(byte[] value);

    ReadOnlyMemory<byte> Memory(ReadOnlyMemory<byte> value);

    Color Enum(Color value);

    Access Flags(Access value);

    Level SignedEnum(Level value);

    int? NullableInt32(int? value);

    double? NullableDouble(double? value);

    Color? NullableEnum(Color? value);

    Guid? NullableGuid(Guid? value);

    int[] Array(int[] value);

    string?[] NullableStringArray(string?[] value);

    int[][] Jagged(int[][] value);

    List<string> List(List<string> value);

    List<int?> NullableIntList(List<int?> value);

    IReadOnlyList<string?> ReadOnlyList(IReadOnlyList<string?> value);

    Dictionary<string, int> Dictionary(Dictionary<string, int> value);

    Dictionary<Guid, string?> NullableValueDictionary(Dictionary<Guid, string?> value);

    IReadOnlyDictionary<int, List<string>> ReadOnlyDictionary(IReadOnlyDictionary<int, List<string>> value);

    List<Dictionary<string, int[]>> Nested(List<Dictionary<string, int[]>> value);

    Dictionary<string, Dictionary<long, byte[]>> NestedMaps(Dictionary<string, Dictionary<long, byte[]>> value);

    DateTime DateTime(DateTime value);

    DateTimeOffset DateTimeOffset(DateTimeOffset value);

    TimeSpan TimeSpan(TimeSpan value);

    Guid Guid(Guid value);

    Shape RecordClass(Shape value);

    Shape? NullableRecord(Shape? value);

    Vector Struct(Vector value);

    Vector? NullableStruct(Vector? value);

    Statistics Summarize(int[] values);

    void Many(bool flag, long number, string text, double ratio, Color color, int[] values);

    ManyEcho LastMany();

    /// <summary>Reads the file behind the descriptor from its start and returns its content.</summary>
    byte[] ReadFile(Attachment file);

    /// <summary>Returns the length of the file behind each descriptor.</summary>
    long[] FileLengths([MaxLength(WorkerLimits.MaxAttachments)] List<Attachment> files);

    /// <summary>Returns the number of descriptors received. Only the endpoint's attachment limit applies.</summary>
    int CountFiles(List<Attachment> files);

    /// <summary>Returns the descriptor it received, unchanged.</summary>
    Attachment ReturnFile(Attachment file);

    /// <summary>Creates an unlinked temporary file with <paramref name="text"/> in UTF-8 and returns its
    /// descriptor, positioned at the start.</summary>
    Attachment CreateFile([MaxLength(WorkerLimits.MaxStringLength)] string text);

    /// <summary>Adopts the transport, connects an <see cref="IChannelClient"/> over it to the
    /// <see cref="IChannel"/> on the other end, and returns what that channel's Echo returned for
    /// <paramref name="text"/>, followed by its process id.</summary>
    string Relay(TransportHandle handle, [MaxLength(1024)] string text);

    /// <summary>Creates a transport pair, serves an <see cref="IChannel"/> on the local end and returns the other
    /// end.</summary>
    TransportHandle OpenChannel();

    /// <summary>Adds <paramref name="value"/> to the sum of records and sends it back through the host's
    /// <see cref="IHost.Echoed"/>.</summary>
    void Record(int value);

    /// <summary>Adds <paramref name="value"/> to the sum of records while the caller waits.</summary>
    [Sync]
    void RecordSync(int value);

    /// <summary>Returns the sum of the values recorded so far.</summary>
    long RecordedSum();

    /// <summary>Returns the sum of <paramref name="values"/> after yielding once.</summary>
    Task<long> SumAsync(int[] values, CancellationToken cancellationToken);

    /// <summary>Clears the sum of records after yielding once.</summary>
    Task ResetAsync();

    /// <summary>Calls the host's <see cref="IHost.Add"/> and returns its result plus one.</summary>
    int AddThroughHost(int a, int b);

    /// <summary>Blocks the dispatch thread for <paramref name="milliseconds"/> and returns it.</summary>
    int Block(int milliseconds);

    /// <summary>Returns the number of descriptors open in the peer process.</summary>
    int OpenDescriptorCount();

    /// <summary>Returns the peer's process id.</summary>
    int ProcessId();

    /// <summary>Returns the length of <paramref name="text"/>.</summary>
    int Limited([MaxLength(16)] string text);

    /// <summary>Returns the length of <paramref name="data"/>. Only the endpoint's payload limit applies.</summary>
    int Upload(byte[] data);
}
