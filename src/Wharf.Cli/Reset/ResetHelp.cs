using Wharf.Hosting;

namespace Wharf.Cli.Reset;

/// <summary>The text of `wharf reset /?`, laid out as iisreset's.</summary>
internal static class ResetHelp
{
    public static readonly string Text = $"""
        Usage: wharf reset [computername]
                           [/RESTART | /START | /STOP | /STATUS | /ENABLE | /DISABLE | /REBOOT]
                           [/REBOOTONERROR] [/NOFORCE] [/TIMEOUT:val] [--json] [--root DIR]

        Restarts, starts, stops or reports the Internet services of a Wharf host (www, ftp,
        smtp, nntp and admin), as iisreset does for IIS. IIS spellings and modern ones are
        both accepted, in any letter case.

          computername                    The host to reset. Default: this one (localhost).
                                          Remote hosts need the admin HTTPS endpoint.
          /RESTART        --restart       Restart every running service (the default action).
          /START          --start         Open the listening sockets, start every service.
          /STOP           --stop          Stop every service and close the listening sockets,
                                          so clients are refused rather than left waiting.
          /REBOOT         --reboot        Restart the supervisor itself in place: re-execute
                                          `wharf serve`, keeping the listening sockets, and
                                          restart the services under it.
          /REBOOTONERROR  --reboot-on-error
                                          Do /REBOOT if starting, stopping or restarting fails.
          /NOFORCE        --no-force      Do not kill a service still running at the deadline:
                                          leave it to finish (it no longer accepts new
                                          connections), and report failure.
          /TIMEOUT:val    --timeout val   Seconds old processes have to finish what they hold
                                          before they are killed (with /NOFORCE: before the
                                          reset fails). Defaults, as IIS's:
                                          20 s for a restart, 60 s for a stop.
                                          Also /TIMEOUT=val and --timeout=val.
          /STATUS         --status        Show every service: state, process id, uptime,
                                          restarts, connections, listeners; latest events.
          /ENABLE         --enable        Allow resets again after /DISABLE.
          /DISABLE        --disable       Refuse every later reset (except /ENABLE, /STATUS)
                                          and turn off automatic restart until /ENABLE. Kept
                                          across restarts of Wharf.
                          --json          Print the final result as one line of JSON.
                          --root DIR      The data root (else ${Config.DataRoot.EnvironmentVariable},
                                          ./{Config.DataRoot.LocalDefault}, {Config.DataRoot.InstalledDefault}, in that order).
          /?              -h, --help      Show this help.

        Unlike iisreset:
          - No connection is refused during a restart: Wharf keeps the listening sockets open,
            starts each new process before asking the old one to stop, and the old one
            finishes the requests it holds.
          - A service killed at the deadline is named, with every request it cut (method,
            URL, client, bytes sent) and how many connections it held. While it waits, the
            command shows which service it waits for and the seconds left.
          - /RESTART and /START re-read config/wharf.json: a valid edit takes effect, an
            invalid one is reported (field, value, why) and the running configuration stays.
          - The exit code is one scripts can trust:
              {ExitCodes.Ok,2}  done
              {ExitCodes.Failed,2}  the reset ran but not all of it happened (say, /NOFORCE and
                  a service still running at the deadline)
              {ExitCodes.Forced,2}  done, but forced: a process still running at the deadline was
                  killed, cutting the requests the output names
              {ExitCodes.Usage,2}  the command line is wrong
              {ExitCodes.NotRunning,2}  Wharf is not running (no control socket, or nobody answering)
              {ExitCodes.Disabled,2}  resets are disabled (/DISABLE) until /ENABLE
              {ExitCodes.AccessDenied,2}  not allowed: run as root, as the user Wharf runs as, or as a
                  member of the '{LocalAdminPolicy.AdminGroup}' group

        """;
}
