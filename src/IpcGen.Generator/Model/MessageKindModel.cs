namespace IpcGen.Generator.Model;

/// <summary>Kind of a request message, as emitted into <c>MessageInfo</c>.</summary>
internal enum MessageKindModel
{
    OneWay,
    SyncRequest,
    AsyncRequest,
}
