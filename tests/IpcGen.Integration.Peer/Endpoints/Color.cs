namespace IpcGen.Integration.Peer;

/// <summary>A plain enum over int.</summary>
public enum Color
{
    Red,
    Green,
    Blue,
}
