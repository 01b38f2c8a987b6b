using System.Runtime.InteropServices;

namespace IpcGen.Unix.Tests.Interop;

/// <summary>libc calls only the tests make.</summary>
internal static partial class TestLibc
{
    /// <summary>Makes <paramref name="target"/> refer to the open file of <paramref name="source"/>, closing what it
    /// referred to before.</summary>
    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int source, int target);
}
