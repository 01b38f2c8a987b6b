namespace IpcGen.Hostile.Tests.Fuzz;

/// <summary>One generated input: the endpoint it goes to, the bytes written after connecting and the number of
/// descriptors sent with the first byte.</summary>
internal sealed record FuzzInput(Target Target, byte[] Bytes, int Descriptors)
{
    /// <summary>The bytes as hex, cut to <paramref name="maxBytes"/>, for failure messages.</summary>
    public string ToHex(int maxBytes = 512) =>
        Convert.ToHexString(Bytes.AsSpan(0, Math.Min(Bytes.Length, maxBytes))) +
        (Bytes.Length > maxBytes ? $"... ({Bytes.Length} bytes)" : string.Empty);
}
