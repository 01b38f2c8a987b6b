namespace IpcGen.Hostile.Tests.Cases;

/// <summary>Collects the cases of one family.</summary>
internal sealed class CaseList
{
    private readonly List<HostileCase> _cases = new();

    public CaseList(string family)
    {
        Family = family;
    }

    public string Family { get; }

    public IReadOnlyList<HostileCase> Cases => _cases;

    /// <summary>Adds a case whose script writes <paramref name="bytes"/> to the echo endpoint.</summary>
    public void Bytes(string name, Ending ending, byte[] bytes) =>
        Add(name, ending, (client, _) => client.Write(bytes));

    /// <summary>Adds a case that sends a valid hello and then <paramref name="bytes"/>.</summary>
    public void AfterHello(string name, Ending ending, byte[] bytes, Target target = Target.Echo) =>
        Add(name, ending, (client, _) => client.Write(Wire.Concat(Wire.HelloFrame(target), bytes)), target);

    /// <summary>Adds a case with its own script.</summary>
    public void Add(string name, Ending ending, Action<RawClient, ServerProcess> script, Target target = Target.Echo) =>
        _cases.Add(new HostileCase(Family, name, target, ending, script));
}
