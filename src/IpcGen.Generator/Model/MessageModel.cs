namespace IpcGen.Generator.Model;

/// <summary>One method of an endpoint: its request message and, for requests, its response message.</summary>
/// <param name="MethodName">Method name as a C# identifier.</param>
/// <param name="RequestName">Name of the request message class: the method name, with <c>Request</c> appended when
/// a member of every message class or one of the endpoint's generated types has the method's name.</param>
/// <param name="Id">Id of the request message.</param>
/// <param name="Kind">One-way, sync request or async request.</param>
/// <param name="Parameters">Encoded parameters, without the cancellation token.</param>
/// <param name="CancellationTokenName">Name of the trailing cancellation token parameter, or null.</param>
/// <param name="ReturnTypeName">Declared return type, fully qualified (<c>void</c>, a type, or a task type).
/// </param>
/// <param name="Result">Type of the response's <c>Result</c>; null when the response is empty.</param>
/// <param name="ResultMaxLength">Declared <c>[return: MaxLength]</c>, or zero when none.</param>
internal sealed record MessageModel(
    string MethodName,
    string RequestName,
    uint Id,
    MessageKindModel Kind,
    EquatableArray<ParameterModel> Parameters,
    string? CancellationTokenName,
    string ReturnTypeName,
    TypeModel? Result,
    int ResultMaxLength)
{
    /// <summary>Id of the response message: the request id with the top bit set.</summary>
    public uint ResponseId => Id | 0x8000_0000u;

    /// <summary>Name of the response message class.</summary>
    public string ResponseName => MethodName.TrimStart('@') + "Response";

    /// <summary>Whether the method is a request that has a response.</summary>
    public bool HasResponse => Kind != MessageKindModel.OneWay;
}
