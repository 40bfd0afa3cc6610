namespace ZeroContracts.Generator.Model;

/// <summary>The one-way messaging patterns: publish/subscribe and pipeline (push/pull).</summary>
internal enum MessagePattern
{
    PubSub = 0,
    Pipeline = 1,
}
