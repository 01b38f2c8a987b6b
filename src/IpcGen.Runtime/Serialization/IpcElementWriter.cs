using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Serialization;

/// <summary>Writes one element of a collection; generated encoders pass a static lambda per element type.</summary>
/// <typeparam name="T">The element type.</typeparam>
public delegate void IpcElementWriter<in T>(ref MessagePackWriter writer, T value, AttachmentWriter attachments);
