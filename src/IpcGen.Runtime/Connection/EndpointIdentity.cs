namespace IpcGen;

/// <summary>Name, magic and shape hash of an endpoint, as exchanged in the hello message.</summary>
internal readonly record struct EndpointIdentity(string Name, uint Magic, ulong ShapeHash)
{
    public static EndpointIdentity Of(EndpointDescriptor descriptor) =>
        new(descriptor.Name, descriptor.Magic, descriptor.ShapeHash);

    public override string ToString() => $"{Name} (magic 0x{Magic:X8}, shape hash 0x{ShapeHash:X16})";
}
