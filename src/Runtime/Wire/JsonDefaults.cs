using System.Text.Json;

namespace ZeroContracts.Wire;

/// <summary>The serializer settings used when options name none.</summary>
internal static class JsonDefaults
{
    /// <summary>Shared so that System.Text.Json's metadata cache is built once per process, not per endpoint.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
