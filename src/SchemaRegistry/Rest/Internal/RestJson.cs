using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetricStream.SchemaRegistry.Rest.Internal;

/// <summary>The serializer options of every REST body: API property names as declared, nulls omitted.</summary>
internal static class RestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Bodies are API data, never embedded in HTML: escape only what JSON requires, so schemas stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
