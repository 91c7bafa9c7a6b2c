namespace MetricStream.Host.Admin;

/// <summary>The modules every admin listener serves, built from what runs in the process.</summary>
internal static class AdminModules
{
    /// <summary>The modules for <paramref name="context"/>; one line per module.</summary>
    /// <param name="context">The roles in this process.</param>
    /// <returns>The modules, in mapping order.</returns>
    public static IReadOnlyList<IAdminModule> For(AdminContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var modules = new List<IAdminModule>();
        modules.Add(new Page.PageModule());
        modules.Add(new Live.LiveModule(context));
        modules.Add(new Status.StatusModule(context));
        modules.Add(new Topologies.TopologiesModule(context));
        modules.Add(new Tenants.TenantsModule(context, () => Tenants.KeyFileTenants.Read(context.ApiKeysFile)));
        modules.Add(new OpenApi.OpenApiModule());
        modules.Add(new Metrics.MetricsModule(context));
        modules.Add(new AlertRules.AlertRulesModule(context));
        return modules;
    }
}
