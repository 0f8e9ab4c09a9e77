using Wharf.Hosting.Control.Pools;
using Wharf.Www.Pools;

namespace Wharf.Www.Tests.Pools;

internal static class PoolTestWorkers
{
    public static WorkerRoute Route(string id, WorkerRole role = WorkerRole.Active, string? endpoint = null) =>
        new() { Id = id, Pid = 1000, Endpoint = endpoint ?? "unix:/tmp/" + id.Replace('#', '-') + ".sock", Role = role };

    public static WorkerSlot Slot(string id, TimeProvider time) =>
        new(id.Split('#')[0], Route(id), time, (_, _) => { });
}
