namespace GoRtc.Cli.Tests;

public sealed class TableTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Columns_are_as_wide_as_their_widest_cell_and_lines_have_no_trailing_blanks()
    {
        var table = new TextTable(new TextColumn("NAME"), new TextColumn("N", AlignRight: true), new TextColumn("NOTE"));
        table.AddRow("a", "1", "short");
        table.AddRow("longer", "100", string.Empty);

        Assert.Equal(
            Lines(
                "NAME      N  NOTE",
                "a         1  short",
                "longer  100"),
            table.Render());
    }

    [Fact]
    public void A_row_must_have_one_cell_per_column()
    {
        var table = new TextTable(new TextColumn("A"), new TextColumn("B"));

        Assert.Throws<ArgumentException>(() => table.AddRow("only one"));
    }

    [Fact]
    public void Slp_listing_shows_every_version_with_short_hash_and_silos_then_load_errors()
    {
        PluginInfo[] slps =
        [
            new()
            {
                Name = "relay", Version = "3", Current = true, InstancesCreated = 1200, InstancesAlive = 4,
                File = "GoRtc.Samples.Relay.dll", Sha256 = Sha, Silos = ["silo-a", "silo-b"],
            },
            new()
            {
                Name = "relay", Version = "2", Current = false, InstancesCreated = 17, InstancesAlive = 0,
                File = "GoRtc.Samples.Relay.dll", Sha256 = Sha, Silos = ["silo-a"],
                Errors = [new() { Silo = "silo-b", Error = "BadImageFormatException" }],
            },
            new() { Name = "default", Version = "1" },
        ];

        Assert.Equal(
            Lines(
                "NAME     VERSION  CURRENT  USED  USING  FILE                     SHA256        SILOS",
                "relay    3        yes      1200      4  GoRtc.Samples.Relay.dll  0123456789ab  silo-a,silo-b",
                "relay    2        no         17      0  GoRtc.Samples.Relay.dll  0123456789ab  silo-a",
                "default  1        no          0      0  -                        -             -",
                "SLP relay version 2 failed on silo silo-b: BadImageFormatException"),
            PluginTable.Render(PluginKind.Slp, slps));
    }

    [Fact]
    public void Api_listing_adds_the_builtin_column()
    {
        PluginInfo[] apis =
        [
            new() { Name = "chat.v1", Version = "1", Current = true, BuiltIn = true, Silos = ["s1"] },
        ];

        Assert.Equal(
            Lines(
                "NAME     VERSION  CURRENT  BUILTIN  USED  USING  FILE  SHA256  SILOS",
                "chat.v1  1        yes      yes         0      0  -     -       s1"),
            PluginTable.Render(PluginKind.Api, apis));
    }

    [Fact]
    public void An_empty_listing_is_the_header_alone() =>
        Assert.Equal(
            Lines("NAME  VERSION  CURRENT  USED  USING  FILE  SHA256  SILOS"),
            PluginTable.Render(PluginKind.Slp, []));

    private static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + Environment.NewLine));
}
