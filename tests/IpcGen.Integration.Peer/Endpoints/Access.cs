namespace IpcGen.Integration.Peer;

/// <summary>A flags enum over ulong, with the top bit defined.</summary>
[Flags]
public enum Access : ulong
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
    Top = 1UL << 63,
}
