using MessagePack;
using MessagePack.Formatters;

namespace IpcGen.Integration.Peer;

/// <summary>Encodes a <see cref="ReadStamp"/> as its value alone and stamps the decoding thread on the way in.
/// </summary>
public sealed class ReadStampFormatter : IMessagePackFormatter<ReadStamp>
{
    /// <inheritdoc/>
    public void Serialize(ref MessagePackWriter writer, ReadStamp value, MessagePackSerializerOptions options) =>
        writer.Write(value.Value);

    /// <inheritdoc/>
    public ReadStamp Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        ReadStamp.Decoded(reader.ReadInt32());
}
