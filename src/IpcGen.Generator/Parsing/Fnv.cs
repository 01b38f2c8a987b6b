using System.Text;

namespace IpcGen.Generator.Parsing;

/// <summary>FNV-1a hashes over the UTF-8 bytes of a string, used for magics, message ids and shape hashes.
/// </summary>
internal static class Fnv
{
    private const uint Offset32 = 2166136261;
    private const uint Prime32 = 16777619;
    private const ulong Offset64 = 14695981039346656037;
    private const ulong Prime64 = 1099511628211;

    public static uint Hash32(string text)
    {
        var hash = Offset32;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * Prime32);
        }

        return hash;
    }

    /// <summary>Returns the 32-bit hash with the top bit cleared, which marks responses.</summary>
    public static uint Hash31(string text) => Hash32(text) & 0x7FFF_FFFFu;

    public static ulong Hash64(string text)
    {
        var hash = Offset64;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * Prime64);
        }

        return hash;
    }
}
