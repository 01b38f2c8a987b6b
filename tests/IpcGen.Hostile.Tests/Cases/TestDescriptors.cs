using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Hostile.Tests.Cases;

/// <summary>Descriptors that cases send. The kernel duplicates each entry of an SCM_RIGHTS array, so one open
/// /dev/null sent many times becomes many descriptors in the server.</summary>
internal static class TestDescriptors
{
    private static readonly SafeFileHandle s_devNull = File.OpenHandle("/dev/null");
    private static readonly SafeFileHandle s_devZero = File.OpenHandle("/dev/zero");

    /// <summary>The number of an open /dev/null, <paramref name="count"/> times.</summary>
    public static int[] DevNull(int count) => Enumerable.Repeat((int)s_devNull.DangerousGetHandle(), count).ToArray();

    /// <summary>The number of an open /dev/zero, which never reaches end of file.</summary>
    public static int[] DevZero() => [(int)s_devZero.DangerousGetHandle()];

    /// <summary>The read end of a pipe holding <paramref name="content"/> whose write end the client keeps open, so
    /// the server never reads end of file.</summary>
    public static int[] PipeLeftOpen(RawClient client, byte[] content)
    {
        var pipe = client.Keep(new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None));
        pipe.Write(content);
        return [(int)pipe.ClientSafePipeHandle.DangerousGetHandle()];
    }

    /// <summary>The write-only end of a pipe, which the server cannot read.</summary>
    public static int[] WriteOnlyEnd(RawClient client)
    {
        var pipe = client.Keep(new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None));
        return [(int)pipe.ClientSafePipeHandle.DangerousGetHandle()];
    }

    /// <summary>A pipe read end holding <paramref name="content"/> and then end of file.</summary>
    public static int[] PipeWithContent(RawClient client, byte[] content)
    {
        var pipe = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        // Reading ClientSafePipeHandle makes the caller its owner, so disposing the write end leaves it open.
        var readEnd = client.Keep(pipe.ClientSafePipeHandle);
        pipe.Write(content);
        pipe.Dispose();
        return [(int)readEnd.DangerousGetHandle()];
    }

    /// <summary>A read-only descriptor of an unlinked temporary file holding <paramref name="content"/>.</summary>
    public static int[] FileWithContent(RawClient client, byte[] content)
    {
        string path = Path.GetTempFileName();
        File.WriteAllBytes(path, content);
        var handle = client.Keep(File.OpenHandle(path));
        File.Delete(path);
        return [(int)handle.DangerousGetHandle()];
    }
}
