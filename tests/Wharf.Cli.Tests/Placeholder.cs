namespace Wharf.Cli.Tests;
