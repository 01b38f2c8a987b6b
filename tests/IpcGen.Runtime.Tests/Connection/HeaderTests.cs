namespace IpcGen.Runtime.Tests.Connection;

[TestFixture]
public sealed class HeaderTests
{
    [Test]
    public void Header_LittleEndianLayout()
    {
        var bytes = new byte[ConnectionHeader.Size];

        new ConnectionHeader(0x01020304, 5, 6, MessageFlags.SyncRequest).Write(bytes);

        Assert.That(bytes, Is.EqualTo(new byte[] { 4, 3, 2, 1, 5, 0, 0, 0, 6, 0, 0, 0, 1, 0, 0, 0 }));
    }

    [Test]
    public void Header_RoundTrips()
    {
        var header = new ConnectionHeader(0xDEADBEEF, 7, 8, MessageFlags.Response | MessageFlags.ErrorResponse);
        var bytes = new byte[ConnectionHeader.Size];
        header.Write(bytes);

        Assert.That(ConnectionHeader.Read(bytes), Is.EqualTo(header));
    }

    [Test]
    public void Header_ShortPayload_Throws()
    {
        Assert.Throws<IpcProtocolException>(() => ConnectionHeader.Read(new byte[15]));
    }
}
