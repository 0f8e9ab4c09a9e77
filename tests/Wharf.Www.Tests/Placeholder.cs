namespace Wharf.Www.Tests;
