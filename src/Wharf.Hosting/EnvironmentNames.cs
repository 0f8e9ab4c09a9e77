namespace Wharf.Hosting;

/// <summary>What the supervisor tells a service process through its environment.</summary>
internal static class EnvironmentNames
{
    /// <summary><c>name=fd,name=fd</c>: the listening sockets the service inherited.</summary>
    public const string ListenFds = "WHARF_LISTEN_FDS";

    /// <summary>The service's end of the control channel (a Unix socket pair).</summary>
    public const string ControlFd = "WHARF_CONTROL_FD";

    /// <summary>The configuration file (a history version) the service starts with.</summary>
    public const string ConfigPath = "WHARF_CONFIG_PATH";

    public const string ConfigVersion = "WHARF_CONFIG_VERSION";

    /// <summary>The folder of the service's own views of the configuration, wharf.N.json, read at a reload.</summary>
    public const string ConfigViews = "WHARF_CONFIG_VIEWS";

    /// <summary>Listeners a re-executed supervisor (<c>/reboot</c>) takes over: <c>name=fd,...</c>.</summary>
    public const string RebootListenFds = "WHARF_REBOOT_LISTEN_FDS";

    /// <summary>Service processes of the previous supervisor image still draining after <c>/reboot</c>.</summary>
    public const string RebootDrainingPids = "WHARF_REBOOT_DRAINING_PIDS";

    // systemd socket activation (sd_listen_fds(3)).
    public const string SystemdListenFds = "LISTEN_FDS";
    public const string SystemdListenPid = "LISTEN_PID";
    public const string SystemdListenFdNames = "LISTEN_FDNAMES";
}
