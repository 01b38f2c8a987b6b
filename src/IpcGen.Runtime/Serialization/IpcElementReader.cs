using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Serialization;

/// <summary>Reads one element of a collection; generated decoders pass a static lambda per element type.</summary>
/// <typeparam name="T">The element type.</typeparam>
public delegate T IpcElementReader<out T>(ref MessagePackReader reader, AttachmentReader attachments);
