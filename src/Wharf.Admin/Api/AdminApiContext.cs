using Wharf.Admin.HandEdits;
using Wharf.Config.Store;
using Wharf.Hosting;

namespace Wharf.Admin.Api;

/// <summary>What the admin service gives every module's endpoints: its process, the store, the commit path and the hand-edit state.</summary>
internal sealed record AdminApiContext(ServiceContext Service, ConfigStore Store, CommitPipeline Commits, FileAdoption Adoption);
