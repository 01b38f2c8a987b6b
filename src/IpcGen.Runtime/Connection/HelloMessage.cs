using IpcGen.Messages;
using MessagePack;

namespace IpcGen;

/// <summary>
/// Control message that each side sends first: the endpoint it implements and the endpoint it expects on the
/// other side, each as name, magic and shape hash. A side rejects a peer whose endpoints do not match its own.
/// </summary>
internal sealed class HelloMessage : IMessage
{
    /// <summary>Version of the hello body and of the connection header layout.</summary>
    public const uint ProtocolVersion = 1;

    private const string MessageName = "hello";

    public HelloMessage(uint version, EndpointIdentity local, EndpointIdentity peer)
    {
        Version = version;
        Local = local;
        Peer = peer;
    }

    public uint EndpointMagic => ConnectionHeader.ControlMagic;

    public uint MessageId => 0;

    public uint Version { get; }

    /// <summary>The endpoint the sender implements.</summary>
    public EndpointIdentity Local { get; }

    /// <summary>The endpoint the sender expects this side to implement.</summary>
    public EndpointIdentity Peer { get; }

    public void Encode(ref MessagePackWriter writer, AttachmentWriter attachments)
    {
        writer.WriteArrayHeader(7);
        writer.Write(Version);
        writer.Write(Local.Name);
        writer.Write(Local.Magic);
        writer.Write(Local.ShapeHash);
        writer.Write(Peer.Name);
        writer.Write(Peer.Magic);
        writer.Write(Peer.ShapeHash);
    }

    public static HelloMessage Decode(ref MessagePackReader reader)
    {
        ControlReader.ReadArrayHeader(ref reader, 7, MessageName);
        uint version = ControlReader.ReadUInt32(ref reader, MessageName);
        var local = new EndpointIdentity(
            ControlReader.ReadString(ref reader, MessageName),
            ControlReader.ReadUInt32(ref reader, MessageName),
            ControlReader.ReadUInt64(ref reader, MessageName));
        var peer = new EndpointIdentity(
            ControlReader.ReadString(ref reader, MessageName),
            ControlReader.ReadUInt32(ref reader, MessageName),
            ControlReader.ReadUInt64(ref reader, MessageName));
        return new HelloMessage(version, local, peer);
    }
}
