using Yarp.ReverseProxy.Forwarder;

namespace Wharf.Www.Pools.Fast;

/// <summary>
/// How one attempt to have a worker answer a request ended, by either path: YARP's words for what
/// failed, and whether any of the request reached the worker whole (only a request that did not
/// may go to another worker).
/// </summary>
internal readonly record struct SendOutcome(ForwarderError Error, bool Written, Exception? Exception = null)
{
    public static readonly SendOutcome Served = new(ForwarderError.None, Written: true);
}
