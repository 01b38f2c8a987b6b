namespace IpcGen.Hostile.Tests.Cases;

/// <summary>Every hostile case, by unique id.</summary>
internal static class HostileCases
{
    private static readonly Lazy<IReadOnlyList<CaseList>> s_families = new(() =>
        [.. FramingCases.All(), .. DescriptorCases.All(), .. ConnectionCases.All(), .. DecoderCases.All()]);

    private static readonly Lazy<Dictionary<string, HostileCase>> s_byId = new(() =>
        s_families.Value.SelectMany(family => family.Cases).ToDictionary(hostile => hostile.Id));

    /// <summary>The case families, each with its cases.</summary>
    public static IReadOnlyList<CaseList> Families => s_families.Value;

    /// <summary>Every case, by <see cref="HostileCase.Id"/>.</summary>
    public static IReadOnlyDictionary<string, HostileCase> ById => s_byId.Value;
}
