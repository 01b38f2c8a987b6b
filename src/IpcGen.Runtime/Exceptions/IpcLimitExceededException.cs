namespace IpcGen;

/// <summary>A message this process tried to send is over a size or attachment limit. Nothing was sent.</summary>
public sealed class IpcLimitExceededException : IpcException
{
    /// <summary>Creates the exception with a message that names the value and the limit.</summary>
    public IpcLimitExceededException(string message)
        : base(message)
    {
    }
}
