namespace IpcGen.Unix;

/// <summary>Kind of a frame on the socket, stored in byte 6 of the frame header.</summary>
internal enum FrameType : byte
{
    /// <summary>A message: the payload follows the header, and the header's count is its descriptor count.</summary>
    Message = 0,

    /// <summary>An acknowledgement of received descriptors: no payload, and the header's count is the number of
    /// descriptors the receiver took off the socket since its previous acknowledgement.</summary>
    DescriptorAcknowledgement = 1,
}
