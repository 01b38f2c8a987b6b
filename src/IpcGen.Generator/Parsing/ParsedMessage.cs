using IpcGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace IpcGen.Generator.Parsing;

/// <summary>A parsed method with the location of its name, used only while checking the endpoint and never passed
/// down the pipeline.</summary>
internal sealed record ParsedMessage(MessageModel Model, Location? NameLocation)
{
    public LocationInfo? Location => LocationInfo.From(NameLocation);
}
