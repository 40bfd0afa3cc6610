namespace ZeroContracts.Generator.Model;

/// <summary>What kind of member an <see cref="InvalidMemberModel"/> is, which decides the shape of its explicit implementation.</summary>
internal enum InvalidMemberKind
{
    Method = 0,
    Property = 1,
    Indexer = 2,
    Event = 3,
}
