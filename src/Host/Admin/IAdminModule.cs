using Microsoft.AspNetCore.Routing;

namespace MetricStream.Host.Admin;

/// <summary>
/// One part of the admin listener's HTTP API (alert rules, tenants, topologies, status, the page): the
/// listener maps every module it is given when it starts.
/// </summary>
internal interface IAdminModule
{
    /// <summary>Maps the module's endpoints.</summary>
    /// <param name="endpoints">The listener's routes.</param>
    /// <param name="auth">Checks the admin key of requests that change or read protected state.</param>
    void Map(IEndpointRouteBuilder endpoints, AdminKeyCheck auth);
}
