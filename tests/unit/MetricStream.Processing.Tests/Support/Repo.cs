namespace MetricStream.Processing.Tests.Support;

/// <summary>Paths in the repository, found from the test assembly's location.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    public static string Topologies => Path.Combine(Root, "topologies");

    public static string RollupsYaml => Path.Combine(Topologies, "rollups.yaml");

    public static string RollupFixtures => Path.Combine(Topologies, "fixtures", "rollups");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "topologies", "rollups.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (with topologies/rollups.yaml) not found");
    }
}
