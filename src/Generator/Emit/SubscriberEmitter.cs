using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using ZeroContracts.Generator.Model;

namespace ZeroContracts.Generator.Emit;

/// <summary>
/// Writes <c>{Name}Subscriber</c>: a <c>PubSubSubscriber</c> that delivers messages to a handler, typed topic filters
/// in a nested <c>Topics</c> class, and a <c>Stream{Method}Async</c> per method for <c>await foreach</c>.
/// </summary>
internal static class SubscriberEmitter
{
    private static readonly Regex TupleItemName = new("^Item[0-9]+$");

    public static string Emit(MessageContractModel contract)
    {
        var className = contract.BaseName + "Subscriber";
        var service = contract.TypeName;
        var taken = new HashSet<string>(MessageEmitter.ObjectMembers)
        {
            className, "Table", "_subscriber", "Endpoint", "Statistics", "Start", "RunAsync", "Dispose", "DisposeAsync", "Topics",
        };
        var filterNames = Unique(contract.Messages.Select(static m => m.MethodName).ToList(), new HashSet<string>(MessageEmitter.ObjectMembers) { "Topics" });
        var streamNames = filterNames.Select(name => Identifiers.Unique("Stream" + name + "Async", taken)).ToList();

        var writer = new SourceWriter();
        MessageEmitter.WriteFileStart(writer, contract);
        writer.WriteLine($$"""
            /// <summary>Receives the messages of <see cref="{{service}}"/> over ZeroMQ (a SUB socket) and hands them to a handler, one at a time, in order.</summary>
            {{Emitter.GeneratedCodeAttribute}}
            {{MessageEmitter.Accessibility(contract)}} sealed partial class {{className}} : global::System.IDisposable, global::System.IAsyncDisposable
            """);
        writer.OpenBlock();
        MessageEmitter.WriteTable(writer, contract);
        writer.WriteLine();
        writer.WriteLine($$"""
            private readonly global::ZeroContracts.PubSub.PubSubSubscriber<{{service}}> _subscriber;

            /// <summary>Connects to <paramref name="endpoint"/> (a leading '@' binds instead) and subscribes to every topic of the contract; call <see cref="Start"/> or <see cref="RunAsync"/> to receive.</summary>
            public {{className}}({{service}} handler, string endpoint, global::ZeroContracts.SubscriberOptions? options = null)
            {
                _subscriber = new global::ZeroContracts.PubSub.PubSubSubscriber<{{service}}>(handler, endpoint, Table, options, null);
            }

            /// <summary>Connects to <paramref name="endpoint"/> (a leading '@' binds instead) and subscribes to <paramref name="topics"/> only (see <see cref="Topics"/>); call <see cref="Start"/> or <see cref="RunAsync"/> to receive.</summary>
            public {{className}}({{service}} handler, string endpoint, global::ZeroContracts.SubscriberOptions? options, params global::ZeroContracts.TopicFilter[] topics)
            {
                _subscriber = new global::ZeroContracts.PubSub.PubSubSubscriber<{{service}}>(handler, endpoint, Table, options, topics);
            }

            /// <summary>The endpoints the subscriber is attached to.</summary>
            public string Endpoint => _subscriber.Endpoint;

            /// <summary>Messages received, missed (sequence gaps), malformed and failed so far.</summary>
            public global::ZeroContracts.MessageStatistics Statistics => _subscriber.Statistics;

            /// <summary>Starts receiving on background threads.</summary>
            public void Start() => _subscriber.Start();

            /// <summary>Receives until <paramref name="cancellationToken"/> is cancelled, then stops.</summary>
            public global::System.Threading.Tasks.Task RunAsync(global::System.Threading.CancellationToken cancellationToken = default) => _subscriber.RunAsync(cancellationToken);

            /// <summary>Closes the socket at once; a handler call already running finishes on its own.</summary>
            public void Dispose() => _subscriber.Dispose();

            /// <inheritdoc cref="Dispose"/>
            public global::System.Threading.Tasks.ValueTask DisposeAsync() => _subscriber.DisposeAsync();
            """);

        for (var i = 0; i < contract.Messages.Count; i++)
        {
            WriteStream(writer, contract, contract.Messages[i], streamNames[i], filterNames[i]);
        }

        writer.WriteLine();
        WriteTopics(writer, contract, filterNames);
        writer.CloseBlock();
        MessageEmitter.WriteFileEnd(writer, contract);
        return writer.ToString();
    }

    // /// <summary>The topics of IFeed, to pass to the subscriber's constructor.</summary>
    // public static class Topics
    // {
    //     public static TopicFilter Reading() => TopicFilter.For(Table, 0);
    //     public static TopicFilter Reading(string city) => TopicFilter.For(Table, 0, city);
    // }
    private static void WriteTopics(SourceWriter writer, MessageContractModel contract, List<string> filterNames)
    {
        writer.WriteLine($$"""
            /// <summary>The topics of <see cref="{{contract.TypeName}}"/>, to pass to the constructor to receive only some of them.</summary>
            public static class Topics
            """);
        writer.OpenBlock();
        for (var i = 0; i < contract.Messages.Count; i++)
        {
            var message = contract.Messages[i];
            var name = Identifiers.Escape(filterNames[i]);
            if (i > 0) writer.WriteLine();
            writer.WriteLine($$"""
                /// <summary>Every '{{message.WireName}}' message (<c>{{message.MethodName}}</c>).</summary>
                public static global::ZeroContracts.TopicFilter {{name}}() => global::ZeroContracts.TopicFilter.For(Table, {{i}});
                """);
            if (KeyOf(message) is { } key)
            {
                writer.WriteLine($$"""

                    /// <summary>The '{{message.WireName}}' messages whose <c>{{key.Name}}</c> is <paramref name="{{key.Name}}"/>.</summary>
                    public static global::ZeroContracts.TopicFilter {{name}}({{key.Type}} {{Identifiers.Escape(key.Name)}}) => global::ZeroContracts.TopicFilter.For(Table, {{i}}, {{Identifiers.Escape(key.Name)}});
                    """);
            }
        }

        writer.CloseBlock();
    }

    // public static IAsyncEnumerable<(string city, Reading reading)> StreamReadingAsync(string endpoint, SubscriberOptions? options = null, CancellationToken cancellationToken = default) =>
    //     PubSubStream.ReadAsync<(string city, Reading reading)>(Topics.Reading(), endpoint, options, static message => (message.ReadKey<string>(), message.ReadBody<Reading>()), cancellationToken);
    private static void WriteStream(SourceWriter writer, MessageContractModel contract, MessageModel message, string streamName, string filterName)
    {
        if (message.Parameters.IsEmpty) return;

        string element, decode;
        if (message.Parameters.Count == 1)
        {
            element = message.Parameters[0].Type;
            decode = MessageEmitter.ReadExpression(message, message.Parameters[0], "message");
        }
        else
        {
            var named = HasValidTupleNames(message);
            element = "(" + string.Join(", ", message.Parameters.Select(p => named ? $"{p.Type} {Identifiers.Escape(p.Name)}" : p.Type)) + ")";
            decode = "(" + string.Join(", ", message.Parameters.Select(p => MessageEmitter.ReadExpression(message, p, "message"))) + ")";
        }

        var filter = "Topics." + Identifiers.Escape(filterName);
        writer.WriteLine();
        writer.WriteLine($$"""
            /// <summary>
            /// Subscribes to every '{{message.WireName}}' message (<c>{{message.MethodName}}</c>) when enumeration starts and yields each one
            /// until <paramref name="cancellationToken"/> is cancelled or the enumeration ends, which closes the socket.
            /// </summary>
            public static global::System.Collections.Generic.IAsyncEnumerable<{{element}}> {{streamName}}(string endpoint, global::ZeroContracts.SubscriberOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default) =>
                global::ZeroContracts.PubSub.PubSubStream.ReadAsync<{{element}}>({{filter}}(), endpoint, options, static message => {{decode}}, cancellationToken);
            """);

        if (KeyOf(message) is not { } key) return;
        var keyName = key.Name is "endpoint" or "options" or "cancellationToken" ? "key" : key.Name;
        writer.WriteLine();
        writer.WriteLine($$"""
            /// <summary>
            /// Subscribes to the '{{message.WireName}}' messages (<c>{{message.MethodName}}</c>) whose <c>{{key.Name}}</c> is <paramref name="{{keyName}}"/> when
            /// enumeration starts and yields each one until <paramref name="cancellationToken"/> is cancelled or the enumeration ends.
            /// </summary>
            public static global::System.Collections.Generic.IAsyncEnumerable<{{element}}> {{streamName}}(string endpoint, {{key.Type}} {{Identifiers.Escape(keyName)}}, global::ZeroContracts.SubscriberOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default) =>
                global::ZeroContracts.PubSub.PubSubStream.ReadAsync<{{element}}>({{filter}}({{Identifiers.Escape(keyName)}}), endpoint, options, static message => {{decode}}, cancellationToken);
            """);
    }

    private static ParameterModel? KeyOf(MessageModel message) =>
        message.KeyParameter is null ? null : message.Parameters.First(p => p.Name == message.KeyParameter);

    /// <summary>Tuple element names must not be ItemN out of place or a member of ValueTuple.</summary>
    private static bool HasValidTupleNames(MessageModel message)
    {
        for (var i = 0; i < message.Parameters.Count; i++)
        {
            var name = message.Parameters[i].Name;
            if (TupleItemName.IsMatch(name) && name != "Item" + (i + 1)) return false;
            if (name is "Rest" or "CompareTo" or "Equals" or "GetHashCode" or "ToString" or "GetType" or "Deconstruct") return false;
        }

        return true;
    }

    /// <summary>Numbers repeated names (overloads publishing on different topics) so each filter method has its own name.</summary>
    private static List<string> Unique(List<string> names, HashSet<string> taken) =>
        names.Select(name => Identifiers.Unique(name, taken)).ToList();
}
