namespace IpcGen.Hostile.Tests.Cases;

/// <summary>How a hostile connection must end.</summary>
internal enum Ending
{
    /// <summary>The server closes the connection on its own, while the client keeps its end open.</summary>
    ClosedByServer,

    /// <summary>The server may wait for more bytes (a stalled frame, stray descriptors), but once the client shuts
    /// down its sending direction the server must close.</summary>
    ClosedAfterEndOfStream,

    /// <summary>A slow client: the server keeps the connection open and serves other clients meanwhile; the client
    /// then closes abruptly.</summary>
    KeptOpen,

    /// <summary>The client closes its socket abruptly after the script, so no end of stream can be read; the
    /// descriptor check proves that the server closed its side.</summary>
    ClosedByClient,
}
