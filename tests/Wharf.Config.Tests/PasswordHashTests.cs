using Wharf.Config.Accounts;

namespace Wharf.Config.Tests;

public sealed class PasswordHashTests
{
    [Fact]
    public void A_hash_verifies_its_password_only_and_is_salted()
    {
        var hash = PasswordHash.Hash("correct horse battery");

        Assert.StartsWith($"pbkdf2-sha256${PasswordHash.Iterations}$", hash);
        Assert.True(PasswordHash.Verify("correct horse battery", hash));
        Assert.False(PasswordHash.Verify("correct horse batterx", hash));
        Assert.NotEqual(hash, PasswordHash.Hash("correct horse battery"));
        Assert.DoesNotContain("correct", hash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("md5$1$AAAA$BBBB")]
    [InlineData("pbkdf2-sha256$x$AAAA$BBBB")]
    [InlineData("pbkdf2-sha256$1000$not base64$BBBB")]
    public void A_stored_value_that_is_not_a_hash_never_verifies(string stored)
    {
        Assert.False(PasswordHash.Verify("anything", stored));
    }

    [Fact]
    public void Random_secrets_are_url_safe_and_distinct()
    {
        var a = PasswordHash.RandomSecret(32);

        Assert.Equal(43, a.Length);
        Assert.DoesNotContain(a, c => c is '+' or '/' or '=');
        Assert.NotEqual(a, PasswordHash.RandomSecret(32));
    }
}
