namespace Wharf.Supervisor.Tests;
