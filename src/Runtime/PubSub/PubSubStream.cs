using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using ZeroContracts.Messaging;
using ZeroContracts.Wire;

namespace ZeroContracts.PubSub;

/// <summary>One topic of a contract as an <see cref="IAsyncEnumerable{T}"/>, for generated <c>Stream...Async</c> methods.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PubSubStream
{
    /// <summary>
    /// Subscribes to <paramref name="topic"/> when enumeration starts and yields each message decoded by
    /// <paramref name="decode"/>, until <paramref name="cancellationToken"/> is cancelled or the enumeration is
    /// abandoned, which closes the socket. Messages that cannot be decoded are counted and skipped.
    /// </summary>
    /// <param name="topic">The topic, and possibly key, to receive.</param>
    /// <param name="endpoint">One or more comma-separated endpoints; <c>@</c> binds, <c>&gt;</c> connects.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="decode">Reads a message's key and arguments.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        TopicFilter topic,
        string endpoint,
        SubscriberOptions? options,
        Func<IncomingMessage, T> decode,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (topic.Table is null) throw new ArgumentException("The topic filter is empty.", nameof(topic));
        options ??= new SubscriberOptions();
        options.Validate();
        using var receiver = new SubscriptionReceiver(topic.Table, new[] { topic }, endpoint, options, "ZeroContracts stream");
        var loop = receiver.Loop;
        loop.Start(0, null);
        while (await loop.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (loop.TryRead(out var message))
            {
                if (TryDecode(loop, message, decode, out var value)) yield return value;
            }
        }
    }

    private static bool TryDecode<T>(ReceiveLoop loop, IncomingMessage message, Func<IncomingMessage, T> decode, out T value)
    {
        try
        {
            value = decode(message);
            return true;
        }
        catch (WireFormatException e)
        {
            loop.DropUndecodable(message, e);
            value = default!;
            return false;
        }
        finally
        {
            loop.Return(message);
        }
    }
}
