namespace IpcGen.Generator.Tests.Endpoints;

/// <summary>Contains an endpoint nested two types deep.</summary>
public static partial class Outer
{
    /// <summary>Contains the endpoint.</summary>
    public partial class Inner
    {
        /// <summary>A nested endpoint.</summary>
        [IpcEndpoint]
        public partial interface INested
        {
            int Echo(int value);
        }
    }
}
