using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MetricStream.Host.Admin.Page;

/// <summary>
/// The operators' page: <c>GET /</c> answers <c>index.html</c> and <c>GET /page/{file}</c> its scripts, styles and
/// icons. The files are embedded in the executable (logical names <c>page/&lt;file&gt;</c>, see the project file), so
/// the page needs no internet access, no CDN and no build step at run time. Public: the page holds no data of its
/// own; it reads the admin API and <c>/api/live</c> from the browser, with the admin key the operator types in.
/// </summary>
internal sealed class PageModule : IAdminModule
{
    private const string Prefix = "page/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Read once: the assets never change while the process runs.
    private readonly FrozenDictionary<string, byte[]> _files = Load();

    /// <summary>The embedded file names, e.g. <c>index.html</c>.</summary>
    public IEnumerable<string> Files => _files.Keys;

    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder endpoints, AdminKeyCheck auth)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", context => ServeAsync(context, "index.html"));
        endpoints.MapGet("/page/{file}", context => ServeAsync(context, context.Request.RouteValues["file"] as string ?? string.Empty));
    }

    private Task ServeAsync(HttpContext context, string file)
    {
        if (!_files.TryGetValue(file, out var bytes) || !ContentTypes.TryGetValue(Path.GetExtension(file), out var type))
        {
            return AdminKeyCheck.ErrorAsync(context, StatusCodes.Status404NotFound, "not found", $"the page has no file '{file}'");
        }

        context.Response.ContentType = type;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'";
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(PageModule).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[Prefix.Length..]] = copy.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
