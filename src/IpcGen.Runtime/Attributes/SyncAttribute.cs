namespace IpcGen;

/// <summary>Marks a <c>void</c> endpoint method as a synchronous request: the caller blocks until the peer has
/// handled it. Methods that return a value are synchronous without it.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class SyncAttribute : Attribute
{
}
