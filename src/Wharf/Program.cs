using Wharf;
using Wharf.Cli;
using Wharf.Hosting;
using Wharf.Hosting.Launch;
using Wharf.Supervisor;

// The launch step becomes another program at once: nothing of the command line is set up for it.
if (args is [ExecStep.Command]) return ExecStep.Main();

var hooks = new CliHooks(
    Serve: (root, cancellationToken) => SupervisorHost.ServeAsync(root, ServiceCatalog.For(root), cancellationToken),
    RunService: async (name, root) =>
    {
        if (ServiceCatalog.For(root).FirstOrDefault(d => d.Name == name) is not { } definition)
        {
            Console.Error.WriteLine($"wharf: no service named '{name}'; services: {string.Join(", ", ServiceCatalog.Names)}");
            return ExitCodes.Usage;
        }
        return await ServiceHost.RunAsync(definition, root);
    },
    Modules: ServiceCatalog.CliModules);

return await WharfCommandLine.RunAsync(args, hooks);
