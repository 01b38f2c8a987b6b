using IpcGen.Generator.Tests.Endpoints;

namespace IpcGen.Generator.Tests.Infrastructure;

/// <summary>A calculator that records each call.</summary>
internal sealed class RecordingCalculator : ICalculator
{
    public List<string> Calls { get; } = [];

    public CancellationToken LastToken { get; private set; }

    public void Notify(string text) => Calls.Add($"Notify {text}");

    public int Add(int a, int b)
    {
        Calls.Add("Add");
        return a + b;
    }

    public void Reset() => Calls.Add("Reset");

    public Task<long> SumAsync(int[] values, CancellationToken cancellationToken)
    {
        Calls.Add("Sum");
        LastToken = cancellationToken;
        return Task.FromResult(values.Sum(v => (long)v));
    }

    public async Task FlushAsync()
    {
        await Task.Yield();
        Calls.Add("Flush");
    }
}
