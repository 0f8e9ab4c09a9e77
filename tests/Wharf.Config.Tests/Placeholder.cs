namespace Wharf.Config.Tests;
