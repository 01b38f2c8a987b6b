using System.Runtime.CompilerServices;
using MessagePack;

namespace IpcGen.Serialization;

public static partial class IpcCodec
{
    /// <summary>Writes a <c>[MessagePackObject]</c> value with <see cref="ObjectOptions"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public static void WriteObject<T>(ref MessagePackWriter writer, T value, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }

        MessagePackSerializer.Serialize(ref writer, value, ObjectOptions);
    }

    /// <summary>Reads a non-null <c>[MessagePackObject]</c> value with <see cref="ObjectOptions"/>.</summary>
    public static T ReadObject<T>(ref MessagePackReader reader, string name)
    {
        T value;
        try
        {
            value = MessagePackSerializer.Deserialize<T>(ref reader, ObjectOptions);
        }
        catch (Exception exception) when (IsMalformedData(exception))
        {
            throw Malformed(name, exception);
        }

        return value ?? throw NullNotAllowed(name);
    }

    /// <summary>Returns <paramref name="value"/> if the enum defines it; rejects it otherwise.</summary>
    public static TEnum CheckEnum<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new IpcProtocolException(
                $"Invalid value for {name}: {value} is not a defined value of {typeof(TEnum).Name}.");
        }

        return value;
    }

    /// <summary>Returns a flags value if it sets no bit outside <paramref name="definedBits"/> (the bits of all
    /// defined values, zero-extended from the underlying type); rejects it otherwise.</summary>
    public static TEnum CheckFlags<TEnum>(TEnum value, ulong definedBits, string name)
        where TEnum : struct, Enum
    {
        var bits = FlagBits(value);
        if ((bits & ~definedBits) != 0)
        {
            throw new IpcProtocolException(
                $"Invalid value for {name}: 0x{bits:X} sets bits outside the flags of {typeof(TEnum).Name} " +
                $"(0x{definedBits:X}).");
        }

        return value;
    }

    /// <summary>Returns an enum value to send if the enum defines it, because the peer's decoder rejects any other.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The enum does not define the value.</exception>
    public static TEnum CheckEnumToSend<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value,
                $"Cannot send {name}: {value} is not a defined value of {typeof(TEnum).Name}, so the peer would " +
                "reject the message.");
        }

        return value;
    }

    /// <summary>Returns a flags value to send if it sets no bit outside <paramref name="definedBits"/>, because the
    /// peer's decoder rejects any other.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value sets a bit that no defined value has.</exception>
    public static TEnum CheckFlagsToSend<TEnum>(TEnum value, ulong definedBits, string name)
        where TEnum : struct, Enum
    {
        var bits = FlagBits(value);
        if ((bits & ~definedBits) != 0)
        {
            throw new ArgumentOutOfRangeException(name, value,
                $"Cannot send {name}: 0x{bits:X} sets bits outside the flags of {typeof(TEnum).Name} " +
                $"(0x{definedBits:X}), so the peer would reject the message.");
        }

        return value;
    }

    private static ulong FlagBits<TEnum>(TEnum value)
        where TEnum : struct, Enum => Unsafe.SizeOf<TEnum>() switch
        {
            1 => Unsafe.As<TEnum, byte>(ref value),
            2 => Unsafe.As<TEnum, ushort>(ref value),
            4 => Unsafe.As<TEnum, uint>(ref value),
            _ => Unsafe.As<TEnum, ulong>(ref value),
        };
}
