namespace IpcGen.Generator;

/// <summary>Names of the pipeline steps, which tests use to check what was served from the cache.</summary>
public static class TrackingNames
{
    /// <summary>Analysis of each endpoint interface (model, diagnostics and identity).</summary>
    public const string Analysis = "Analysis";

    /// <summary>The model each endpoint's source is emitted from.</summary>
    public const string Model = "Model";

    /// <summary>Diagnostics of each endpoint.</summary>
    public const string Diagnostics = "Diagnostics";

    /// <summary>Diagnostics for endpoints that share a magic number.</summary>
    public const string DuplicateMagics = "DuplicateMagics";
}
