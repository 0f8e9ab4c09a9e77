namespace Wharf.Supervisor.Tests;

public sealed class SupervisorStateTests
{
    [Fact]
    public void State_survives_a_save_and_load()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wh.").FullName, "supervisor.json");
        var state = new SupervisorState { ResetDisabled = true }.WithStopped("www", true);

        state.Save(path);
        var loaded = SupervisorState.Load(path);

        Assert.True(loaded.ResetDisabled);
        Assert.Equal(["www"], loaded.StoppedServices);
        Assert.Empty(loaded.WithStopped("www", false).StoppedServices);
    }

    [Fact]
    public void A_damaged_state_file_gives_a_clean_state_rather_than_a_dead_supervisor()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wh.").FullName, "supervisor.json");
        File.WriteAllText(path, "{ not json");

        var loaded = SupervisorState.Load(path);

        Assert.False(loaded.ResetDisabled);
    }
}
