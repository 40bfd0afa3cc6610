using System;
using System.Globalization;
using ZeroContracts.Wire;

namespace ZeroContracts.Messaging;

/// <summary>
/// Topic keys as text (docs/protocol.md 5.2): a string as it is, an enum by its name, an integer in invariant
/// decimal digits.
/// </summary>
internal static class TopicKeys
{
    public static string Format<T>(T key) => key switch
    {
        null => throw new ArgumentNullException(nameof(key), "A topic key cannot be null."),
        string text => text,
        Enum value => value.ToString(),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? "",
    };

    /// <exception cref="WireFormatException">The text is not a <typeparamref name="T"/>.</exception>
    public static T Parse<T>(string text)
    {
        if (typeof(T) == typeof(string)) return (T)(object)text;

        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type.IsEnum)
        {
            if (Enum.TryParse(type, text, ignoreCase: false, out var value)) return (T)value!;
            throw new WireFormatException($"Topic key '{text}' is not a {TypeNames.Of(type)}.");
        }

        try
        {
            return (T)Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
        {
            throw new WireFormatException($"Topic key '{text}' is not a {TypeNames.Of(type)}: {e.Message}", e);
        }
    }
}
