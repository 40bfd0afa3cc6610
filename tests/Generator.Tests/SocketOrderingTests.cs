using Microsoft.CodeAnalysis;
using Shouldly;
using Xunit;
using ZeroContracts.Generator.Diagnostics.Analyzers;

namespace ZeroContracts.Generator.Tests;

/// <summary>ZC3001-ZC3008 on raw NetMQ code: each rule flagged on a bad example with its message, and silent on the corrected one.</summary>
public sealed class SocketOrderingTests
{
    private static void Verify(string body, params string[] messages) => AnalyzerHarness.Verify(new SocketOrderingAnalyzer(), Method(body), messages);

    private static void Clean(string body) => AnalyzerHarness.Run(new SocketOrderingAnalyzer(), Method(body)).ShouldBeEmpty();

    private static string Method(string body) => $$"""
        using System;
        using System.Threading.Tasks;
        using NetMQ;
        using NetMQ.Sockets;

        public sealed class Peer
        {
            public void Run(bool flag, int count)
            {
        {{body}}
            }
        }
        """;

    [Fact]
    public void ZC3001_request_sent_twice() => Verify("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        req.SendFrame("a");
        {|ZC3001:req.SendFrame("b")|};
        """, "REQ socket 'req' sends again before it has received the reply; a REQ socket must receive each reply before it sends the next request");

    [Fact]
    public void ZC3001_corrected_by_receiving_between_the_sends() => Clean("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        req.SendFrame("a");
        req.ReceiveFrameString();
        req.SendFrame("b");
        req.ReceiveFrameString();
        """);

    [Fact]
    public void ZC3001_on_some_paths_when_only_one_branch_receives() => Verify("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        req.SendFrame("a");
        if (flag) req.ReceiveFrameString();
        {|ZC3001:req.SendFrame("b")|};
        """, "REQ socket 'req' sends again before it has received the reply on some paths; a REQ socket must receive each reply before it sends the next request");

    [Fact]
    public void ZC3001_loop_body_that_sends_twice_per_iteration() => Verify("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        for (var i = 0; i < count; i++)
        {
            req.SendFrame("hello");
            {|ZC3001:req.SendFrame("again")|};
            req.ReceiveFrameString();
        }
        """);

    [Fact]
    public void ZC3001_loop_that_never_receives_is_flagged_on_the_second_iteration() => Verify("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        for (var i = 0; i < count; i++)
        {
            {|ZC3001:req.SendFrame("hello")|};
        }
        """, "REQ socket 'req' sends again before it has received the reply on some paths; a REQ socket must receive each reply before it sends the next request");

    [Fact]
    public void ZC3001_multipart_request_then_a_second_request() => Verify("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        req.SendMoreFrame("header").SendFrame("body");
        {|ZC3001:req.SendMultipartMessage(new NetMQMessage())|};
        """);

    [Fact]
    public void ZC3002_receive_before_send() => Verify("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        var reply = {|ZC3002:req.ReceiveFrameString()|};
        req.SendFrame("a");
        """, "REQ socket 'req' receives before it has sent a complete request; a REQ socket must send a request first, then receive its reply");

    [Fact]
    public void ZC3002_corrected_by_sending_the_whole_request_first() => Clean("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        req.SendMoreFrame("header").SendFrame("body");
        var reply = req.ReceiveMultipartStrings();
        """);

    [Fact]
    public void ZC3003_and_ZC3004_corrected_by_one_reply_per_request() => Clean("""
        using var rep = new ResponseSocket("@tcp://*:5555");
        while (true)
        {
            var request = rep.ReceiveMultipartStrings();
            if (request.Count > 1)
            {
                rep.SendFrame("error");
                continue;
            }

            rep.SendMoreFrame("ok").SendFrame(request[0]);
        }
        """);

    [Fact]
    public void ZC3002_receive_after_an_unfinished_multipart_request() => Verify("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        req.SendMoreFrame("header");
        {|ZC3002:req.ReceiveMultipartStrings()|};
        """);

    [Fact]
    public void ZC3003_reply_before_request() => Verify("""
        using var rep = new ResponseSocket("@tcp://*:5555");
        {|ZC3003:rep.SendFrame("world")|};
        rep.ReceiveFrameString();
        """, "REP socket 'rep' sends before it has received a request; a REP socket must receive a request first, then send one reply");

    [Fact]
    public void ZC3004_two_whole_receives_without_a_reply() => Verify("""
        using var rep = new ResponseSocket("@tcp://*:5555");
        var first = rep.ReceiveMultipartMessage();
        var second = {|ZC3004:rep.ReceiveMultipartMessage()|};
        rep.SendFrame("world");
        """, "REP socket 'rep' receives again before it has sent the reply; a REP socket must reply to each request before it receives the next");

    [Fact]
    public void ZC3004_loop_that_forgets_to_reply_on_one_branch() => Verify("""
        using var rep = new ResponseSocket("@tcp://*:5555");
        while (true)
        {
            var request = {|ZC3004:rep.ReceiveMultipartStrings()|};
            if (request.Count > 1) continue;
            rep.SendFrame("world");
        }
        """, "REP socket 'rep' receives again before it has sent the reply on some paths; a REP socket must reply to each request before it receives the next");

    [Fact]
    public void Frames_of_one_multipart_reply_may_be_received_one_by_one() => Clean("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        req.SendMoreFrame("GetForecast").SendFrame("{}");
        var status = req.ReceiveFrameString();
        var body = req.ReceiveFrameString();
        req.SendFrame("next");
        """);

    [Fact]
    public void ZC3005_send_on_a_subscriber() => Verify("""
        using var sub = new SubscriberSocket(">tcp://localhost:5556");
        {|ZC3005:sub.SendFrame("hello")|};
        """, "'sub' is a SubscriberSocket, which only receives; 'SendFrame' throws NotSupportedException at run time, so send on a PublisherSocket instead");

    [Fact]
    public void ZC3005_send_on_a_pull_socket() => Verify("""
        using var pull = new PullSocket("@tcp://*:5557");
        {|ZC3005:pull.TrySendFrame("work")|};
        """);

    [Fact]
    public void ZC3006_receive_on_a_publisher_and_a_push_socket() => Verify("""
        using var pub = new PublisherSocket("@tcp://*:5556");
        using var push = new PushSocket(">tcp://localhost:5557");
        {|ZC3006:pub.ReceiveFrameString()|};
        {|ZC3006:push.ReceiveMultipartMessage()|};
        """,
        "'pub' is a PublisherSocket, which only sends; 'ReceiveFrameString' throws NotSupportedException at run time, so receive on a SubscriberSocket instead",
        "'push' is a PushSocket, which only sends; 'ReceiveMultipartMessage' throws NotSupportedException at run time, so receive on a PullSocket instead");

    [Fact]
    public void ZC3007_subscriber_that_never_subscribes() => Verify("""
        using var sub = new SubscriberSocket(">tcp://localhost:5556");
        while (true)
        {
            var message = {|ZC3007:sub.ReceiveFrameString()|};
        }
        """, "SUB socket 'sub' receives without having subscribed; a subscriber with no subscription receives nothing, so call sub.Subscribe(\"\") for every topic, or Subscribe(prefix), first");

    [Fact]
    public void ZC3007_is_reported_once_per_socket() => Verify("""
        using var sub = new SubscriberSocket(">tcp://localhost:5556");
        var topic = {|ZC3007:sub.ReceiveFrameString()|};
        var body = sub.ReceiveFrameString();
        while (flag) sub.SkipMultipartMessage();
        """);

    [Fact]
    public void ZC3007_on_some_paths() => Verify("""
        using var sub = new SubscriberSocket(">tcp://localhost:5556");
        if (flag) sub.Subscribe("weather");
        {|ZC3007:sub.ReceiveFrameString()|};
        """, "SUB socket 'sub' receives without having subscribed on some paths; a subscriber with no subscription receives nothing, so call sub.Subscribe(\"\") for every topic, or Subscribe(prefix), first");

    [Fact]
    public void ZC3007_corrected_by_subscribing() => Clean("""
        using var sub = new SubscriberSocket(">tcp://localhost:5556");
        sub.SubscribeToAnyTopic();
        while (true)
        {
            var message = sub.ReceiveFrameString();
        }
        """);

    [Fact]
    public void ZC3008_multipart_message_never_finished() => Verify("""
        using var pub = new PublisherSocket("@tcp://*:5556");
        pub.SendMoreFrame("weather");
        {|ZC3008:pub.SendMoreFrame("oslo")|};
        """, "'pub' sends a frame with more: true that no final frame follows before the method ends; the peer receives nothing until the last frame is sent with more: false");

    [Fact]
    public void ZC3008_more_true_on_some_paths() => Verify("""
        using var push = new PushSocket(">tcp://localhost:5557");
        {|ZC3008:push.SendFrame("task", more: true)|};
        if (flag) return;
        push.SendFrame("payload");
        """, "'push' sends a frame with more: true that no final frame follows on some paths before the method ends; the peer receives nothing until the last frame is sent with more: false");

    [Fact]
    public void ZC3008_corrected_by_a_final_frame() => Clean("""
        using var pub = new PublisherSocket("@tcp://*:5556");
        pub.SendMoreFrame("weather").SendFrame("sunny");
        pub.SendFrame("topic", more: true);
        pub.SendFrame("body", more: false);
        """);

    [Fact]
    public void Try_calls_follow_the_branch_on_their_result() => Clean("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        while (!req.TrySendFrame(TimeSpan.FromSeconds(1), "hello"))
        {
        }

        if (req.TryReceiveFrameString(TimeSpan.FromSeconds(1), out var reply))
        {
            req.SendFrame("next");
        }
        """);

    [Fact]
    public void Exceptions_and_finally_do_not_confuse_the_order() => Clean("""
        var req = new RequestSocket(">tcp://localhost:5555");
        try
        {
            req.SendFrame("hello");
            req.ReceiveFrameString();
        }
        catch (NetMQException)
        {
            req.Dispose();
            req = new RequestSocket(">tcp://localhost:5555");
        }
        finally
        {
            req.Dispose();
        }
        """);

    [Fact]
    public void A_socket_handed_to_other_code_is_no_longer_followed() => Clean("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        req.SendFrame("hello");
        Receive(req);
        req.SendFrame("again");

        static void Receive(RequestSocket socket) => socket.ReceiveFrameString();
        """);

    [Fact]
    public void A_socket_used_by_a_lambda_is_not_followed_but_a_lambda_is_analyzed_on_its_own() => Verify("""
        using var rep = new ResponseSocket("@tcp://*:5555");
        using var poller = new NetMQPoller { rep };
        rep.ReceiveReady += (_, e) => e.Socket.SendFrame(e.Socket.ReceiveFrameString());
        Action twice = () =>
        {
            using var req = new RequestSocket(">tcp://localhost:5555");
            req.SendFrame("a");
            {|ZC3001:req.SendFrame("b")|};
        };
        """);

    [Fact]
    public void Fields_start_unknown_and_calls_into_the_same_object_forget_them() => AnalyzerHarness.Verify(new SocketOrderingAnalyzer(), """
        using NetMQ;
        using NetMQ.Sockets;

        public sealed class Client
        {
            private readonly RequestSocket _req = new(">tcp://localhost:5555");

            public string Call(string text)
            {
                _req.SendFrame(text);
                return ReadReply();
            }

            public void SendTwice()
            {
                _req.SendFrame("a");
                {|ZC3001:_req.SendFrame("b")|};
            }

            private string ReadReply() => _req.ReceiveFrameString();

            public void SendThenRead()
            {
                _req.SendFrame("a");
                ReadReply();
                _req.SendFrame("b");
                ReadReply();
            }
        }
        """);

    [Fact]
    public void A_parameter_starts_unknown() => AnalyzerHarness.Verify(new SocketOrderingAnalyzer(), """
        using NetMQ;
        using NetMQ.Sockets;

        public static class Replies
        {
            public static void Reply(ResponseSocket rep, string text) => rep.SendFrame(text);

            public static void ReplyTwice(ResponseSocket rep)
            {
                rep.SendFrame("a");
                {|ZC3003:rep.SendFrame("b")|};
            }
        }
        """);

    [Fact]
    public void A_lambda_is_its_own_method_where_a_captured_socket_is_followed_from_an_unknown_state() => Verify("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        Task.Run(() =>
        {
            req.SendFrame("a");
            {|ZC3001:req.SendFrame("b")|};
        });
        """, "REQ socket 'req' sends again before it has received the reply; a REQ socket must receive each reply before it sends the next request");

    [Fact]
    public void A_lambda_that_sends_then_receives_is_clean() => Clean("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        Task.Run(() =>
        {
            req.SendFrame("a");
            req.ReceiveFrameString();
            req.SendFrame("b");
            req.ReceiveFrameString();
        });
        Task.Run(() => req.ReceiveFrameString());
        """);

    [Fact]
    public void A_local_function_is_its_own_method_too() => Verify("""
        using var rep = new ResponseSocket("@tcp://*:5555");
        Serve();
        Serve();

        void Serve()
        {
            rep.ReceiveMultipartStrings();
            {|ZC3004:rep.ReceiveMultipartStrings()|};
        }
        """, "REP socket 'rep' receives again before it has sent the reply; a REP socket must reply to each request before it receives the next");

    [Fact]
    public void A_local_function_that_receives_then_replies_is_clean() => Clean("""
        using var rep = new ResponseSocket("@tcp://*:5555");
        Serve();
        Serve();

        void Serve()
        {
            rep.SendFrame(rep.ReceiveFrameString());
        }
        """);

    [Fact]
    public void A_socket_a_nested_lambda_uses_is_not_followed_in_the_lambda_around_it() => Clean("""
        using var req = new RequestSocket(">tcp://localhost:5555");
        Action outer = () =>
        {
            req.SendFrame("a");
            Action inner = () => req.ReceiveFrameString();
            inner();
            req.SendFrame("b");
        };
        """);

    [Fact]
    public void ZC3008_a_lambda_that_leaves_a_captured_socket_mid_message() => Verify("""
        using var push = new PushSocket(">tcp://localhost:5557");
        Task.Run(() => {|ZC3008:push.SendMoreFrame("header")|});
        Task.Run(() => push.SendMoreFrame("header").SendFrame("body"));
        """, "'push' sends a frame with more: true that no final frame follows before the method ends; the peer receives nothing until the last frame is sent with more: false");

    [Fact]
    public void ZC3008_and_ZC3001_on_fields_used_within_a_method() => AnalyzerHarness.Verify(new SocketOrderingAnalyzer(), """
        using System.Threading.Tasks;
        using NetMQ;
        using NetMQ.Sockets;

        public sealed class Sender
        {
            private readonly PushSocket _push = new(">tcp://localhost:5557");
            private readonly RequestSocket _req = new(">tcp://localhost:5555");

            public void Header(bool flag)
            {
                {|ZC3008:_push.SendMoreFrame("header")|};
                if (flag) _push.SendFrame("body");
            }

            public void Twice() => Task.Run(() =>
            {
                _req.SendFrame("a");
                {|ZC3001:_req.SendFrame("b")|};
            });
        }
        """,
        "'_push' sends a frame with more: true that no final frame follows on some paths before the method ends; the peer receives nothing until the last frame is sent with more: false",
        "REQ socket '_req' sends again before it has received the reply; a REQ socket must receive each reply before it sends the next request");

    [Fact]
    public void Fields_whose_messages_are_finished_in_the_method_or_by_its_own_code_are_clean() => AnalyzerHarness.Verify(new SocketOrderingAnalyzer(), """
        using NetMQ;
        using NetMQ.Sockets;

        public sealed class Sender
        {
            private readonly PushSocket _push = new(">tcp://localhost:5557");

            public void Whole() => _push.SendMoreFrame("header").SendFrame("body");

            public void Body() => _push.SendFrame("body");

            public void HeaderThenBody()
            {
                _push.SendMoreFrame("header");
                Body();
            }

            public static void Relay(PushSocket push) => push.SendMoreFrame("header");
        }
        """);

    [Fact]
    public void ZC3007_on_a_field_created_within_the_method() => AnalyzerHarness.Verify(new SocketOrderingAnalyzer(), """
        using NetMQ;
        using NetMQ.Sockets;

        public sealed class Listener
        {
            private SubscriberSocket? _sub;

            public string Listen()
            {
                _sub = new SubscriberSocket(">tcp://localhost:5556");
                return {|ZC3007:_sub.ReceiveFrameString()|};
            }

            public string ListenToAll()
            {
                _sub = new SubscriberSocket(">tcp://localhost:5556");
                _sub.Subscribe("");
                return _sub.ReceiveFrameString();
            }

            public string Again() => _sub!.ReceiveFrameString();
        }
        """);
}
