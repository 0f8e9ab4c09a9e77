namespace Wharf.Hosting.Tests;

public sealed class LocalAdminPolicyTests
{
    private const uint Owner = 1000;
    private const uint AdminsGid = 4242;

    private static LocalAdminPolicy Policy(uint? adminGid = AdminsGid, uint[]? groups = null) =>
        new(Owner, () => adminGid, _ => groups ?? []);

    [Fact]
    public void Root_and_the_supervisors_own_user_are_allowed()
    {
        Assert.Null(Policy().Check(new PeerCredentials(1, 0, 0)));
        Assert.Null(Policy().Check(new PeerCredentials(1, Owner, 100)));
    }

    [Fact]
    public void A_member_of_wharf_admins_is_allowed_by_primary_or_supplementary_group()
    {
        Assert.Null(Policy().Check(new PeerCredentials(1, 2000, AdminsGid)));
        Assert.Null(Policy(groups: [7, AdminsGid]).Check(new PeerCredentials(1, 2000, 100)));
    }

    [Fact]
    public void Anyone_else_is_refused_in_plain_words()
    {
        var refusal = Policy(groups: [7]).Check(new PeerCredentials(1, 65534, 65534));

        Assert.NotNull(refusal);
        Assert.StartsWith("access denied", refusal);
        Assert.Contains("wharf-admins", refusal);
    }

    [Fact]
    public void Without_a_wharf_admins_group_the_refusal_says_how_to_create_it()
    {
        Assert.Contains("groupadd wharf-admins", Policy(adminGid: null).Check(new PeerCredentials(1, 65534, 65534)));
    }
}
