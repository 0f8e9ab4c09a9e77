using System.CommandLine;
using System.Text.Json;
using Wharf.Cli.Commands;
using Wharf.Config;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Admin;

/// <summary>
/// `wharf config`: `validate [FILE]` reads the file itself, so it works with Wharf stopped; every
/// other subcommand is a client of the admin API (ConfigApiCommands).
/// </summary>
internal static class ConfigCommands
{
    public static Command Create(Option<string?> root, CliConsole console)
    {
        var config = new Command("config", "Work with the configuration (config/wharf.json).");

        var file = new Argument<string?>("FILE")
        {
            Description = "The file to check; default: config/wharf.json under the data root.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var json = ServiceCommands.JsonOption();
        var validate = new Command("validate", "Check a configuration file; print every error as `path: message`.") { file, json };
        validate.SetAction(result =>
        {
            var path = result.GetValue(file) is { Length: > 0 } given
                ? Path.GetFullPath(given)
                : ServiceCommands.FindRoot(result, root).ConfigFile;
            return Validate(path, result.GetValue(json), console);
        });
        config.Add(validate);

        foreach (var command in ConfigApiCommands.Create(root, console)) config.Add(command);
        return config;
    }

    internal static int Validate(string path, bool json, CliConsole console)
    {
        var loaded = ConfigReader.Load(path);

        if (json)
        {
            var report = new ConfigValidationReport(path, loaded.IsValid, loaded.Errors);
            console.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.ConfigValidationReport));
        }
        else if (loaded.IsValid)
        {
            console.Out.WriteLine($"{path}: valid");
        }
        else
        {
            foreach (var error in loaded.Errors) console.Out.WriteLine(error.ToString());
            if (loaded.Errors.Count == 0) console.Out.WriteLine($"{path}: invalid");
        }
        return loaded.IsValid ? ExitCodes.Ok : ExitCodes.InvalidConfig;
    }
}
