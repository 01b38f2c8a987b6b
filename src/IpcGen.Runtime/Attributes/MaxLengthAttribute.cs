namespace IpcGen;

/// <summary>Maximum length of a string (in UTF-16 code units), byte array or collection parameter. The generated
/// encoder throws for a longer value and the generated decoder disconnects a peer that sends one.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue, Inherited = false)]
public sealed class MaxLengthAttribute : Attribute
{
    /// <summary>Creates the attribute with the maximum length.</summary>
    public MaxLengthAttribute(int length) => Length = length;

    /// <summary>Maximum number of elements or UTF-16 code units.</summary>
    public int Length { get; }
}
