namespace IpcGen.Generator.Emitting;

/// <summary>Whether a message class is pooled, and what rents its instances.</summary>
internal enum MessagePoolUse
{
    /// <summary>Not pooled, so every instance is created with the constructor.</summary>
    None,

    /// <summary>The proxy rents the message to send it and returns it afterwards. Decode creates received ones,
    /// because the stub side returns nothing to the pool.</summary>
    RentedBySender,

    /// <summary>Decode rents the message, and the proxy returns it after reading its result.</summary>
    RentedByDecoder,
}
