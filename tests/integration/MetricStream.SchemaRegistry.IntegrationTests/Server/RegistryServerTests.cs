using MetricStream.SchemaRegistry.IntegrationTests.Support;

namespace MetricStream.SchemaRegistry.IntegrationTests.Server;

/// <summary>The registry's REST API, over HTTP on a real Kestrel port, storing in the embedded broker.</summary>
public sealed class RegistryServerTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private readonly RegistryHarness _registry = fixture.Registry;

    [Fact]
    public async Task Register_NewSchema_ReturnsIdAndIsVisibleThroughEveryReadEndpoint()
    {
        var subject = Schemas.Subject("points");

        var (status, body) = await _registry.RegisterAsync(subject, Schemas.PointV1);

        status.Should().Be(200);
        var id = body.GetProperty("id").GetInt32();
        id.Should().BePositive();
        var byId = await _registry.SendAsync(HttpMethod.Get, $"/schemas/ids/{id}");
        byId.Status.Should().Be(200);
        Parse(byId.Body.GetProperty("schema").GetString()!).Should().Be(Parse(Schemas.PointV1));
        (await _registry.SendAsync(HttpMethod.Get, "/subjects")).Body.EnumerateArray().Select(e => e.GetString()).Should().Contain(subject);
        (await _registry.SendAsync(HttpMethod.Get, $"/subjects/{subject}/versions")).Body.GetRawText().Should().Be("[1]");
        var latest = (await _registry.SendAsync(HttpMethod.Get, $"/subjects/{subject}/versions/latest")).Body;
        latest.GetProperty("subject").GetString().Should().Be(subject);
        latest.GetProperty("version").GetInt32().Should().Be(1);
        latest.GetProperty("id").GetInt32().Should().Be(id);
        var lookup = await _registry.SendAsync(HttpMethod.Post, $"/subjects/{subject}", RegistryHarness.Body(Schemas.PointV1));
        lookup.Status.Should().Be(200);
        lookup.Body.GetProperty("id").GetInt32().Should().Be(id);
        lookup.Body.GetProperty("version").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Register_Response_HasTheRegistryContentType()
    {
        using var response = await _registry.Http.PostAsync(
            $"/subjects/{Schemas.Subject("ct")}/versions",
            new StringContent(RegistryHarness.Body(Schemas.PointV1), System.Text.Encoding.UTF8, "application/json"));

        ((int)response.StatusCode).Should().Be(200, "plain application/json is accepted too");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.schemaregistry.v1+json");
    }

    [Fact]
    public async Task Register_UnsupportedContentType_Is415WithConfluentErrorBody()
    {
        var (status, body) = await _registry.SendAsync(HttpMethod.Post, $"/subjects/{Schemas.Subject("ct")}/versions", RegistryHarness.Body(Schemas.PointV1), "text/plain");

        status.Should().Be(415);
        body.GetProperty("error_code").GetInt32().Should().Be(415);
        body.GetProperty("message").GetString().Should().Contain("text/plain");
    }

    [Fact]
    public async Task Register_IdenticalSchemaAgainAndUnderAnotherSubject_ReturnsTheSameId()
    {
        var a = Schemas.Subject("a");
        var b = Schemas.Subject("b");

        var first = (await _registry.RegisterAsync(a, Schemas.PointV1)).Body.GetProperty("id").GetInt32();
        var again = (await _registry.RegisterAsync(a, Schemas.PointV1.Replace("\n", " ", StringComparison.Ordinal))).Body.GetProperty("id").GetInt32();
        var other = (await _registry.RegisterAsync(b, Schemas.PointV1)).Body.GetProperty("id").GetInt32();

        again.Should().Be(first);
        other.Should().Be(first);
        (await _registry.SendAsync(HttpMethod.Get, $"/subjects/{a}/versions")).Body.GetRawText().Should().Be("[1]");
        var uses = (await _registry.SendAsync(HttpMethod.Get, $"/schemas/ids/{first}/versions")).Body;
        uses.EnumerateArray().Select(u => u.GetProperty("subject").GetString()).Should().Contain([a, b], "the registry is shared with other tests using the same schema");
    }

    [Fact]
    public async Task Register_CompatibleEvolution_GetsAHigherIdAndVersion2()
    {
        var subject = Schemas.Subject("evolve");
        var v1 = (await _registry.RegisterAsync(subject, Schemas.PointV1)).Body.GetProperty("id").GetInt32();

        var (status, body) = await _registry.RegisterAsync(subject, Schemas.PointV2);

        status.Should().Be(200);
        body.GetProperty("id").GetInt32().Should().BeGreaterThan(v1);
        (await _registry.SendAsync(HttpMethod.Get, $"/subjects/{subject}/versions")).Body.GetRawText().Should().Be("[1,2]");
    }

    [Fact]
    public async Task Register_IncompatibleChange_Is409WithAMessageSayingWhy()
    {
        var subject = Schemas.Subject("incompatible");
        await _registry.RegisterAsync(subject, Schemas.PointV1);

        var (status, body) = await _registry.RegisterAsync(subject, Schemas.PointRequiredRegion);

        status.Should().Be(409);
        body.GetProperty("error_code").GetInt32().Should().Be(409);
        body.GetProperty("message").GetString().Should().Contain("incompatible").And.Contain("region");
        (await _registry.SendAsync(HttpMethod.Get, $"/subjects/{subject}/versions")).Body.GetRawText().Should().Be("[1]");
    }

    [Fact]
    public async Task Register_MalformedSchema_Is42201NamingTheProblem()
    {
        var (status, body) = await _registry.RegisterAsync(
            Schemas.Subject("bad"),
            """{"type":"record","name":"Point","fields":[{"name":"value","type":"flaot"}]}""");

        status.Should().Be(422);
        body.GetProperty("error_code").GetInt32().Should().Be(42201);
        body.GetProperty("message").GetString().Should().StartWith("Invalid schema").And.Contain("flaot").And.Contain("value");
    }

    [Fact]
    public async Task Register_SchemaThatIsNotJson_Is42201()
    {
        var (status, body) = await _registry.RegisterAsync(Schemas.Subject("bad"), "{\"type\": \"record\", ");

        status.Should().Be(422);
        body.GetProperty("error_code").GetInt32().Should().Be(42201);
    }

    [Fact]
    public async Task Register_ProtobufSchemaType_Is422SayingAvroOnly()
    {
        var (status, body) = await _registry.RegisterAsync(Schemas.Subject("proto"), "syntax = \"proto3\";", "PROTOBUF");

        status.Should().Be(422);
        body.GetProperty("error_code").GetInt32().Should().Be(42201);
        body.GetProperty("message").GetString().Should().Contain("PROTOBUF").And.Contain("AVRO");
    }

    [Fact]
    public async Task Register_BodyNotJson_Is400()
    {
        var (status, body) = await _registry.SendAsync(HttpMethod.Post, $"/subjects/{Schemas.Subject("x")}/versions", "schema=1");

        status.Should().Be(400);
        body.GetProperty("error_code").GetInt32().Should().Be(400);
    }

    [Fact]
    public async Task Get_UnknownSubjectVersionAndId_AreTheConfluent404Codes()
    {
        var subject = Schemas.Subject("known");
        await _registry.RegisterAsync(subject, Schemas.PointV1);

        var noSubject = await _registry.SendAsync(HttpMethod.Get, $"/subjects/{Schemas.Subject("unknown")}/versions");
        var noVersion = await _registry.SendAsync(HttpMethod.Get, $"/subjects/{subject}/versions/7");
        var noSchema = await _registry.SendAsync(HttpMethod.Get, "/schemas/ids/987654");
        var notUnder = await _registry.SendAsync(HttpMethod.Post, $"/subjects/{subject}", RegistryHarness.Body(Schemas.PointV2));

        (noSubject.Status, noSubject.Body.GetProperty("error_code").GetInt32()).Should().Be((404, 40401));
        (noVersion.Status, noVersion.Body.GetProperty("error_code").GetInt32()).Should().Be((404, 40402));
        (noSchema.Status, noSchema.Body.GetProperty("error_code").GetInt32()).Should().Be((404, 40403));
        (notUnder.Status, notUnder.Body.GetProperty("error_code").GetInt32()).Should().Be((404, 40403));
        noSubject.Body.GetProperty("message").GetString().Should().Contain("not found");
    }

    [Fact]
    public async Task Get_InvalidVersion_Is42202()
    {
        var subject = Schemas.Subject("v");
        await _registry.RegisterAsync(subject, Schemas.PointV1);

        var (status, body) = await _registry.SendAsync(HttpMethod.Get, $"/subjects/{subject}/versions/first");

        status.Should().Be(422);
        body.GetProperty("error_code").GetInt32().Should().Be(42202);
    }

    [Fact]
    public async Task Config_DefaultIsBackward_AndGlobalAndSubjectLevelsCanBeSet()
    {
        var subject = Schemas.Subject("cfg");

        var global = await _registry.SendAsync(HttpMethod.Get, "/config");
        var set = await _registry.SendAsync(HttpMethod.Put, $"/config/{subject}", """{"compatibility":"full_transitive"}""");
        var own = await _registry.SendAsync(HttpMethod.Get, $"/config/{subject}");
        var other = await _registry.SendAsync(HttpMethod.Get, $"/config/{Schemas.Subject("other")}");
        var otherDefaulted = await _registry.SendAsync(HttpMethod.Get, $"/config/{Schemas.Subject("other")}?defaultToGlobal=true");

        global.Body.GetProperty("compatibilityLevel").GetString().Should().Be("BACKWARD");
        set.Status.Should().Be(200);
        set.Body.GetProperty("compatibility").GetString().Should().Be("FULL_TRANSITIVE");
        own.Body.GetProperty("compatibilityLevel").GetString().Should().Be("FULL_TRANSITIVE");
        (other.Status, other.Body.GetProperty("error_code").GetInt32()).Should().Be((404, 40408));
        otherDefaulted.Body.GetProperty("compatibilityLevel").GetString().Should().Be("BACKWARD");
    }

    [Fact]
    public async Task Config_InvalidLevel_Is42203()
    {
        var (status, body) = await _registry.SendAsync(HttpMethod.Put, "/config", """{"compatibility":"MOSTLY"}""");

        status.Should().Be(422);
        body.GetProperty("error_code").GetInt32().Should().Be(42203);
    }

    [Fact]
    public async Task Config_SubjectLevelNone_AllowsAnIncompatibleChange()
    {
        var subject = Schemas.Subject("none");
        await _registry.RegisterAsync(subject, Schemas.PointV1);
        await _registry.SendAsync(HttpMethod.Put, $"/config/{subject}", """{"compatibility":"NONE"}""");

        var (status, _) = await _registry.RegisterAsync(subject, Schemas.PointRequiredRegion);

        status.Should().Be(200);
    }

    [Fact]
    public async Task Compatibility_AgainstLatest_ReportsIncompatibleWithMessagesWhenVerbose()
    {
        var subject = Schemas.Subject("check");
        await _registry.RegisterAsync(subject, Schemas.PointV1);

        var bad = await _registry.SendAsync(HttpMethod.Post, $"/compatibility/subjects/{subject}/versions/latest?verbose=true", RegistryHarness.Body(Schemas.PointRequiredRegion));
        var good = await _registry.SendAsync(HttpMethod.Post, $"/compatibility/subjects/{subject}/versions/1", RegistryHarness.Body(Schemas.PointV2));

        bad.Status.Should().Be(200);
        bad.Body.GetProperty("is_compatible").GetBoolean().Should().BeFalse();
        bad.Body.GetProperty("messages").EnumerateArray().Should().ContainSingle().Which.GetString().Should().Contain("region");
        good.Body.GetProperty("is_compatible").GetBoolean().Should().BeTrue();
        good.Body.TryGetProperty("messages", out _).Should().BeFalse();
    }

    [Fact]
    public async Task DeleteSubject_SoftDeletes_ListsTheVersionsAndTheIdStillResolves()
    {
        var subject = Schemas.Subject("del");
        var id = (await _registry.RegisterAsync(subject, Schemas.PointV1)).Body.GetProperty("id").GetInt32();

        var deleted = await _registry.SendAsync(HttpMethod.Delete, $"/subjects/{subject}");

        deleted.Body.GetRawText().Should().Be("[1]");
        (await _registry.SendAsync(HttpMethod.Get, $"/subjects/{subject}/versions")).Status.Should().Be(404);
        (await _registry.SendAsync(HttpMethod.Get, $"/schemas/ids/{id}")).Status.Should().Be(200);
    }

    [Fact]
    public async Task DeleteSubject_Permanent_Is400SayingOnlySoftDeletes()
    {
        var subject = Schemas.Subject("hard");
        await _registry.RegisterAsync(subject, Schemas.PointV1);

        var (status, body) = await _registry.SendAsync(HttpMethod.Delete, $"/subjects/{subject}?permanent=true");

        status.Should().Be(400);
        body.GetProperty("message").GetString().Should().Contain("not supported");
        (await _registry.SendAsync(HttpMethod.Get, $"/subjects/{subject}/versions")).Status.Should().Be(200);
    }

    [Fact]
    public async Task Register_SubjectWithASlash_IsStoredAndListedUnescaped()
    {
        var subject = $"team/{Schemas.Subject("slash")}";

        var id = await _registry.Client.RegisterAsync(subject, Schemas.PointV1);

        (await _registry.Client.GetSubjectsAsync()).Should().Contain(subject);
        (await _registry.Client.GetLatestAsync(subject)).Id.Should().Be(id);
    }

    [Fact]
    public async Task SchemaEndpoints_RawSchemaAndTypes_Answer()
    {
        var subject = Schemas.Subject("raw");
        var id = (await _registry.RegisterAsync(subject, Schemas.PointV1)).Body.GetProperty("id").GetInt32();

        var raw = await _registry.SendAsync(HttpMethod.Get, $"/schemas/ids/{id}/schema");
        var rawVersion = await _registry.SendAsync(HttpMethod.Get, $"/subjects/{subject}/versions/1/schema");
        var types = await _registry.SendAsync(HttpMethod.Get, "/schemas/types");

        raw.Body.GetProperty("name").GetString().Should().Be("Point");
        rawVersion.Body.GetRawText().Should().Be(raw.Body.GetRawText());
        types.Body.GetRawText().Should().Be("""["AVRO"]""");
    }

    [Fact]
    public async Task UnknownPath_Is404WithConfluentErrorBody()
    {
        var (status, body) = await _registry.SendAsync(HttpMethod.Get, "/no/such/endpoint");

        status.Should().Be(404);
        body.GetProperty("error_code").GetInt32().Should().Be(404);
    }

    [Fact]
    public async Task Healthz_ReadyServer_Is200()
    {
        var (status, body) = await _registry.SendAsync(HttpMethod.Get, "/healthz");

        status.Should().Be(200);
        body.GetProperty("status").GetString().Should().Be("ready");
    }

    private static string Parse(string schema) => MetricStream.Avro.Schemas.AvroSchema.Parse(schema).ToJson();
}
