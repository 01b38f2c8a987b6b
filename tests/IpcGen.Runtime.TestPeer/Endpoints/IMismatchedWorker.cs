namespace IpcGen.Runtime.TestPeer;

/// <summary>
/// An endpoint that claims to be <see cref="ITestWorker"/> (same name, magic and message ids) with a different
/// shape hash, for the hello mismatch tests. The generator cannot produce that, so its descriptor, proxy, stub
/// and messages are written by hand in the shape of generated code.
/// </summary>
public interface IMismatchedWorker : IIpcEndpoint<IMismatchedWorker>
{
    static EndpointDescriptor<IMismatchedWorker> IIpcEndpoint<IMismatchedWorker>.Descriptor =>
        MismatchedWorkerDescriptor.Instance;

    /// <summary>Returns <c>a + b</c>.</summary>
    int Add(int a, int b);
}
