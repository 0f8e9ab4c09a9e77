namespace Wharf.TestKit;
