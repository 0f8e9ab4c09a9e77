using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Commands;
using Wharf.Cli.Modules.Www.Sites;
using Wharf.Cli.Rendering;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Www.AppPools;

/// <summary>`wharf apppool add|remove|set` (one change each, made against the version read) and `start|stop|recycle`.</summary>
internal static class AppPoolChangeCommands
{
    public static IEnumerable<Command> Create(Option<string?> root, CliConsole console)
    {
        yield return Add(root, console);
        yield return Remove(root, console);
        yield return Action(root, console, "start", "Start a pool: its state becomes started in the configuration, and rapid-fail protection is cleared; alwaysRunning workers start at once, others on the first request.");
        yield return Action(root, console, "stop", "Stop a pool: its state becomes stopped in the configuration (kept across restarts); its workers drain and stop, and its requests are answered 503.");
        yield return Action(root, console, "recycle", "Recycle a pool's workers, overlapped: each new worker is ready before the old one stops taking requests, and the old one finishes what it holds.");
        yield return Set(root, console);
    }

    private static Command Add(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "The new pool's name (unique, ignoring case)." };
        var command = new Option<string?>("--command")
        {
            HelpName = "PATH",
            Description = "The program the workers run, by its absolute path (no shell, no PATH search). Without it the pool has no workers and www serves its applications' content itself.",
        };
        var arguments = new Option<string[]>("--arg") { HelpName = "A", AllowMultipleArgumentsPerToken = false, Description = "One argument of the program; repeat in order." };
        var environment = new Option<string[]>("--env") { HelpName = "K=V", AllowMultipleArgumentsPerToken = false, Description = "One environment variable the workers get; repeat for more." };
        var workingDirectory = new Option<string?>("--working-directory") { HelpName = "D", Description = "The workers' working directory (absolute; default: the folder of the first site using the pool)." };
        var listen = new Option<string?>("--listen") { HelpName = "unix|tcp", Description = "Where a worker listens: a Unix socket (default) or a loopback port, named in ASPNETCORE_URLS (and PORT)." };
        listen.AcceptOnlyFromAmong("unix", "tcp");
        var maxProcesses = new Option<int?>("--max-processes") { HelpName = "N", Description = "Workers at once (1 to 64); more than one is a web garden." };
        var user = new Option<string?>("--user") { HelpName = "U", Description = "The account the workers run as when Wharf runs as root (default: an account of the pool's own)." };
        var startMode = new Option<string?>("--start-mode") { HelpName = "onDemand|alwaysRunning", Description = "Start a worker on the first request (default), or at once." };
        var json = ServiceCommands.JsonOption();
        var add = new Command("add", "Add an application pool; assign it to sites with `wharf site set SITE applicationPool=NAME` or `wharf app add --pool NAME`.")
        {
            name, command, arguments, environment, workingDirectory, listen, maxProcesses, user, startMode, json,
        };
        add.SetAction((result, token) =>
        {
            var poolName = result.GetValue(name)!.Trim();
            if (poolName.Length == 0) return Task.FromResult(Usage(console, "apppool add", "the pool needs a name"));
            var (pool, error) = AppPoolSpec.Build(poolName, result.GetValue(command), result.GetValue(arguments) ?? [], result.GetValue(environment) ?? [],
                result.GetValue(workingDirectory), result.GetValue(listen), result.GetValue(maxProcesses), result.GetValue(user), result.GetValue(startMode));
            if (pool is null) return Task.FromResult(Usage(console, "apppool add", error!));

            return SiteEdit.RunAsync(ServiceCommands.FindRoot(result, root), (document, version) =>
            {
                if (AppPoolFound.Find(document, poolName) is { } existing)
                    return new SitePlan.Refused($"there is already an application pool named {existing.Described}; pool names are unique, ignoring case", ExitCodes.InvalidConfig);
                var program = JsonText.String(pool["program"]?["command"]) is { } run ? $"runs {run}" : "no program: www serves its content";
                return new SitePlan.Change(AdminApi.AddAppPool(JsonText.OneLineOf(pool), version), $"added application pool {SiteDocument.Quote(poolName)} ({program})");
            }, result.GetValue(json), console, token);
        });
        return add;
    }

    private static Command Remove(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = AppPoolCommands.NameHelp };
        var json = ServiceCommands.JsonOption();
        var remove = new Command("remove", "Remove an application pool no site or application uses; its workers drain and stop.") { name, json };
        remove.SetAction((result, token) => SiteEdit.RunAsync(ServiceCommands.FindRoot(result, root), (document, version) =>
            AppPoolFound.Find(document, result.GetValue(name)!) is not { } pool
                ? SitePlan.NotFound(AppPoolFound.NoSuchPool(document, result.GetValue(name)!))
                : new SitePlan.Change(AdminApi.DeleteAppPool(pool.Name, version), $"removed application pool {pool.Described}"),
            result.GetValue(json), console, token));
        return remove;
    }

    private static Command Set(Option<string?> root, CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = AppPoolCommands.NameHelp };
        var field = new Argument<string>("FIELD")
        {
            Description = "A setting as `wharf apppool show` names it: a dotted path in the pool, such as processModel.idleTimeout, recycling.periodicRestart.requests or program.command.",
        };
        var value = new Argument<string>("VALUE") { Description = "JSON where it parses as what the field takes (1000, true, null, [\"a\"]), else text (00:05:00, /usr/bin/node)." };
        var json = ServiceCommands.JsonOption();
        var set = new Command("set", "Change one setting of a pool. A change to its configuration recycles its workers, overlapped, unless recycling.disallowRotationOnConfigChange.") { name, field, value, json };
        set.SetAction((result, token) =>
        {
            var key = result.GetValue(field)!.Trim();
            var (path, schema, error) = SiteSettings.Resolve(key, SiteSettings.ItemsOf("applicationPools"), "pool");
            if (error is not null) return Task.FromResult(Usage(console, "apppool set", error));
            if (path is ["name"]) return Task.FromResult(Usage(console, "apppool set", "a pool cannot be renamed: sites and applications name it; add a new pool, move them, then remove this one"));
            var setting = new SiteSetting(path, SiteSettings.Value(result.GetValue(value)!, schema!));

            return SiteEdit.RunAsync(ServiceCommands.FindRoot(result, root), (document, version) =>
            {
                if (AppPoolFound.Find(document, result.GetValue(name)!) is not { } pool)
                    return SitePlan.NotFound(AppPoolFound.NoSuchPool(document, result.GetValue(name)!));
                var (changed, problem) = SiteSettings.Apply(pool.Pool, [setting]);
                if (changed is null) return new SitePlan.Refused($"wharf apppool set: {problem}", ExitCodes.Usage);
                return new SitePlan.Change(AdminApi.PutAppPool(pool.Name, JsonText.OneLineOf(changed), version),
                    $"changed application pool {pool.Described}: {setting.Key}");
            }, result.GetValue(json), console, token);
        });
        return set;
    }

    private static Command Action(Option<string?> root, CliConsole console, string verb, string description)
    {
        var name = new Argument<string>("NAME") { Description = AppPoolCommands.NameHelp };
        var json = ServiceCommands.JsonOption();
        var command = new Command(verb, description) { name, json };
        command.SetAction((result, token) => AdminCommandRunner.RunAsync(ServiceCommands.FindRoot(result, root),
            AdminApi.AppPoolAction(result.GetValue(name)!.Trim(), verb), result.GetValue(json), console,
            (body, _, c) => AppPoolRenderer.Action(body as JsonObject ?? [], c), ActionExitCode, token));
        return command;
    }

    /// <summary>The answer's <c>ok</c>: false when the commit was not applied or the supervisor could not do it.</summary>
    internal static int ActionExitCode(JsonNode? body) => JsonText.Bool(body?["ok"]) == false ? ExitCodes.Failed : ExitCodes.Ok;

    private static int Usage(CliConsole console, string command, string message) => SiteCommands.Usage(console, command, message);
}
