using System;

namespace ZeroContracts.Wire;

/// <summary>Readable type names for error messages.</summary>
internal static class TypeNames
{
    public static string Of(Type type) => type.FullName ?? type.Name;
}
