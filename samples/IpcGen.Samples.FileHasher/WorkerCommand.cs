using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace IpcGen.Samples.FileHasher;

/// <summary>Command line that starts this program again as a worker.</summary>
internal static class WorkerCommand
{
    public static ProcessStartInfo Create(int crashAfter)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown.");
        var startInfo = new ProcessStartInfo(host) { UseShellExecute = false };

        // Under `dotnet app.dll` the process is the dotnet host, which needs the application's path first.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            startInfo.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        startInfo.ArgumentList.Add(Program.WorkerArgument);
        if (crashAfter > 0)
        {
            startInfo.ArgumentList.Add(crashAfter.ToString(CultureInfo.InvariantCulture));
        }

        return startInfo;
    }
}
