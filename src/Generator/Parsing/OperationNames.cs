using System;

namespace ZeroContracts.Generator.Parsing;

/// <summary>Wire names of operations (docs/protocol.md 2.2).</summary>
internal static class OperationNames
{
    public const int MaxLength = 200;

    private const string AsyncSuffix = "Async";

    /// <summary>The method name without a trailing <c>Async</c>, unless that would leave nothing.</summary>
    public static string FromMethodName(string methodName) =>
        methodName.Length > AsyncSuffix.Length && methodName.EndsWith(AsyncSuffix, StringComparison.Ordinal)
            ? methodName.Substring(0, methodName.Length - AsyncSuffix.Length)
            : methodName;

    public static bool IsValid(string? name)
    {
        if (name is null || name.Length is 0 or > MaxLength) return false;
        foreach (var c in name)
        {
            var ok = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-' or '.' or '/';
            if (!ok) return false;
        }

        return true;
    }
}
