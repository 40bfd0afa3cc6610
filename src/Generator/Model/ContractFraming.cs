namespace ZeroContracts.Generator.Model;

/// <summary>Mirrors <c>ZeroContracts.Framing</c>; the generator cannot reference the runtime assembly.</summary>
internal enum ContractFraming
{
    Typed = 0,
    Bare = 1,
}
