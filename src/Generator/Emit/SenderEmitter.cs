using System.Collections.Generic;
using System.Linq;
using ZeroContracts.Generator.Model;

namespace ZeroContracts.Generator.Emit;

/// <summary>
/// Writes the sending side of a one-way contract: <c>{Name}Publisher</c> over a <c>PubSubPublisher</c> or
/// <c>{Name}Pusher</c> over a <c>PipelinePusher</c>. Both implement the contract; each method fills a message and sends it.
/// </summary>
internal static class SenderEmitter
{
    public static string Emit(MessageContractModel contract)
    {
        var pubSub = contract.Pattern == MessagePattern.PubSub;
        var className = contract.BaseName + (pubSub ? "Publisher" : "Pusher");
        var reserved = new HashSet<string>(MessageEmitter.ObjectMembers)
        {
            className, "_sender", "Endpoint", "Statistics", "Dispose", "DisposeAsync",
            pubSub ? "SubscriberCount" : "WorkerCount",
            pubSub ? "WaitForSubscribersAsync" : "WaitForWorkersAsync",
        };
        var methodNames = new HashSet<string>(contract.Messages.Select(static m => m.MethodName));

        var writer = new SourceWriter();
        MessageEmitter.WriteFileStart(writer, contract);
        var summary = pubSub
            ? $"Publishes the messages of <see cref=\"{contract.TypeName}\"/> over ZeroMQ (an XPUB socket); safe to share between threads."
            : $"Pushes the messages of <see cref=\"{contract.TypeName}\"/> to workers over ZeroMQ (a PUSH socket); safe to share between threads.";
        writer.WriteLine($$"""
            /// <summary>{{summary}}</summary>
            {{Emitter.GeneratedCodeAttribute}}
            {{MessageEmitter.Accessibility(contract)}} sealed partial class {{className}} : {{contract.TypeName}}, global::System.IDisposable, global::System.IAsyncDisposable
            """);
        writer.OpenBlock();

        var names = contract.Messages.IsEmpty
            ? "global::System.Array.Empty<string>()"
            : "new[] { " + string.Join(", ", contract.Messages.Select(static m => $"\"{m.WireName}\"")) + " }";
        if (pubSub)
        {
            writer.WriteLine($$"""
                private readonly global::ZeroContracts.PubSub.PubSubPublisher _sender;

                /// <summary>Binds to <paramref name="endpoint"/> (a leading '>' connects instead) and starts publishing.</summary>
                public {{className}}(string endpoint, global::ZeroContracts.PublisherOptions? options = null)
                {
                    _sender = new global::ZeroContracts.PubSub.PubSubPublisher(endpoint, {{MessageEmitter.Framing(contract)}}, {{names}}, options);
                }

                /// <summary>The bound endpoints, with real port numbers.</summary>
                public string Endpoint => _sender.Endpoint;

                /// <summary>The subscribers known now: each ZeroContracts subscriber, and each plain peer subscribed to every message.</summary>
                public int SubscriberCount => _sender.SubscriberCount;

                /// <summary>Messages published and dropped so far.</summary>
                public global::ZeroContracts.PublisherStatistics Statistics => _sender.Statistics;

                /// <summary>
                /// Waits until <paramref name="count"/> subscribers have subscribed, so that what is published next reaches them
                /// (ZeroMQ's slow-joiner problem); false when <paramref name="timeout"/> passes first.
                /// </summary>
                public global::System.Threading.Tasks.Task<bool> WaitForSubscribersAsync(int count, global::System.TimeSpan timeout) => _sender.WaitForSubscribersAsync(count, timeout);
                """);
        }
        else
        {
            writer.WriteLine($$"""
                private readonly global::ZeroContracts.Pipeline.PipelinePusher _sender;

                /// <summary>Binds to <paramref name="endpoint"/> (a leading '>' connects instead).</summary>
                public {{className}}(string endpoint, global::ZeroContracts.PusherOptions? options = null)
                {
                    _sender = new global::ZeroContracts.Pipeline.PipelinePusher(endpoint, {{MessageEmitter.Framing(contract)}}, {{names}}, options);
                }

                /// <summary>The bound endpoints, with real port numbers.</summary>
                public string Endpoint => _sender.Endpoint;

                /// <summary>The workers connected now over tcp or ipc.</summary>
                public int WorkerCount => _sender.WorkerCount;

                /// <summary>
                /// Waits until <paramref name="count"/> workers are connected, so that work is shared fairly from the first
                /// message; false when <paramref name="timeout"/> passes first. Only tcp and ipc connections are seen.
                /// </summary>
                public global::System.Threading.Tasks.Task<bool> WaitForWorkersAsync(int count, global::System.TimeSpan timeout) => _sender.WaitForWorkersAsync(count, timeout);
                """);
        }

        for (var i = 0; i < contract.Messages.Count; i++)
        {
            var message = contract.Messages[i];
            var isExplicit = reserved.Contains(message.MethodName);
            writer.WriteLine();
            WriteMethod(writer, contract, message, i, isExplicit, asyncName: null);
            var asyncName = message.MethodName + "Async";
            if (!pubSub && !isExplicit && !methodNames.Contains(asyncName) && !reserved.Contains(asyncName))
            {
                writer.WriteLine();
                WriteMethod(writer, contract, message, i, isExplicit: false, asyncName);
            }
        }

        foreach (var member in contract.InvalidMembers)
        {
            writer.WriteLine();
            Emitter.WriteInvalidMember(writer, member);
        }

        writer.WriteLine();
        writer.WriteLine(pubSub
            ? """
                /// <summary>Closes the socket at once; messages not yet sent are dropped.</summary>
                public void Dispose() => _sender.Dispose();
                """
            : """
                /// <summary>Closes the socket at once; messages no worker has taken yet are dropped, and blocked calls fail.</summary>
                public void Dispose() => _sender.Dispose();
                """);
        writer.WriteLine("""

            /// <inheritdoc cref="Dispose"/>
            public global::System.Threading.Tasks.ValueTask DisposeAsync() => _sender.DisposeAsync();
            """);
        writer.CloseBlock();
        MessageEmitter.WriteFileEnd(writer, contract);
        return writer.ToString();
    }

    // public void Reading(string city, global::Acme.TemperatureReading reading)
    // {
    //     var message = _sender.CreateMessage(0);
    //     message.WriteKey(city);
    //     message.WriteBody(reading);            // or message.WriteArgument("name", value) for several
    //     _sender.Publish(message);              // Push(message) / return _sender.PushAsync(message, ct) on a pusher
    // }
    private static void WriteMethod(SourceWriter writer, MessageContractModel contract, MessageModel message, int index, bool isExplicit, string? asyncName)
    {
        var taken = new HashSet<string>(message.Parameters.Select(static p => p.Name));
        var local = Identifiers.Unique("message", taken);
        var token = asyncName is null ? null : Identifiers.Unique("cancellationToken", taken);
        var sender = taken.Contains("_sender") ? "this._sender" : "_sender";

        // Default values have no effect on an explicit implementation (CS1066), so it declares none.
        var parameters = message.Parameters.Select(p =>
            $"{p.Type} {Identifiers.Escape(p.Name)}{(p.DefaultValue is null || isExplicit ? "" : " = " + p.DefaultValue)}").ToList();
        if (token is not null) parameters.Add($"global::System.Threading.CancellationToken {token} = default");

        if (asyncName is not null)
        {
            writer.WriteLine($$"""
                /// <summary>
                /// Pushes a '{{message.WireName}}' message like <c>{{message.MethodName}}</c>, but waits asynchronously while
                /// every worker is busy; the returned task fails with <see cref="global::System.TimeoutException"/> after
                /// <c>PusherOptions.SendTimeout</c>, and is cancelled by <paramref name="{{token}}"/>, the message then not being sent.
                /// </summary>
                public global::System.Threading.Tasks.Task {{asyncName}}({{string.Join(", ", parameters)}})
                """);
        }
        else if (isExplicit)
        {
            writer.WriteLine("/// <inheritdoc/>");
            writer.WriteLine($"void {message.DeclaringType}.{Identifiers.Escape(message.MethodName)}({string.Join(", ", parameters)})");
        }
        else
        {
            writer.WriteLine("/// <inheritdoc/>");
            writer.WriteLine($"public void {Identifiers.Escape(message.MethodName)}({string.Join(", ", parameters)})");
        }

        writer.OpenBlock();
        writer.WriteLine($"var {local} = {sender}.CreateMessage({index});");
        if (message.KeyParameter is not null) writer.WriteLine($"{local}.WriteKey({Identifiers.Escape(message.KeyParameter)});");

        var body = MessageEmitter.BodyParameters(message);
        if (body.Count == 1)
        {
            writer.WriteLine($"{local}.WriteBody({Identifiers.Escape(body[0].Name)});");
        }
        else
        {
            foreach (var parameter in body) writer.WriteLine($"{local}.WriteArgument(\"{parameter.Name}\", {Identifiers.Escape(parameter.Name)});");
        }

        if (contract.Pattern == MessagePattern.PubSub) writer.WriteLine($"{sender}.Publish({local});");
        else if (asyncName is null) writer.WriteLine($"{sender}.Push({local});");
        else writer.WriteLine($"return {sender}.PushAsync({local}, {token});");
        writer.CloseBlock();
    }
}
