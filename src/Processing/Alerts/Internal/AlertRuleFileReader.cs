using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MetricStream.Processing.Alerts.Internal;

/// <summary>Reads the rules of an alert rule file (format: src/Processing/Alerts/README.md).</summary>
internal sealed partial class AlertRuleFileReader(string fileName) : YamlRuleReader(fileName)
{
    public static readonly string[] ConditionKinds = ["threshold", "n_of_m", "rate_of_change", "absence", "sequence"];
    private static readonly string[] RuleKeys = ["id", "description", "select", "aggregate", "labels", "annotations", .. ConditionKinds];
    private static readonly string[] WindowKeys = ["op", "value", "for", "keep_firing_for"];

    public List<AlertRule> ReadRules(YamlMappingNode root)
    {
        CheckKeys(root, ["rules", "description"], "file");
        var rules = new List<AlertRule>();
        if (Child(root, "rules") is not YamlSequenceNode items)
        {
            Add("rules", Child(root, "rules") ?? root, "missing or not a list: 'rules'.", "add 'rules:' with a list of rules, each '- id: ...'.");
            return rules;
        }

        return ReadRuleList(items);
    }

    /// <summary>Reads a list of rules (a file's 'rules', or an alert processor's inline 'rules' in a topology file).</summary>
    public List<AlertRule> ReadRuleList(YamlSequenceNode items)
    {
        var rules = new List<AlertRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in items)
        {
            if (item is not YamlMappingNode map)
            {
                Add($"rules[{index}]", item, "a rule must be a mapping.", "write '- id: x' followed by 'select:', 'aggregate:' and a condition.");
            }
            else if (ReadRule(map, index) is { } rule)
            {
                if (seen.Add(rule.Id))
                {
                    rules.Add(rule);
                }
                else
                {
                    Add($"rules[{rule.Id}].id", Child(map, "id")!, $"duplicate rule id '{rule.Id}'.", "give every rule a unique id.");
                }
            }

            index++;
        }

        return rules;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex IdPattern();

    private AlertRule? ReadRule(YamlMappingNode map, int index)
    {
        var before = Issues.Count;
        var id = Scalar(map, "id", $"rules[{index}]", required: true);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            Add($"rules[{index}].id", Child(map, "id")!, $"'{id}' is not a rule id.", "use letters, digits, '_', '-' and '.', e.g. 'cpu-high'.");
        }

        var path = $"rules[{id ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";
        CheckKeys(map, RuleKeys, path);
        var kinds = ConditionKinds.Where(k => Child(map, k) is not null).ToList();
        if (kinds.Count == 0 && Issues.Count > before)
        {
            return null; // a misspelt condition: the "did you mean" already says it
        }

        if (kinds.Count != 1)
        {
            Add(path, map, kinds.Count == 0 ? "the rule has no condition." : $"a rule has exactly one condition, but this one has {string.Join(" and ", kinds)}.", $"keep one of {string.Join(", ", ConditionKinds)}; write another rule for another condition.");
            return null;
        }

        var kind = kinds[0];
        var windowed = kind is not ("absence" or "sequence");
        var select = Mapping(map, "select", path, "{ measurement: cpu, field: usage_user }") is { } s ? ReadSelect(s, path + ".select", kind) : null;
        var aggregate = windowed ? Aggregate(map, path) : null;
        if (!windowed && Child(map, "aggregate") is { } stray)
        {
            Add(path + ".aggregate", stray, $"'{kind}' rules do not use the rule's 'aggregate'.", kind == "sequence" ? "set 'aggregate' in each step ('first', 'then')." : "remove 'aggregate'.");
        }

        var condition = Mapping(map, kind, path, Example(kind)) is { } c ? ReadCondition(c, kind, $"{path}.{kind}") : null;
        var labels = Templates(map, "labels", path);
        var annotations = Templates(map, "annotations", path);
        if (Issues.Count > before || id is null || select is null || condition is null)
        {
            return null;
        }

        return new AlertRule(id, select, condition)
        {
            Aggregate = aggregate ?? Aggregation.AggregateKind.Last,
            Labels = labels,
            Annotations = annotations,
        };
    }

    private SeriesSelector ReadSelect(YamlMappingNode map, string path, string kind)
    {
        CheckKeys(map, ["tenant", "measurement", "field", "tags"], path);
        var sequence = kind == "sequence";
        foreach (var key in sequence ? (string[])["measurement", "field"] : [])
        {
            if (Child(map, key) is { } node)
            {
                Add($"{path}.{key}", node, $"a sequence names its measurements and fields in its steps.", $"move '{key}' into 'first' and 'then'; keep 'tenant' and 'tags' here.");
            }
        }

        var tags = new List<TagMatcher>();
        if (Child(map, "tags") is { } tagsNode)
        {
            if (tagsNode is YamlMappingNode pairs)
            {
                foreach (var (k, v) in pairs.Children)
                {
                    if (ReadTagMatcher(k, v, $"{path}.tags") is { } matcher)
                    {
                        tags.Add(matcher);
                    }
                }
            }
            else
            {
                Add($"{path}.tags", tagsNode, "'tags' must be a mapping of tag keys to matchers.", "write 'tags: { cpu: cpu-total, host: { regex: \"web-.*\" }, env: { not: test } }'.");
            }
        }

        return new SeriesSelector
        {
            Tenants = List(map, "tenant", path),
            Measurement = sequence ? null : Scalar(map, "measurement", path, required: true),
            Field = sequence ? null : Scalar(map, "field", path, required: kind != "absence"),
            Tags = tags,
        };
    }

    private TagMatcher? ReadTagMatcher(YamlNode keyNode, YamlNode valueNode, string path)
    {
        const string Fix = "write 'key: value' (equals), 'key: { not: value }' or 'key: { regex: \"pattern\" }'.";
        if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
        {
            Add(path, keyNode, "a tag key must be a single value.", Fix);
            return null;
        }

        if (valueNode is YamlScalarNode { Value: { } equals })
        {
            return TagMatcher.Equal(key, equals);
        }

        if (valueNode is not YamlMappingNode { Children.Count: 1 } matcher
            || matcher.Children.Single() is not (YamlScalarNode { Value: { } op }, YamlScalarNode { Value: { } operand }))
        {
            Add($"{path}.{key}", valueNode, $"tag '{key}' needs one matcher.", Fix);
            return null;
        }

        switch (op)
        {
            case "equals":
                return TagMatcher.Equal(key, operand);
            case "not":
                return TagMatcher.NotEqual(key, operand);
            case "regex":
                try
                {
                    return TagMatcher.Matching(key, operand);
                }
                catch (ArgumentException ex)
                {
                    Add($"{path}.{key}.regex", matcher.Children.Single().Value, $"'{operand}' is not a regular expression: {ex.Message}", "fix the pattern (.NET syntax, no backreferences or lookarounds); it must match the whole value.");
                    return null;
                }

            default:
                Add($"{path}.{key}.{op}", matcher.Children.Single().Key, $"unknown tag matcher '{op}'.", Topology.Internal.Suggest.DidYouMean(op, ["equals", "not", "regex"]));
                return null;
        }
    }

    private AlertCondition? ReadCondition(YamlMappingNode map, string kind, string path) => kind switch
    {
        "threshold" => ReadWindowed(map, path, [], (op, value) => new ThresholdCondition(op, value)),
        "n_of_m" => ReadNOfM(map, path),
        "rate_of_change" => ReadWindowed(map, path, ["over"], (op, value) => Duration(map, "over", path, required: true, positive: true) is { } over ? new RateOfChangeCondition(op, value, over) : null),
        "absence" => ReadAbsence(map, path),
        _ => SequenceReader.Read(this, map, path),
    };

    private NOfMCondition? ReadNOfM(YamlMappingNode map, string path)
    {
        var m = Child(map, "m") is null ? null : Integer(map, "m", path, 1, 64);
        return ReadWindowed(map, path, ["n", "m"], (op, value) =>
        {
            var n = Integer(map, "n", path, 1, m ?? 64);
            if (m is null && Child(map, "m") is null)
            {
                Add($"{path}.m", map, "missing 'm' (windows considered).", "add e.g. 'n: 3' and 'm: 5' (3 of the last 5 windows).");
            }

            return n is null || m is null ? null : new NOfMCondition(op, value, n.Value, m.Value);
        });
    }

    private T? ReadWindowed<T>(YamlMappingNode map, string path, string[] extraKeys, Func<ComparisonOperator, double, T?> create)
        where T : WindowCondition
    {
        CheckKeys(map, [.. WindowKeys, .. extraKeys], path);
        var op = Operator(map, path);
        var value = Number(map, "value", path, required: true);
        var forDuration = Duration(map, "for", path, required: false, positive: false) ?? TimeSpan.Zero;
        var keep = Duration(map, "keep_firing_for", path, required: false, positive: false) ?? TimeSpan.Zero;
        var condition = op is { } o && value is { } v ? create(o, v) : null;
        return condition is null ? null : condition with { For = forDuration, KeepFiringFor = keep };
    }

    private AbsenceCondition? ReadAbsence(YamlMappingNode map, string path)
    {
        CheckKeys(map, ["for", "expire_after"], path);
        var forDuration = Duration(map, "for", path, required: true, positive: true);
        var expire = Duration(map, "expire_after", path, required: false, positive: true);
        if (forDuration is { } f && expire is { } e && e <= f)
        {
            Add($"{path}.expire_after", Child(map, "expire_after")!, $"'expire_after' must be longer than 'for' ({Windows.Durations.Format(f)}).", "write e.g. 'expire_after: 24h', or leave it out (default: 30 x for, at least 1h).");
            return null;
        }

        return forDuration is { } d ? new AbsenceCondition(d) { ExpireAfter = expire } : null;
    }

    private static string Example(string kind) => kind switch
    {
        "threshold" => "{ op: \">\", value: 90, for: 5m }",
        "n_of_m" => "{ op: \">\", value: 90, n: 3, m: 5 }",
        "rate_of_change" => "{ op: \">\", value: 0.5, over: 10m }",
        "absence" => "{ for: 2m }",
        _ => "{ on: host, within: 10m, first: {...}, then: {...} }",
    };
}
