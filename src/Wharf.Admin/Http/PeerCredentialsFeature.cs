using Wharf.Config.Store;
using Wharf.Hosting;

namespace Wharf.Admin.Http;

/// <summary>Who is at the other end of an admin-socket connection, read once at accept (SO_PEERCRED).</summary>
internal sealed record PeerCredentialsFeature(PeerCredentials Peer, string UserName)
{
    public Actor ToActor() => new(UserName, Peer.Uid, Peer.Pid);
}
