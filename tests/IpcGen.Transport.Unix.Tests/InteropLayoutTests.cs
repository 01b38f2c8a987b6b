using System.Runtime.CompilerServices;
using IpcGen.Unix.Interop;

namespace IpcGen.Unix.Tests;

/// <summary>Pins the native layouts to the sizes in the C headers for 64-bit Linux (glibc and musl) and macOS.
/// </summary>
public sealed class InteropLayoutTests
{
    [Test]
    public void LinuxMessageHeader_Is56Bytes() => Assert.That(Unsafe.SizeOf<LinuxMessageHeader>(), Is.EqualTo(56));

    [Test]
    public void DarwinMessageHeader_Is48Bytes() => Assert.That(Unsafe.SizeOf<DarwinMessageHeader>(), Is.EqualTo(48));

    [Test]
    public void IoVector_Is16Bytes() => Assert.That(Unsafe.SizeOf<IoVector>(), Is.EqualTo(16));

    [Test]
    public void PollDescriptor_Is8Bytes() => Assert.That(Unsafe.SizeOf<PollDescriptor>(), Is.EqualTo(8));

    [Test]
    public void ControlSpace_MatchesLinuxMacro()
    {
        Assume.That(OperatingSystem.IsLinux(), Is.True);

        // CMSG_SPACE(n * sizeof(int)) on 64-bit Linux: a 16-byte cmsghdr plus the data rounded up to 8 bytes.
        Assert.That(ControlMessages.Space(1), Is.EqualTo(24));
        Assert.That(ControlMessages.Space(2), Is.EqualTo(24));
        Assert.That(ControlMessages.Space(3), Is.EqualTo(32));
    }

    [Test]
    public void ControlRights_RoundTrip()
    {
        Span<byte> control = stackalloc byte[ControlMessages.Space(3)];
        Span<int> read = stackalloc int[3];

        int length = ControlMessages.WriteRights(control, [7, 8, 9]);
        int count = ControlMessages.ReadRights(control[..length], read);

        Assert.That(count, Is.EqualTo(3));
        Assert.That(read.ToArray(), Is.EqualTo(new[] { 7, 8, 9 }));
    }

    [Test]
    public void FrameHeader_RoundTrip()
    {
        Span<byte> bytes = stackalloc byte[FrameHeader.Size];

        FrameHeader.Write(bytes, 0x01020304, 0x0506, FrameType.DescriptorAcknowledgement);

        Assert.That(bytes.ToArray(), Is.EqualTo(new byte[] { 4, 3, 2, 1, 6, 5, 1, 0 }));
        Assert.That(FrameHeader.Read(bytes), Is.EqualTo(new FrameHeader(0x01020304, 0x0506, 1, 0)));
    }
}
