using System.Globalization;

namespace IpcGen.Hostile.Tests.Fuzz;

/// <summary>Size and seed of the fuzz run, from environment variables so that a longer run needs no rebuild.
/// </summary>
internal sealed record FuzzSettings(int Seed, int Start, int Count)
{
    /// <summary>Seed of the run in the test suite.</summary>
    public const int DefaultSeed = 20261204;

    /// <summary>Inputs of the run in the test suite.</summary>
    public const int DefaultCount = 2000;

    /// <summary>Reads IPCGEN_FUZZ_SEED, IPCGEN_FUZZ_START (index of the first input) and IPCGEN_FUZZ_COUNT.
    /// </summary>
    /// <exception cref="FormatException">A variable is set but is not an integer.</exception>
    public static FuzzSettings FromEnvironment() => new(
        Read("IPCGEN_FUZZ_SEED", DefaultSeed),
        Read("IPCGEN_FUZZ_START", 0),
        Read("IPCGEN_FUZZ_COUNT", DefaultCount));

    private static int Read(string name, int fallback)
    {
        string? value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result)
            ? result
            : throw new FormatException($"{name} is '{value}', but it must be an integer.");
    }
}
