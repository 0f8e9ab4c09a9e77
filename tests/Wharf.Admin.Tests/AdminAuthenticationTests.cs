using Microsoft.AspNetCore.Http;
using Wharf.Admin.Http;
using Wharf.Hosting;

namespace Wharf.Admin.Tests;

public sealed class AdminAuthenticationTests
{
    private const uint Owner = 1000;
    private const uint AdminsGid = 4242;

    private readonly AdminAuthentication _authorization = new(new LocalAdminPolicy(Owner, () => AdminsGid, _ => []), remote: null);
    private bool _passed;

    private Task NextAsync(HttpContext context)
    {
        _passed = true;
        return Task.CompletedTask;
    }

    private async Task<HttpContext> CallAsync(PeerCredentials? peer)
    {
        var context = HttpContexts.New();
        if (peer is { } p) context.Features.Set(new PeerCredentialsFeature(p, "someone"));
        await _authorization.InvokeAsync(context, NextAsync);
        return context;
    }

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(Owner, 100u)]
    [InlineData(2000u, AdminsGid)]
    public async Task Root_the_owner_and_wharf_admins_reach_the_endpoint(uint uid, uint gid)
    {
        var context = await CallAsync(new PeerCredentials(1, uid, gid));

        Assert.True(_passed);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("", HttpContexts.BodyText(context));
    }

    [Fact]
    public async Task Anyone_else_gets_403_with_the_policys_refusal_as_a_json_error_and_the_endpoint_never_runs()
    {
        var peer = new PeerCredentials(1, 65534, 65534);

        var context = await CallAsync(peer);

        Assert.False(_passed);
        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.StartsWith("application/json", context.Response.ContentType);
        var refusal = new LocalAdminPolicy(Owner, () => AdminsGid, _ => []).Check(peer);
        Assert.Equal(refusal, (string?)HttpContexts.BodyJson(context)["error"]);
    }

    [Fact]
    public async Task A_connection_without_peer_credentials_is_refused_not_trusted()
    {
        // Only the Unix socket's accept hook sets them: a caller from anywhere else is unknown.
        var context = await CallAsync(null);

        Assert.False(_passed);
        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.Contains("identity is unknown", (string?)HttpContexts.BodyJson(context)["error"]);
    }

    [Fact]
    public async Task The_caller_on_the_unix_socket_is_an_admin_named_unix_user_and_is_its_actor_in_the_audit_log()
    {
        var context = HttpContexts.New();
        context.Features.Set(new PeerCredentialsFeature(new PeerCredentials(321, 1000, 1000), "alice"));
        await _authorization.InvokeAsync(context, NextAsync);

        var caller = AdminCaller.Of(context);
        var actor = caller.ToActor();

        Assert.Equal(Wharf.Config.Accounts.AdminRole.Admin, caller.Role);
        Assert.Equal(("unix:alice", 1000u, 321), (actor.User, actor.Uid, actor.Pid));
        Assert.Throws<InvalidOperationException>(() => AdminCaller.Of(HttpContexts.New()));
    }
}
