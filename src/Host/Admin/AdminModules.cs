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
        return modules;
    }
}
