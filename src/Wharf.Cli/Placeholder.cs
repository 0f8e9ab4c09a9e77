namespace Wharf.Cli;
