using System.Linq;
using IpcGen.Generator.Model;

namespace IpcGen.Generator.Emitting;

/// <summary>Emits the statements that dispose every attachment and transport handle inside a value, walking
/// arrays, lists and dictionaries.</summary>
internal static class AttachmentDisposal
{
    /// <summary>Returns whether a value of the type can hold an attachment or a transport handle.</summary>
    public static bool Contains(TypeModel type) =>
        type.Kind is ValueKind.Attachment or ValueKind.TransportHandle || type.Arguments.Any(Contains);

    /// <summary>Emits statements that dispose what <paramref name="expression"/> holds; <paramref name="depth"/>
    /// keeps the loop variables of nested collections apart.</summary>
    public static void Emit(CodeWriter code, TypeModel type, string expression, int depth)
    {
        switch (type.Kind)
        {
            case ValueKind.Attachment:
            case ValueKind.TransportHandle:
                code.Line($"{expression}?.Dispose();");
                break;
            case ValueKind.Dictionary:
            case ValueKind.ReadOnlyDictionary:
                EmitLoop(code, expression, depth, item =>
                {
                    EmitIfContains(code, type.Arguments[0], $"{item}.Key", depth + 1);
                    EmitIfContains(code, type.Arguments[1], $"{item}.Value", depth + 1);
                });
                break;
            default:
                EmitLoop(code, expression, depth, item => EmitIfContains(code, type.Arguments[0], item, depth + 1));
                break;
        }
    }

    private static void EmitIfContains(CodeWriter code, TypeModel type, string expression, int depth)
    {
        if (Contains(type))
        {
            Emit(code, type, expression, depth);
        }
    }

    private static void EmitLoop(CodeWriter code, string expression, int depth, System.Action<string> body)
    {
        string item = $"item{depth}";
        code.Open($"if ({expression} is not null)");
        code.Open($"foreach (var {item} in {expression})");
        body(item);
        code.Close();
        code.Close();
    }
}
