using BenchmarkDotNet.Running;

namespace IpcGen.Benchmarks.Micro;

/// <summary>Runs the BenchmarkDotNet micro-benchmarks; pass BenchmarkDotNet arguments such as
/// <c>--job short</c>.</summary>
internal static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
