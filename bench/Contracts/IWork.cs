namespace ZeroContracts.Bench.Contracts;

/// <summary>The PUSH/PULL benchmark contract: each payload goes to one puller.</summary>
[Pipeline]
public interface IWork
{
    /// <summary>One task.</summary>
    void Work(byte[] payload);
}
