using Wharf.Config;
using Wharf.Hosting.Control;

namespace Wharf.Supervisor;

/// <summary>
/// The <c>run</c> recovery action: the configuration's program, as the configuration's
/// unprivileged account (<c>recovery.runAs</c>), through the launch step; refused, with an event
/// naming the field, when <see cref="RunAsPolicy"/> does not allow that account.
/// </summary>
internal static class RecoveryProgram
{
    public static void Run(SupervisorContext context, string service, string program, int failCount)
    {
        var config = context.Config;
        var field = $"services.{service}.recovery.runAs";
        var runAs = config.Services.Get(service)?.Recovery.RunAs;
        var (account, refusal) = RunAsPolicy.Check(runAs, field, ServiceAccounts.All(config).Values, context.Accounts.Database);
        if (account is null)
        {
            context.Events.Write(service, EventName.RecoveryProgramRefused, $"{program} not run: {refusal}");
            return;
        }
        try
        {
            context.Launcher.StartProgram(program, service, failCount, account);
            context.Events.Write(service, EventName.RecoveryProgram, $"{program} as {account.Name} (failure {failCount})");
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
        {
            context.Events.Write(service, EventName.RecoveryProgramFailed, $"{program}: {e.Message}");
        }
    }
}
