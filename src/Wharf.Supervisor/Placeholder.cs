namespace Wharf.Supervisor;
