namespace Wharf.FunctionalTests;
