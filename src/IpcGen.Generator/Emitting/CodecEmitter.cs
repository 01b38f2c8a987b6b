using IpcGen.Generator.Model;

namespace IpcGen.Generator.Emitting;

/// <summary>Builds the expressions that encode and decode one value. Collection elements are written by static
/// lambdas whose parameter names carry the nesting depth, so nested lambdas never shadow each other.</summary>
internal static class CodecEmitter
{
    private const string NoLimit = "int.MaxValue";

    /// <summary>Returns an expression statement body that writes <paramref name="value"/>.</summary>
    public static string Write(TypeModel type, string value, int maxLength, int maxAttachments, string name,
        int depth = 0)
    {
        var writer = Var("writer", depth);
        var attachments = Var("attachments", depth);
        var limit = Limit(maxLength);
        var attachmentLimit = $"maxAttachments: {maxAttachments}";
        if (type.IsNullable)
        {
            var helper = type.IsValueType ? "WriteNullableValue" : "WriteNullable";
            var inner = type with { Name = type.NonNullableName, IsNullable = false };
            return $"{Names.Codec}.{helper}<{type.NonNullableName}>(ref {writer}, {value}, {attachments}," +
                WriterLambda(inner, maxLength, maxAttachments, name, depth + 1) + ")";
        }

        return type.Kind switch
        {
            ValueKind.Decimal => $"{Names.Codec}.WriteDecimal(ref {writer}, {value})",
            ValueKind.DateTime => $"{Names.Codec}.WriteDateTime(ref {writer}, {value})",
            ValueKind.DateTimeOffset => $"{Names.Codec}.WriteDateTimeOffset(ref {writer}, {value})",
            ValueKind.TimeSpan => $"{Names.Codec}.WriteTimeSpan(ref {writer}, {value})",
            ValueKind.Guid => $"{Names.Codec}.WriteGuid(ref {writer}, {value})",
            ValueKind.String => $"{Names.Codec}.WriteString(ref {writer}, {value}, {limit}, \"{name}\")",
            ValueKind.ByteArray => $"{Names.Codec}.WriteBytes(ref {writer}, {value}, {limit}, \"{name}\")",
            ValueKind.ReadOnlyMemoryOfByte => $"{Names.Codec}.WriteMemory(ref {writer}, {value}, {limit}, \"{name}\")",
            ValueKind.Enum => $"{writer}.Write(({type.Enum!.UnderlyingName}){CheckEnumToSend(type, value, name)})",
            ValueKind.Array or ValueKind.List or ValueKind.ReadOnlyList =>
                $"{Names.Codec}.WriteList<{type.Arguments[0].Name}>(ref {writer}, {value}, {attachments}, {limit}, " +
                $"\"{name}\"," + WriterLambda(type.Arguments[0], 0, maxAttachments, name + "[]", depth + 1) + ")",
            ValueKind.Dictionary or ValueKind.ReadOnlyDictionary =>
                $"{Names.Codec}.WriteDictionary<{type.Arguments[0].Name}, {type.Arguments[1].Name}>(ref {writer}, " +
                $"{value}, {attachments}, {limit}, \"{name}\"," +
                WriterLambda(type.Arguments[0], 0, maxAttachments, name + ".Key", depth + 1) + "," +
                WriterLambda(type.Arguments[1], 0, maxAttachments, name + ".Value", depth + 1) + ")",
            ValueKind.Attachment =>
                $"{Names.Codec}.WriteAttachment(ref {writer}, {attachments}, {value}, {attachmentLimit}, \"{name}\")",
            ValueKind.TransportHandle =>
                $"{Names.Codec}.WriteTransportHandle(ref {writer}, {attachments}, {value}, {attachmentLimit}, " +
                $"\"{name}\")",
            ValueKind.MessagePackObject => $"{Names.Codec}.WriteObject<{type.Name}>(ref {writer}, {value}, \"{name}\")",
            _ => $"{writer}.Write({value})",
        };
    }

    /// <summary>Returns an expression that reads a value of <paramref name="type"/>.</summary>
    public static string Read(TypeModel type, int maxLength, string name, int depth = 0)
    {
        var reader = Var("reader", depth);
        var attachments = Var("attachments", depth);
        var limit = Limit(maxLength);
        if (type.IsNullable)
        {
            var helper = type.IsValueType ? "ReadNullableValue" : "ReadNullable";
            var inner = type with { Name = type.NonNullableName, IsNullable = false };
            return $"{Names.Codec}.{helper}<{type.NonNullableName}>(ref {reader}, {attachments}, \"{name}\"," +
                ReaderLambda(inner, maxLength, name, depth + 1) + ")";
        }

        return type.Kind switch
        {
            ValueKind.String => $"{Names.Codec}.ReadString(ref {reader}, {limit}, \"{name}\")",
            ValueKind.ByteArray => $"{Names.Codec}.ReadBytes(ref {reader}, {limit}, \"{name}\")",
            ValueKind.ReadOnlyMemoryOfByte => $"{Names.Codec}.ReadMemory(ref {reader}, {limit}, \"{name}\")",
            ValueKind.Enum => ReadEnum(type, name, reader),
            ValueKind.Array or ValueKind.ReadOnlyList => ReadCollection("ReadArray", type, limit, name, depth),
            ValueKind.List => ReadCollection("ReadList", type, limit, name, depth),
            ValueKind.Dictionary or ValueKind.ReadOnlyDictionary =>
                $"{Names.Codec}.ReadDictionary<{type.Arguments[0].Name}, {type.Arguments[1].Name}>(ref {reader}, " +
                $"{attachments}, {limit}, \"{name}\"," +
                ReaderLambda(type.Arguments[0], 0, name + ".Key", depth + 1) + "," +
                ReaderLambda(type.Arguments[1], 0, name + ".Value", depth + 1) + ")",
            ValueKind.Attachment => $"{Names.Codec}.ReadAttachment(ref {reader}, {attachments}, \"{name}\")",
            ValueKind.TransportHandle => $"{Names.Codec}.ReadTransportHandle(ref {reader}, {attachments}, \"{name}\")",
            ValueKind.MessagePackObject => $"{Names.Codec}.ReadObject<{type.Name}>(ref {reader}, \"{name}\")",
            _ => $"{Names.Codec}.Read{type.Kind}(ref {reader}, \"{name}\")",
        };
    }

    private static string ReadEnum(TypeModel type, string name, string reader)
    {
        var raw = $"({type.Name}){Names.Codec}.Read{type.Enum!.UnderlyingKind}(ref {reader}, \"{name}\")";
        return type.Enum.IsFlags
            ? $"{Names.Codec}.CheckFlags({raw}, 0x{type.Enum.DefinedBits:X}UL, \"{name}\")"
            : $"{Names.Codec}.CheckEnum({raw}, \"{name}\")";
    }

    private static string CheckEnumToSend(TypeModel type, string value, string name) => type.Enum!.IsFlags
        ? $"{Names.Codec}.CheckFlagsToSend({value}, 0x{type.Enum.DefinedBits:X}UL, \"{name}\")"
        : $"{Names.Codec}.CheckEnumToSend({value}, \"{name}\")";

    private static string ReadCollection(string helper, TypeModel type, string limit, string name, int depth) =>
        $"{Names.Codec}.{helper}<{type.Arguments[0].Name}>(ref {Var("reader", depth)}, {Var("attachments", depth)}, " +
        $"{limit}, \"{name}\"," + ReaderLambda(type.Arguments[0], 0, name + "[]", depth + 1) + ")";

    // Each lambda starts on its own line, indented two levels per nesting depth, with its body one level deeper.
    private static string WriterLambda(TypeModel type, int maxLength, int maxAttachments, string name, int depth) =>
        $"\n{Indent(depth)}static (ref {Names.Writer} {Var("writer", depth)}, {type.Name} {Var("item", depth)}, " +
        $"{Names.AttachmentWriter} {Var("attachments", depth)}) =>\n{Indent(depth)}    " +
        Write(type, Var("item", depth), maxLength, maxAttachments, name, depth);

    private static string ReaderLambda(TypeModel type, int maxLength, string name, int depth) =>
        $"\n{Indent(depth)}static (ref {Names.Reader} {Var("reader", depth)}, " +
        $"{Names.AttachmentReader} {Var("attachments", depth)}) =>\n{Indent(depth)}    " +
        Read(type, maxLength, name, depth);

    private static string Indent(int depth) => new(' ', ((2 * depth) - 1) * 4);

    private static string Var(string name, int depth) => depth == 0 ? name : name + depth;

    // Named, so that a reader of the generated code can tell which number is the limit.
    private static string Limit(int maxLength) => "maxLength: " + (maxLength > 0 ? maxLength.ToString() : NoLimit);
}
