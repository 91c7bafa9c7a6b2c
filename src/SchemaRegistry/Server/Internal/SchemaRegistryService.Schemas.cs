using System.Globalization;
using MetricStream.Avro.Schemas;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Rest.Internal;
using MetricStream.SchemaRegistry.Storage.Internal;

namespace MetricStream.SchemaRegistry.Server.Internal;

// Schemas by id, and the parsing shared by the operations. Locking rules: see SchemaRegistryService.cs.
internal sealed partial class SchemaRegistryService
{
    /// <summary>GET /schemas/ids/{id}.</summary>
    public StoredSchema GetSchema(int id)
    {
        lock (_gate)
        {
            return _state.TryGetSchema(id, out var schema) ? schema : throw RegistryErrors.SchemaNotFound(id);
        }
    }

    /// <summary>GET /schemas/ids/{id}/versions: the live (subject, version) pairs using schema <paramref name="id"/>.</summary>
    public IReadOnlyList<SchemaVersionRecord> UsesOf(int id)
    {
        lock (_gate)
        {
            return _state.TryGetSchema(id, out _) ? _state.UsesOf(id) : throw RegistryErrors.SchemaNotFound(id);
        }
    }

    private static RegisteredSchema ToRegistered(SchemaVersionRecord v) => new(v.Subject, v.Version, v.Id, v.Schema);

    private static AvroSchema ParseSchema(SchemaRequest request)
    {
        if (request.SchemaType is { } type && !type.Equals("AVRO", StringComparison.OrdinalIgnoreCase))
        {
            throw RegistryErrors.InvalidSchema($"Schema type '{type}' is not supported: this registry accepts AVRO schemas only");
        }

        if (request.References is { Count: > 0 })
        {
            throw RegistryErrors.InvalidSchema("Schema references are not supported by this registry");
        }

        if (string.IsNullOrWhiteSpace(request.Schema))
        {
            throw RegistryErrors.InvalidSchema("Invalid schema: the request has no 'schema'");
        }

        try
        {
            return AvroSchema.Parse(request.Schema);
        }
        catch (AvroSchemaException ex)
        {
            throw RegistryErrors.InvalidSchema($"Invalid schema: {ex.Message}", ex);
        }
    }

    private List<AvroSchema> NewestFirst(IReadOnlyList<SchemaVersionRecord> live) =>
        live.Reverse().Select(Parsed).ToList();

    private AvroSchema Parsed(SchemaVersionRecord version) =>
        _state.TryGetSchema(version.Id, out var stored)
            ? stored.Parsed
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Schema {version.Id} of {version.Subject} v{version.Version} is missing"));
}
