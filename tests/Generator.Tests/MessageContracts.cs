using System.Collections.Generic;

namespace ZeroContracts.Generator.Tests;

/// <summary>Valid [PubSub] and [Pipeline] contracts, each covering a shape the generator must handle.</summary>
internal static class MessageContracts
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["Feed"] = """
            using ZeroContracts;

            namespace Acme.Feeds;

            public sealed record TemperatureReading(double Celsius, System.DateTimeOffset At);
            public sealed record Alert(string Text, int Level);
            public enum Severity { Low, High }

            [PubSub]
            public interface ITemperatureFeed
            {
                [Topic("temp")] void Reading([TopicKey] string city, TemperatureReading reading);
                [Topic("alert")] void Alert(Alert alert);
                [Topic("stats")] void Stats(string region, int count, double mean = 1.5);
                [Topic("level")] void Level([TopicKey] Severity severity, string? text);
                [Topic("shard")] void Shard([TopicKey] long shard);
                void Ping();
            }
            """,

        ["PubSubBare"] = """
            using ZeroContracts;

            namespace Acme.Chat;

            [PubSub(Framing = Framing.Bare)]
            public interface IChatter
            {
                void Say(string text);
            }
            """,

        ["PubSubInternal"] = """
            using ZeroContracts;

            [PubSub]
            internal interface IBlobFeed
            {
                void Blob(byte[] data);
                void Maybe(byte[]? data, string? note);
            }
            """,

        ["PubSubNames"] = """
            using ZeroContracts;

            namespace Acme.Names;

            // No I-prefix, members named like the generated ones, keyword and clashing parameter names, overloads.
            [PubSub]
            public interface Events
            {
                [Topic("dispose")] void Dispose();
                void Endpoint(string message, string _sender);
                [Topic("send-int")] void Send(int value);
                [Topic("send-text")] void Send(string value);
                void Keyed([TopicKey] int endpoint, int @class);
                void Tuple(int Item2, int Rest);
                [Topic("eq")] void Equals(int x, int y);
            }
            """,

        ["PubSubInheritance"] = """
            using ZeroContracts;

            namespace Acme.Tree;

            public interface IBaseEvents
            {
                void Started(string name);
            }

            [PubSub]
            public interface ITreeEvents : IBaseEvents
            {
                void Grown([TopicKey] string branch, int length);
            }
            """,

        ["Pipeline"] = """
            using ZeroContracts;

            namespace Acme.Primes;

            [Pipeline]
            public interface IPrimeWork
            {
                void Check(long candidate);
                void Range(long from, long to, int step = 1);
                [Operation("reset")] void Reset();
            }
            """,

        ["PipelineBare"] = """
            using ZeroContracts;

            namespace Acme.Jobs;

            [Pipeline(Framing = Framing.Bare)]
            internal interface IJobs
            {
                void Run(byte[] payload);
            }
            """,

        ["PipelineNames"] = """
            using System.Threading;
            using ZeroContracts;

            namespace Acme.Names;

            [Pipeline]
            public interface IWork
            {
                void Do(int cancellationToken);
                void Do2(string message);
                [Operation("do2-async")] void Do2Async(string message);
                void WorkerCount(int count);
                void Dispose();
            }
            """,

        ["PubSubEmpty"] = """
            using ZeroContracts;

            namespace Acme.Empty;

            [PubSub]
            public interface INothing
            {
            }
            """,
    };
}
