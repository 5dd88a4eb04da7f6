namespace GoRtc.Cli.Tests;

public sealed class PluginNamesTests
{
    [Theory]
    [InlineData("default", true)]
    [InlineData("relay_2", true)]
    [InlineData("_", true)]
    [InlineData("Relay", true)]
    [InlineData("", false)]
    [InlineData("relay-2", false)]
    [InlineData("relay.v1", false)]
    [InlineData("re lay", false)]
    [InlineData("../relay", false)]
    [InlineData("relay\n", false)]
    public void Slp_names_are_word_characters_only(string name, bool valid) =>
        Assert.Equal(valid, PluginNames.IsValidSlpName(name));

    [Theory]
    [InlineData("chat.v1", true)]
    [InlineData("chat_room.v10", true)]
    [InlineData("chat.v1234", true)]
    [InlineData("chat", false)]
    [InlineData("chat.v0", false)]
    [InlineData("chat.v01", false)]
    [InlineData("chat.V1", false)]
    [InlineData("chat.1", false)]
    [InlineData(".v1", false)]
    [InlineData("chat.v1.v2", false)]
    [InlineData("chat-room.v1", false)]
    [InlineData("chat.v1\n", false)]
    public void Api_names_are_a_word_then_a_version_from_1(string name, bool valid) =>
        Assert.Equal(valid, PluginNames.IsValidApiName(name));
}
