using System.Linq;
using System.Text;
using IpcGen.Generator.Model;

namespace IpcGen.Generator.Parsing;

/// <summary>Builds the canonical text of an endpoint's shape, whose hash two peers compare at connect time.
/// </summary>
/// <remarks>One line per message, in id order: name, id, kind, parameter types with their limits, and the result
/// type. Parameter names and declaration order are left out because changing them does not change the wire format.
/// </remarks>
internal static class ShapeText
{
    public static string Build(string metadataName, int maxPayloadBytes, int maxAttachments,
        EquatableArray<MessageModel> messages)
    {
        var text = new StringBuilder();
        text.Append("endpoint ").Append(metadataName).Append(" payload ").Append(maxPayloadBytes)
            .Append(" attachments ").Append(maxAttachments).Append('\n');
        foreach (var message in messages.OrderBy(m => m.Id))
        {
            text.Append(message.MethodName.TrimStart('@')).Append(' ').Append(message.Id.ToString("X8")).Append(' ')
                .Append(message.Kind).Append(" (");
            for (var i = 0; i < message.Parameters.Count; i++)
            {
                var parameter = message.Parameters[i];
                text.Append(i == 0 ? string.Empty : ", ").Append(parameter.Type.Name);
                AppendMaxLength(text, parameter.MaxLength);
            }

            text.Append(") -> ").Append(message.Result?.Name ?? "none");
            AppendMaxLength(text, message.ResultMaxLength);
            text.Append('\n');
        }

        return text.ToString();
    }

    private static void AppendMaxLength(StringBuilder text, int maxLength)
    {
        if (maxLength > 0)
        {
            text.Append(" max ").Append(maxLength);
        }
    }
}
