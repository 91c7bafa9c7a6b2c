using System.Text.Json.Nodes;
using MetricStream.Avro.Compatibility;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Tests.Interop;

/// <summary>
/// Our reader/writer compatibility against python3-avro's checker (a port of Java's
/// SchemaCompatibility, which Confluent's registry uses), over pairs covering each resolution rule;
/// and: whenever we call a pair compatible, our resolving reader builds for it.
/// </summary>
public class PythonCompatibilityTests
{
    private static readonly string[] Schemas =
    [
        "\"int\"", "\"long\"", "\"float\"", "\"double\"", "\"string\"", "\"bytes\"", "\"null\"", "\"boolean\"",
        """["null","int"]""", """["null","long"]""", """["null","string"]""", """["int","string"]""", """["null","double","string"]""",
        """{"type":"array","items":"int"}""", """{"type":"array","items":"long"}""", """{"type":"map","values":"string"}""", """{"type":"map","values":"bytes"}""",
        """{"type":"enum","name":"E","symbols":["A","B"]}""", """{"type":"enum","name":"E","symbols":["A","B","C"]}""",
        """{"type":"enum","name":"E","symbols":["A"],"default":"A"}""", """{"type":"enum","name":"F","symbols":["A","B"]}""",
        """{"type":"fixed","name":"X","size":4}""", """{"type":"fixed","name":"X","size":8}""", """{"type":"fixed","name":"n.X","size":4}""",
        """{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}""",
        """{"type":"record","name":"R","fields":[{"name":"a","type":"long"}]}""",
        """{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"}]}""",
        """{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string","default":"x"}]}""",
        """{"type":"record","name":"R","fields":[{"name":"b","type":"string","default":"x"}]}""",
        """{"type":"record","name":"R","fields":[{"name":"z","type":"int","aliases":["a"]}]}""",
        """{"type":"record","name":"S","aliases":["R"],"fields":[{"name":"a","type":"int"}]}""",
        """{"type":"record","name":"S","fields":[{"name":"a","type":"int"}]}""",
        """{"type":"record","name":"L","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","L"]}]}""",
        """{"type":"record","name":"L","fields":[{"name":"v","type":"long"},{"name":"next","type":["null","L"]}]}""",
        """["null",{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}]""",
    ];

    [Fact]
    public void CanRead_AgreesWithPythonAvroOnEveryPair()
    {
        using var python = new PythonAvro();
        var pairs = Schemas.SelectMany(r => Schemas.Select(w => (Reader: r, Writer: w))).ToList();
        var input = new JsonArray([.. pairs.Select(p => (JsonNode)new JsonArray(p.Reader, p.Writer))]);

        python.Run("compat", python.WriteText("pairs.json", PythonAvro.Serialize(input)), python.PathOf("out.json"));

        var theirs = python.ReadJson("out.json").AsArray().Select(n => n!.GetValue<bool>()).ToList();
        var disagreements = pairs.Zip(theirs)
            .Where(x => SchemaCompatibility.CanRead(AvroSchema.Parse(x.First.Reader), AvroSchema.Parse(x.First.Writer)).IsCompatible != x.Second)
            .Select(x => $"reader {x.First.Reader} writer {x.First.Writer}: python says {x.Second}")
            .ToList();

        // The one known difference: python3-avro 1.11 compares named types by full name, while the
        // specification ("both schemas are fixed/records/enums with the same (unqualified) name") and
        // Java's SchemaCompatibility (Confluent's registry) compare unqualified names, as we do.
        disagreements.Should().BeEquivalentTo(
            $"reader {Schemas[21]} writer {Schemas[23]}: python says False",
            $"reader {Schemas[23]} writer {Schemas[21]}: python says False");
        theirs.Count(t => t).Should().BeInRange(50, pairs.Count - 50, "the pairs must exercise both outcomes");
    }

    [Fact]
    public void ToCanonicalForm_AgreesWithPythonAvro()
    {
        // Schemas without logical types: python3-avro 1.11 keeps {"type":"long"} for an annotated
        // primitive where the PRIMITIVES rule says "long" (see CanonicalFormTests). Nor "namespace": "",
        // which python3-avro treats as "inherit" where Java and the specification mean the null namespace.
        string[] extra =
        [
            """{"type":"record","name":"Outer","namespace":"a.b","doc":"d","aliases":["X"],"fields":[{"name":"in","type":{"type":"record","name":"Inner","fields":[{"name":"e","type":{"type":"enum","name":"c.E","symbols":["S"],"default":"S"}}]},"default":{"e":"S"},"order":"descending"},{"name":"again","type":"Inner"},{"name":"f","type":{"type":"fixed","name":"F","size":3}}]}""",
            """{"type":"map","values":{"type":"array","items":["null",{"type":"fixed","name":"G","size":16}]},"custom":1}""",
        ];
        var texts = Schemas.Concat(extra).ToList();
        using var python = new PythonAvro();

        python.Run("canonical", python.WriteText("schemas.json", PythonAvro.Serialize(new JsonArray([.. texts.Select(t => (JsonNode)t)]))), python.PathOf("out.json"));

        var theirs = python.ReadJson("out.json").AsArray().Select(n => n!.GetValue<string>()).ToList();
        texts.Select(t => AvroSchema.Parse(t).ToCanonicalForm()).Should().Equal(theirs);
    }

    [Fact]
    public void CanRead_Compatible_ImpliesResolvingReaderBuilds()
    {
        var schemas = Schemas.Concat(ProductSchemas.FileNames.Select(ProductSchemas.Json)).Select(AvroSchema.Parse).ToList();
        foreach (var reader in schemas)
        {
            foreach (var writer in schemas.Where(w => SchemaCompatibility.CanRead(reader, w).IsCompatible))
            {
                var build = () => new GenericDatumReader(writer, reader);
                build.Should().NotThrow($"reader {reader} can read writer {writer}");
            }
        }
    }
}
