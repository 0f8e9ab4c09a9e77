using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Admin;
using Wharf.Cli.Commands;
using Wharf.Cli.Rendering;
using Wharf.Hosting;

namespace Wharf.Cli.Modules.Admin;

/// <summary>
/// `wharf admin user add|remove|passwd|list` and `wharf admin token add|remove|list`: Wharf's own
/// administrator accounts and API tokens, through the admin API (docs/admin-security.md).
/// Passwords come from a prompt without echo, or from a file or stdin for scripts; never from
/// the command line, where `ps` shows them to every user.
/// </summary>
internal static class AccountCommands
{
    public static Command Create(Option<string?> root, CliConsole console)
    {
        var admin = new Command("admin", "Administrator accounts and API tokens of the admin endpoint (HTTPS, 8172) and the console.");
        admin.Add(Users(root, console));
        admin.Add(Tokens(root, console));
        return admin;
    }

    private static Command Users(Option<string?> root, CliConsole console)
    {
        var user = new Command("user", "Wharf's own administrator accounts (the console's logins).");

        var json = ServiceCommands.JsonOption();
        var list = new Command("list", "List the accounts.") { json };
        list.SetAction((result, token) => Run(result, root, AccountApi.Users(), json, console, (body, _, c) =>
            Table(c, ["NAME", "ROLE", "CREATED", "PASSWORD CHANGED"], body, "name", "role", "created", "passwordChanged"), token));
        user.Add(list);

        var name = NameArgument("The account's name: letters, digits, '.', '_', '-'.");
        var role = RoleOption();
        var passwordFile = PasswordFileOption();
        var addJson = ServiceCommands.JsonOption();
        var add = new Command("add", "Add an account; its password is asked for, or read from --password-file.") { name, role, passwordFile, addJson };
        add.SetAction(async (result, token) =>
        {
            if (ReadPassword(result.GetValue(passwordFile), console) is not { } password) return ExitCodes.Usage;
            return await Run(result, root, AccountApi.AddUser(result.GetValue(name)!, result.GetValue(role)!, password), addJson, console,
                (_, _, c) => Said(c, $"added account {result.GetValue(name)} ({result.GetValue(role)})"), token);
        });
        user.Add(add);

        var passwdName = NameArgument("The account whose password changes; its sessions end.");
        var passwdFile = PasswordFileOption();
        var passwdJson = ServiceCommands.JsonOption();
        var passwd = new Command("passwd", "Change an account's password; its console sessions end.") { passwdName, passwdFile, passwdJson };
        passwd.SetAction(async (result, token) =>
        {
            if (ReadPassword(result.GetValue(passwdFile), console) is not { } password) return ExitCodes.Usage;
            return await Run(result, root, AccountApi.Password(result.GetValue(passwdName)!, password), passwdJson, console,
                (body, _, c) => Said(c, $"changed the password of {result.GetValue(passwdName)}; {body?["sessionsEnded"]} session(s) ended"), token);
        });
        user.Add(passwd);

        var removeName = NameArgument("The account to remove; its sessions end. The last account cannot be removed.");
        var removeJson = ServiceCommands.JsonOption();
        var remove = new Command("remove", "Remove an account; its console sessions end.") { removeName, removeJson };
        remove.SetAction((result, token) => Run(result, root, AccountApi.RemoveUser(result.GetValue(removeName)!), removeJson, console,
            (_, _, c) => Said(c, $"removed account {result.GetValue(removeName)}"), token));
        user.Add(remove);
        return user;
    }

    private static Command Tokens(Option<string?> root, CliConsole console)
    {
        var tokens = new Command("token", "API tokens for scripts (Authorization: Bearer); a read token changes nothing.");

        var json = ServiceCommands.JsonOption();
        var list = new Command("list", "List the tokens (their names and roles; the tokens themselves are not kept).") { json };
        list.SetAction((result, token) => Run(result, root, AccountApi.Tokens(), json, console, (body, _, c) =>
            Table(c, ["NAME", "ROLE", "CREATED"], body, "name", "role", "created"), token));
        tokens.Add(list);

        var name = NameArgument("The token's name, as the audit log will show it (token:NAME).");
        var role = RoleOption(required: true);
        var addJson = ServiceCommands.JsonOption();
        var add = new Command("add", "Make a token and print it, once: only its hash is kept.") { name, role, addJson };
        add.SetAction((result, token) => Run(result, root, AccountApi.AddToken(result.GetValue(name)!, result.GetValue(role)!), addJson, console, (body, _, c) =>
        {
            // The token alone on stdout, so `wharf admin token add NAME --role read > FILE` is the whole recipe.
            c.Out.WriteLine(body?["token"]?.GetValue<string>());
            c.Error.WriteLine($"token {result.GetValue(name)} ({result.GetValue(role)}): shown this once; keep it in a file only its user can read");
            return ExitCodes.Ok;
        }, token));
        tokens.Add(add);

        var removeName = NameArgument("The token to revoke.");
        var removeJson = ServiceCommands.JsonOption();
        var remove = new Command("remove", "Revoke a token at once.") { removeName, removeJson };
        remove.SetAction((result, token) => Run(result, root, AccountApi.RemoveToken(result.GetValue(removeName)!), removeJson, console,
            (_, _, c) => Said(c, $"revoked token {result.GetValue(removeName)}"), token));
        tokens.Add(remove);
        return tokens;
    }

    private static Argument<string> NameArgument(string description) => new("NAME") { Description = description };

    private static Option<string> RoleOption(bool required = false)
    {
        var role = new Option<string>("--role") { Description = "read: sees status and metrics, changes nothing; admin: everything.", Required = required };
        if (!required) role.DefaultValueFactory = _ => "admin";
        role.AcceptOnlyFromAmong("read", "admin");
        return role;
    }

    private static Option<string?> PasswordFileOption() => new("--password-file")
    {
        Description = "Read the password from the first line of this file (- for stdin) instead of asking.",
    };

    /// <summary>From the file or stdin, else asked twice without echo; null (said why) when neither is possible.</summary>
    private static string? ReadPassword(string? file, CliConsole console)
    {
        if (file is not null)
        {
            var text = file == "-" ? console.In.ReadLine() : File.ReadLines(file).FirstOrDefault();
            if (string.IsNullOrEmpty(text))
            {
                console.Error.WriteLine($"no password in {(file == "-" ? "stdin" : file)}");
                return null;
            }
            return text;
        }
        if (!console.InputIsTerminal)
        {
            console.Error.WriteLine("no terminal to ask for the password; give it with --password-file FILE (or - for stdin)");
            return null;
        }
        var first = PasswordPrompt.Ask("Password: ", console);
        var again = PasswordPrompt.Ask("Again: ", console);
        if (first != again)
        {
            console.Error.WriteLine("the two passwords differ; nothing was changed");
            return null;
        }
        return first;
    }

    private static int Said(CliConsole console, string line)
    {
        console.Out.WriteLine(line);
        return ExitCodes.Ok;
    }

    private static int Table(CliConsole console, string[] header, JsonNode? body, params string[] fields)
    {
        var rows = new List<string[]> { header };
        foreach (var item in body?.AsArray() ?? [])
            rows.Add([.. fields.Select(f => item?[f]?.ToString() ?? "")]);
        foreach (var line in TextTable.Format(rows)) console.Out.WriteLine(line);
        return ExitCodes.Ok;
    }

    private static Task<int> Run(ParseResult result, Option<string?> root, AdminRequest request, Option<bool> json, CliConsole console,
        AdminRenderer render, CancellationToken token) =>
        AdminCommandRunner.RunAsync(ServiceCommands.FindRoot(result, root), request, result.GetValue(json), console, render, null, token);
}
