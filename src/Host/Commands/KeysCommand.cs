using System.CommandLine;
using MetricStream.Edge.Tenants;
using MetricStream.Host.Cli;
using MetricStream.Host.Roles;

namespace MetricStream.Host.Commands;

/// <summary><c>metricstream keys add --tenant T [--admin] [--api-keys FILE]</c>: makes a key, stores its hash, prints the key once.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant the key writes as (1-64 of A-Z a-z 0-9 _ . -)", Required = true };
        var admin = new Option<bool>("--admin") { Description = "Also allow the admin API (/admin/tenants/{tenant}/policies)" };
        var file = new Option<FileInfo>("--api-keys") { Description = "API key file [default: Edge:ApiKeys from configuration]" };
        var add = new Command("add", "Create an API key for a tenant: its SHA-256 goes into the key file, the key is printed once on standard output.")
        {
            tenant,
            admin,
            file,
        };
        var keys = new Dictionary<Option, string> { [file] = $"{EdgeSettings.Section}:ApiKeys" };
        add.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = HostConfiguration.Build(parse, keys);
            var path = configuration[$"{EdgeSettings.Section}:ApiKeys"];
            if (string.IsNullOrWhiteSpace(path))
            {
                await Console.Error.WriteLineAsync("error: give --api-keys FILE (or Edge:ApiKeys in configuration)");
                return 2;
            }

            try
            {
                var key = await KeyStore.AddAsync(path, parse.GetValue(tenant)!, parse.GetValue(admin) ? KeyRole.Admin : KeyRole.Write, cancellationToken);
                Console.WriteLine(key);
                return 0;
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 2;
            }
        });
        return new Command("keys", "Manage the edge's API keys.") { add };
    }
}
