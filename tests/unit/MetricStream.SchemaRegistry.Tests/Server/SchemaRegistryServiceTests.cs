using System.Net;
using MetricStream.Avro.Compatibility;
using MetricStream.SchemaRegistry.Rest;
using MetricStream.SchemaRegistry.Rest.Internal;
using MetricStream.SchemaRegistry.Server.Internal;
using MetricStream.SchemaRegistry.Storage.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.SchemaRegistry.Tests.Server;

public sealed class SchemaRegistryServiceTests : IDisposable
{
    private const string V1 = """{"type":"record","name":"Point","namespace":"m","fields":[{"name":"host","type":"string"}]}""";
    private const string V1Spaced = """{ "type": "record", "namespace": "m", "name": "Point", "fields": [ { "name": "host", "type": "string" } ] }""";
    private const string V2 = """{"type":"record","name":"Point","namespace":"m","fields":[{"name":"host","type":"string"},{"name":"value","type":"double","default":0}]}""";
    private const string NoDefault = """{"type":"record","name":"Point","namespace":"m","fields":[{"name":"host","type":"string"},{"name":"region","type":"string"}]}""";

    private readonly InMemorySchemaLog _log = new();
    private readonly SchemaRegistryService _registry;

    public SchemaRegistryServiceTests()
    {
        _registry = new SchemaRegistryService(_log, NullLogger.Instance);
        _registry.LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose() => _registry.Dispose();

    [Fact]
    public async Task RegisterAsync_FirstSchema_GetsId1Version1AndIsLogged()
    {
        var id = await RegisterAsync("a", V1);

        id.Should().Be(1);
        _log.Records.Should().ContainSingle().Which.Should().BeEquivalentTo(new SchemaVersionRecord("a", 1, 1, Normalized(V1)));
    }

    [Fact]
    public async Task RegisterAsync_SameSchemaDifferentlyFormatted_ReturnsTheExistingIdWithoutWriting()
    {
        var first = await RegisterAsync("a", V1);

        var second = await RegisterAsync("a", V1Spaced);

        second.Should().Be(first);
        _log.Records.Should().HaveCount(1);
    }

    [Fact]
    public async Task RegisterAsync_SameSchemaUnderAnotherSubject_ReusesTheGlobalIdAsVersion1()
    {
        var a = await RegisterAsync("a", V1);

        var b = await RegisterAsync("b", V1);

        b.Should().Be(a);
        _registry.GetVersion("b", "latest").Should().BeEquivalentTo(new { Subject = "b", Version = 1, Id = a });
    }

    [Fact]
    public async Task RegisterAsync_CompatibleEvolution_GetsNextIdAndVersion()
    {
        await RegisterAsync("a", V1);

        var id = await RegisterAsync("a", V2);

        id.Should().Be(2);
        _registry.Versions("a").Should().Equal(1, 2);
        _registry.GetVersion("a", "2").Schema.Should().Be(Normalized(V2));
    }

    [Fact]
    public async Task RegisterAsync_FieldWithoutDefaultUnderBackward_Is409NamingTheField()
    {
        await RegisterAsync("a", V1);

        var error = await ErrorOf(() => RegisterAsync("a", NoDefault));

        error.Status.Should().Be(HttpStatusCode.Conflict);
        error.ErrorCode.Should().Be(RegistryErrorCodes.IncompatibleSchema);
        error.Message.Should().StartWith("Schema being registered is incompatible with an earlier schema for subject \"a\"").And.Contain("region");
        _log.Records.Should().HaveCount(1);
    }

    [Fact]
    public async Task RegisterAsync_IncompatibleUnderLevelNone_IsAccepted()
    {
        await RegisterAsync("a", V1);
        await _registry.SetLevelAsync("a", "NONE", CancellationToken.None);

        var id = await RegisterAsync("a", NoDefault);

        id.Should().Be(2);
    }

    [Fact]
    public async Task RegisterAsync_MalformedSchema_Is42201NamingTheProblem()
    {
        var error = await ErrorOf(() => RegisterAsync("a", """{"type":"record","name":"P","fields":[{"name":"v","type":"flaot"}]}"""));

        error.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        error.ErrorCode.Should().Be(RegistryErrorCodes.InvalidSchema);
        error.Message.Should().StartWith("Invalid schema: ").And.Contain("flaot");
    }

    [Theory]
    [InlineData("PROTOBUF")]
    [InlineData("JSON")]
    public async Task RegisterAsync_OtherSchemaType_Is42201SayingAvroOnly(string type)
    {
        var error = await ErrorOf(() => _registry.RegisterAsync("a", new SchemaRequest(V1, type), CancellationToken.None));

        error.ErrorCode.Should().Be(RegistryErrorCodes.InvalidSchema);
        error.Message.Should().Be($"Schema type '{type}' is not supported: this registry accepts AVRO schemas only");
    }

    [Fact]
    public async Task RegisterAsync_ExplicitAvroType_IsAccepted()
    {
        (await _registry.RegisterAsync("a", new SchemaRequest(V1, "AVRO"), CancellationToken.None)).Should().Be(1);
    }

    [Fact]
    public async Task LoadAsync_NewServiceOverTheSameLog_HasTheSameIdsAndAllocatesAboveTheMax()
    {
        await RegisterAsync("a", V1);
        await RegisterAsync("a", V2);
        await RegisterAsync("b", V1);
        await _registry.SetLevelAsync(null, "FULL", CancellationToken.None);

        using var restarted = new SchemaRegistryService(_log, NullLogger.Instance);
        await restarted.LoadAsync(CancellationToken.None);

        restarted.Versions("a").Should().Equal(1, 2);
        restarted.GetVersion("a", "1").Id.Should().Be(1);
        restarted.GetVersion("b", "latest").Id.Should().Be(1);
        restarted.GetLevel(null, false).Should().Be(CompatibilityLevel.Full);
        (await restarted.RegisterAsync("c", new SchemaRequest("\"string\""), CancellationToken.None)).Should().Be(3);
    }

    [Fact]
    public async Task LoadAsync_LogWithAnInvalidSchema_FailsNamingTheIdInsteadOfSkippingIt()
    {
        var log = new InMemorySchemaLog();
        log.Seed(new SchemaVersionRecord("a", 1, 1, V1), new SchemaVersionRecord("a", 2, 2, """{"type":"nope"}"""));
        using var registry = new SchemaRegistryService(log, NullLogger.Instance);

        var act = () => registry.LoadAsync(CancellationToken.None);

        await act.Should().ThrowAsync<InvalidDataException>().WithMessage("Schema 2 in the registry's log is not a valid Avro schema*");
    }

    [Fact]
    public async Task LoadAsync_ConfluentTombstoneAndDeleteSubjectRecords_AreReplayed()
    {
        var log = new InMemorySchemaLog();
        log.Seed(
            new SchemaVersionRecord("a", 1, 5, V1),
            new SchemaVersionRecord("a", 2, 6, V2),
            new SchemaVersionRecord("b", 1, 5, V1),
            new SchemaVersionTombstone("a", 1),
            new SubjectDeletedRecord("b", 1));
        using var registry = new SchemaRegistryService(log, NullLogger.Instance);

        await registry.LoadAsync(CancellationToken.None);

        registry.Versions("a").Should().Equal(2);
        registry.Subjects().Should().Equal("a");
        registry.GetSchema(5).Text.Should().Be(V1);
        (await registry.RegisterAsync("c", new SchemaRequest("\"int\""), CancellationToken.None)).Should().Be(7);
    }

    [Fact]
    public async Task RegisterAsync_AppendFailedButLanded_NextRegistrationRereadsAndNeverReusesTheId()
    {
        _log.FailNextAppend(landed: true);
        var error = await ErrorOf(() => RegisterAsync("a", V1));
        error.ErrorCode.Should().Be(RegistryErrorCodes.StoreError);

        var again = await RegisterAsync("a", V1);
        var other = await RegisterAsync("b", "\"string\"");

        again.Should().Be(1, "the write did land; re-reading the log found it");
        other.Should().Be(2);
        _log.Records.OfType<SchemaVersionRecord>().Select(r => r.Id).Should().Equal(1, 2);
    }

    [Fact]
    public async Task RegisterAsync_AppendFailedAndLost_StateUnchangedAndRetrySucceeds()
    {
        _log.FailNextAppend(landed: false);
        await ErrorOf(() => RegisterAsync("a", V1));

        _registry.Subjects().Should().BeEmpty();
        (await RegisterAsync("a", V1)).Should().Be(1);
    }

    [Fact]
    public async Task DeleteSubjectAsync_SoftDeletes_IdStillResolvesAndReRegisteringGivesANewVersion()
    {
        var id = await RegisterAsync("a", V1);
        await RegisterAsync("a", V2);

        var deleted = await _registry.DeleteSubjectAsync("a", permanent: false, CancellationToken.None);

        deleted.Should().Equal(1, 2);
        _registry.Subjects().Should().BeEmpty();
        (await ErrorOf(() => Task.FromResult(_registry.Versions("a")))).ErrorCode.Should().Be(RegistryErrorCodes.SubjectNotFound);
        _registry.GetSchema(id).Text.Should().Be(Normalized(V1));
        (await RegisterAsync("a", V1)).Should().Be(id);
        _registry.Versions("a").Should().Equal(3);
    }

    [Fact]
    public async Task DeleteVersionAsync_OneVersion_OthersRemain()
    {
        await RegisterAsync("a", V1);
        await RegisterAsync("a", V2);

        (await _registry.DeleteVersionAsync("a", "1", permanent: false, CancellationToken.None)).Should().Be(1);

        _registry.Versions("a").Should().Equal(2);
        (await ErrorOf(() => Task.FromResult(_registry.GetVersion("a", "1")))).ErrorCode.Should().Be(RegistryErrorCodes.VersionNotFound);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("abc")]
    [InlineData("2147483648")]
    public async Task GetVersion_InvalidVersion_Is42202(string version)
    {
        await RegisterAsync("a", V1);

        var error = await ErrorOf(() => Task.FromResult(_registry.GetVersion("a", version)));

        error.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        error.ErrorCode.Should().Be(RegistryErrorCodes.InvalidVersion);
    }

    [Fact]
    public async Task GetVersion_UnknownSubject_Is40401()
    {
        var error = await ErrorOf(() => Task.FromResult(_registry.GetVersion("nope", "latest")));

        error.Status.Should().Be(HttpStatusCode.NotFound);
        error.ErrorCode.Should().Be(RegistryErrorCodes.SubjectNotFound);
        error.Message.Should().Be("Subject 'nope' not found.");
    }

    [Fact]
    public async Task Lookup_RegisteredSchema_ReturnsItsVersion_OtherwiseTheRightCode()
    {
        await RegisterAsync("a", V1);
        await RegisterAsync("a", V2);

        _registry.Lookup("a", new SchemaRequest(V1Spaced)).Should().BeEquivalentTo(new { Subject = "a", Version = 1, Id = 1 });
        (await ErrorOf(() => Task.FromResult(_registry.Lookup("a", new SchemaRequest(NoDefault))))).ErrorCode.Should().Be(RegistryErrorCodes.SchemaNotFound);
        (await ErrorOf(() => Task.FromResult(_registry.Lookup("zz", new SchemaRequest(V1))))).ErrorCode.Should().Be(RegistryErrorCodes.SubjectNotFound);
    }

    [Fact]
    public async Task GetLevel_SubjectWithoutOwnLevel_Is40408UnlessDefaultingToGlobal()
    {
        await _registry.SetLevelAsync(null, "forward_transitive", CancellationToken.None);

        (await ErrorOf(() => Task.FromResult(_registry.GetLevel("a", false)))).ErrorCode.Should().Be(RegistryErrorCodes.SubjectConfigNotFound);
        _registry.GetLevel("a", true).Should().Be(CompatibilityLevel.ForwardTransitive);
    }

    [Fact]
    public async Task SetLevelAsync_UnknownLevel_Is42203()
    {
        var error = await ErrorOf(() => _registry.SetLevelAsync(null, "SIDEWAYS", CancellationToken.None));

        error.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        error.ErrorCode.Should().Be(RegistryErrorCodes.InvalidCompatibilityLevel);
        error.Message.Should().Contain("SIDEWAYS").And.Contain("BACKWARD_TRANSITIVE");
    }

    [Fact]
    public async Task DeleteSubjectLevelAsync_FallsBackToGlobal()
    {
        await _registry.SetLevelAsync("a", "NONE", CancellationToken.None);

        (await _registry.DeleteSubjectLevelAsync("a", CancellationToken.None)).Should().Be(CompatibilityLevel.None);

        _registry.GetLevel("a", true).Should().Be(CompatibilityLevel.Backward);
    }

    [Fact]
    public async Task CheckCompatibility_AgainstOneVersion_UsesOnlyThatVersion()
    {
        await _registry.SetLevelAsync(null, "NONE", CancellationToken.None);
        await RegisterAsync("a", V1);
        await RegisterAsync("a", """{"type":"record","name":"Point","namespace":"m","fields":[{"name":"region","type":"string"}]}""");
        await _registry.SetLevelAsync(null, "BACKWARD", CancellationToken.None);
        var candidate = new SchemaRequest("""{"type":"record","name":"Point","namespace":"m","fields":[{"name":"host","type":"string"}]}""");

        _registry.CheckCompatibility("a", "1", candidate).IsCompatible.Should().BeTrue();
        var latest = _registry.CheckCompatibility("a", "latest", candidate);
        latest.IsCompatible.Should().BeFalse();
        latest.Messages.Should().ContainSingle().Which.Should().Contain("host");
    }

    private static string Normalized(string schema) => MetricStream.Avro.Schemas.AvroSchema.Parse(schema).ToJson();

    private static async Task<RegistryErrorException> ErrorOf<T>(Func<Task<T>> action) =>
        (await action.Should().ThrowAsync<RegistryErrorException>()).Which;

    private Task<int> RegisterAsync(string subject, string schema) =>
        _registry.RegisterAsync(subject, new SchemaRequest(schema), CancellationToken.None);
}
