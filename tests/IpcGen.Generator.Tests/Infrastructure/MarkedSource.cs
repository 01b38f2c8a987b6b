using Microsoft.CodeAnalysis.Text;

namespace IpcGen.Generator.Tests.Infrastructure;

/// <summary>Source text with one span marked as <c>[|...|]</c>, which a diagnostic is expected to cover.</summary>
internal sealed record MarkedSource(string Text, TextSpan Span)
{
    public static MarkedSource Parse(string marked)
    {
        var start = marked.IndexOf("[|", StringComparison.Ordinal);
        var end = marked.IndexOf("|]", start + 2, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "The source has no [| marker.");
        Assert.That(end, Is.GreaterThan(start), "The source has no |] marker.");
        var text = marked[..start] + marked[(start + 2)..end] + marked[(end + 2)..];
        return new MarkedSource(text, TextSpan.FromBounds(start, end - 2));
    }
}
