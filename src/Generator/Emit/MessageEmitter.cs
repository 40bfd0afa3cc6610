using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ZeroContracts.Generator.Model;

namespace ZeroContracts.Generator.Emit;

/// <summary>
/// Writes the two sides of a one-way contract, each to its own file named after the contract's full name:
/// <c>{Name}Publisher</c> and <c>{Name}Subscriber</c> for [PubSub], <c>{Name}Pusher</c> and <c>{Name}Puller</c> for [Pipeline].
/// </summary>
internal static class MessageEmitter
{
    /// <summary>Members every generated class has from <see cref="object"/>; a contract method with one of these names is implemented explicitly.</summary>
    public static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals" };

    public static void Emit(SourceProductionContext context, MessageContractModel? contract)
    {
        if (contract is null) return;

        if (contract.Pattern == MessagePattern.PubSub)
        {
            context.AddSource(contract.FullName + ".Publisher.g.cs", SourceText.From(SenderEmitter.Emit(contract), Encoding.UTF8));
            context.AddSource(contract.FullName + ".Subscriber.g.cs", SourceText.From(SubscriberEmitter.Emit(contract), Encoding.UTF8));
        }
        else
        {
            context.AddSource(contract.FullName + ".Pusher.g.cs", SourceText.From(SenderEmitter.Emit(contract), Encoding.UTF8));
            context.AddSource(contract.FullName + ".Puller.g.cs", SourceText.From(PullerEmitter.Emit(contract), Encoding.UTF8));
        }
    }

    /// <summary>The header, then <c>namespace X</c> and its brace when the contract is not in the global namespace.</summary>
    public static void WriteFileStart(SourceWriter writer, MessageContractModel contract) => Emitter.WriteFileStart(writer, contract.Namespace);

    public static void WriteFileEnd(SourceWriter writer, MessageContractModel contract) => Emitter.WriteFileEnd(writer, contract.Namespace);

    public static string Accessibility(MessageContractModel contract) => Emitter.Accessibility(contract.IsPublic);

    public static string Framing(MessageContractModel contract) => Emitter.Framing(contract.Framing);

    /// <summary>The parameters that travel in the body: all but the topic key.</summary>
    public static List<ParameterModel> BodyParameters(MessageModel message) =>
        message.Parameters.Where(p => p.Name != message.KeyParameter).ToList();

    /// <summary>
    /// The expression that reads parameter <paramref name="parameter"/> from an <c>IncomingMessage</c> named
    /// <paramref name="variable"/>: the key, the whole body, or one member of the body's JSON object.
    /// </summary>
    public static string ReadExpression(MessageModel message, ParameterModel parameter, string variable)
    {
        if (parameter.Name == message.KeyParameter) return $"{variable}.ReadKey<{parameter.Type}>()";
        if (BodyParameters(message).Count == 1) return $"{variable}.ReadBody<{parameter.Type}>()";
        return parameter.DefaultValue is null
            ? $"{variable}.ReadArgument<{parameter.Type}>(\"{parameter.Name}\")"
            : $"{variable}.ReadArgument<{parameter.Type}>(\"{parameter.Name}\", {parameter.DefaultValue})";
    }

    /// <summary><c>static (service, message) => service.Reading(message.ReadKey&lt;string&gt;(), message.ReadBody&lt;T&gt;())</c></summary>
    public static string HandlerLambda(MessageModel message)
    {
        var arguments = string.Join(", ", message.Parameters.Select(p => ReadExpression(message, p, "message")));
        return $"static (service, message) => service.{Identifiers.Escape(message.MethodName)}({arguments})";
    }

    /// <summary>
    /// // private static readonly MessageTable&lt;IFeed&gt; Table =
    /// //     new MessageTable&lt;IFeed&gt;("Acme.IFeed", Framing.Typed)
    /// //         .Add("temp", true, static (service, message) => ...);
    /// </summary>
    public static void WriteTable(SourceWriter writer, MessageContractModel contract)
    {
        var service = contract.TypeName;
        writer.WriteLine($"private static readonly global::ZeroContracts.Messaging.MessageTable<{service}> Table =");
        writer.Indent();
        var table = $"new global::ZeroContracts.Messaging.MessageTable<{service}>(\"{contract.FullName}\", {Framing(contract)})";
        writer.WriteLine(contract.Messages.IsEmpty ? table + ";" : table);
        writer.Indent();
        for (var i = 0; i < contract.Messages.Count; i++)
        {
            var message = contract.Messages[i];
            var end = i == contract.Messages.Count - 1 ? ";" : "";
            var keyed = message.KeyParameter is null ? "false" : "true";
            writer.WriteLine($".Add(\"{message.WireName}\", {keyed}, {HandlerLambda(message)}){end}");
        }

        writer.Unindent();
        writer.Unindent();
    }
}
