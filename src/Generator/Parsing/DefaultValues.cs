using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ZeroContracts.Generator.Parsing;

/// <summary>Writes a parameter's default value as a C# expression that compiles without warnings under <c>#nullable enable</c>.</summary>
internal static class DefaultValues
{
    public static string? Format(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue) return null;

        var type = parameter.Type;
        var value = parameter.ExplicitDefaultValue;
        if (value is null)
        {
            if (type.IsValueType) return type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? "null" : "default";

            // A non-nullable reference parameter defaulting to null is the contract's choice (or an oblivious context); keep it quiet here.
            return type.NullableAnnotation == NullableAnnotation.Annotated ? "null" : "null!";
        }

        var underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;
        if (underlying.TypeKind == TypeKind.Enum)
        {
            var enumType = underlying.ToDisplayString(TypeFormats.FullyQualified);
            foreach (var member in underlying.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value))
                {
                    return enumType + "." + Emit.Identifiers.Escape(field.Name);
                }
            }

            var number = Literal(value);
            return number.StartsWith("-", StringComparison.Ordinal) ? $"({enumType})({number})" : $"({enumType}){number}";
        }

        return Literal(value);
    }

    private static string Literal(object value) => value switch
    {
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        bool b => b ? "true" : "false",
        float f => Floating(f, "F", "float"),
        double d => Floating(d, "double"),
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
        uint ui => ui.ToString(CultureInfo.InvariantCulture) + "U",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "default",
    };

    private static string Floating(double value, string keyword)
    {
        if (double.IsNaN(value)) return keyword + ".NaN";
        if (double.IsPositiveInfinity(value)) return keyword + ".PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return keyword + ".NegativeInfinity";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E' }) >= 0 ? text : text + ".0";
    }

    private static string Floating(float value, string suffix, string keyword)
    {
        if (float.IsNaN(value)) return keyword + ".NaN";
        if (float.IsPositiveInfinity(value)) return keyword + ".PositiveInfinity";
        if (float.IsNegativeInfinity(value)) return keyword + ".NegativeInfinity";
        return value.ToString("R", CultureInfo.InvariantCulture) + suffix;
    }
}
