using Wharf;
using Wharf.Cli;
using Wharf.Hosting;
using Wharf.Supervisor;

var hooks = new CliHooks(
    Serve: (root, cancellationToken) => SupervisorHost.ServeAsync(root, ServiceCatalog.All, cancellationToken),
    RunService: async (name, root) =>
    {
        if (ServiceCatalog.Find(name) is not { } definition)
        {
            Console.Error.WriteLine($"wharf: no service named '{name}'; services: {string.Join(", ", ServiceCatalog.All.Select(d => d.Name))}");
            return ExitCodes.Usage;
        }
        return await ServiceHost.RunAsync(definition, root);
    });

return await WharfCommandLine.RunAsync(args, hooks);
