namespace IpcGen.Generator.Emitting;

/// <summary>Whether a message class is pooled, and what rents its instances.</summary>
internal enum MessagePoolUse
{
    /// <summary>Not pooled, so every instance is created with the constructor.</summary>
    None,

    /// <summary>A request: the proxy rents it to send it and returns it afterwards; Decode rents a received one,
    /// and the connection returns it through <c>IMessage.Recycle</c> once its handler has run.</summary>
    RentedBySender,

    /// <summary>A response: the stub rents it and the connection returns it once it is sent; Decode rents a
    /// received one, and the proxy returns it after reading its result.</summary>
    RentedByDecoder,
}
