using Microsoft.CodeAnalysis;

namespace ZeroContracts.Generator.Diagnostics.Analyzers;

internal static class SymbolExtensions
{
    /// <summary>The type of a local, parameter or field.</summary>
    public static ITypeSymbol? GetSymbolType(this ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        _ => null,
    };
}
