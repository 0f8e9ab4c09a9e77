namespace Wharf.Www;
