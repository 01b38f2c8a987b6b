namespace IpcGen;

/// <summary>Sets the id of an endpoint method's message instead of the hash of the method name. The id must be
/// between 0 and 2^31 - 1 and unique within the endpoint. The response id is the same id with the top bit set.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class MessageIdAttribute : Attribute
{
    /// <summary>Creates the attribute with the message id.</summary>
    public MessageIdAttribute(int id) => Id = id;

    /// <summary>Id of the request message.</summary>
    public int Id { get; }
}
