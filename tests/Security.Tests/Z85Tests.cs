using System.Security.Cryptography;
using ZeroContracts.Security.Tests.Support;

namespace ZeroContracts.Security.Tests;

public sealed class Z85Tests
{
    private static readonly byte[] HelloWorldBytes = { 0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B };

    [Fact]
    public void Encodes_the_rfc_32_example() => Z85.Encode(HelloWorldBytes).ShouldBe("HelloWorld");

    [Fact]
    public void Decodes_the_rfc_32_example() => Z85.Decode("HelloWorld").ShouldBe(HelloWorldBytes);

    [Fact]
    public void Round_trips_random_bytes()
    {
        var bytes = RandomNumberGenerator.GetBytes(32 * 4);
        Z85.Decode(Z85.Encode(bytes)).ShouldBe(bytes);
    }

    [Fact]
    public void Refuses_a_length_that_is_not_a_multiple_of_four() =>
        Should.Throw<ArgumentException>(() => Z85.Encode(new byte[5])).Message.ShouldContain("multiple of 4");

    [Theory]
    [InlineData("HelloWorl", "multiple of 5")]
    [InlineData("Hello Worl", "not a Z85 character")]
    [InlineData("Hello\u00e9orld", "not a Z85 character")]
    [InlineData("#####", "larger than 32 bits")]
    public void Refuses_bad_text(string text, string reason) =>
        Should.Throw<ArgumentException>(() => Z85.Decode(text)).Message.ShouldContain(reason);

    [Fact]
    public void Derives_libzmqs_published_public_keys_from_their_secret_keys()
    {
        CurveKeyPair.FromSecretKey(Keys.ClientSecret).PublicKey.ShouldBe(Keys.ClientPublic);
        CurveKeyPair.FromSecretKey(Keys.ServerSecret).PublicKey.ShouldBe(Keys.ServerPublic);
    }

    [Fact]
    public void A_generated_key_pair_is_consistent_and_40_characters()
    {
        var pair = CurveKeyPair.Generate();
        pair.PublicKey.Length.ShouldBe(40);
        pair.SecretKey.Length.ShouldBe(40);
        pair.PublicKeyBytes.ToArray().ShouldBe(Z85.Decode(pair.PublicKey));
        pair.SecretKeyBytes.ToArray().ShouldBe(Z85.Decode(pair.SecretKey));
        CurveKeyPair.FromSecretKey(pair.SecretKey).PublicKey.ShouldBe(pair.PublicKey);
        CurveKeyPair.Generate().PublicKey.ShouldNotBe(pair.PublicKey);
        pair.ToString().ShouldNotContain(pair.SecretKey);
    }

    [Theory]
    [InlineData("tooShort")]
    [InlineData("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf ")]
    public void Refuses_a_bad_secret_key_with_a_clear_message(string key) =>
        Should.Throw<ArgumentException>(() => CurveKeyPair.FromSecretKey(key)).Message.ShouldContain("CURVE key");
}
