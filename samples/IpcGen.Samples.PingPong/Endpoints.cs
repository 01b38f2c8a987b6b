namespace IpcGen.Samples.PingPong;

/// <summary>Endpoint of the parent process.</summary>
[IpcEndpoint]
public partial interface ILeft
{
    /// <summary>Answers a ping from the right side by pinging back until <paramref name="remaining"/> is zero;
    /// returns the depth reached.</summary>
    int Pong(int remaining);

    /// <summary>Counts one synchronous call made while both sides call each other.</summary>
    int Tick(int value);
}

/// <summary>Endpoint of the child process.</summary>
[IpcEndpoint]
public partial interface IRight
{
    /// <summary>Answers a ping from the left side by ponging back until <paramref name="remaining"/> is zero;
    /// returns the depth reached.</summary>
    int Ping(int remaining);

    /// <summary>Counts one synchronous call made while both sides call each other.</summary>
    int Tick(int value);

    /// <summary>Starts <paramref name="count"/> synchronous calls to the left side, at the same time as the left
    /// side calls this side; completes when they are done.</summary>
    Task<int> CallBackAsync(int count);
}
