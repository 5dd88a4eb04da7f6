namespace GoRtc.Cli;

/// <summary>
/// SLPs and APIs are managed the same way under different roots (<c>/slpm/v1</c>, <c>/apim/v1</c>); this is
/// everything that differs between the two, so commands and the client are written once.
/// </summary>
internal sealed class PluginKind
{
    public static readonly PluginKind Slp = new(
        commandWord: "plugin",
        noun: "SLP",
        listPath: "slpm/v1/slps",
        itemPathPrefix: "slpm/v1/",
        nameRule: @"letters, digits and _ only (^\w+$), e.g. default",
        isValidName: PluginNames.IsValidSlpName,
        itemsOf: list => list.Slps,
        hasBuiltIn: false);

    public static readonly PluginKind Api = new(
        commandWord: "api",
        noun: "API",
        listPath: "apim/v1/apis",
        itemPathPrefix: "apim/v1/",
        nameRule: @"<name>.v<N> with N ≥ 1 (^\w+\.v[1-9]\d*$), e.g. chat.v1",
        isValidName: PluginNames.IsValidApiName,
        itemsOf: list => list.Apis,
        hasBuiltIn: true);

    private readonly Func<string, bool> _isValidName;
    private readonly Func<PluginListResponse, List<PluginInfo>?> _itemsOf;

    private PluginKind(
        string commandWord,
        string noun,
        string listPath,
        string itemPathPrefix,
        string nameRule,
        Func<string, bool> isValidName,
        Func<PluginListResponse, List<PluginInfo>?> itemsOf,
        bool hasBuiltIn)
    {
        CommandWord = commandWord;
        Noun = noun;
        ListPath = listPath;
        ItemPathPrefix = itemPathPrefix;
        NameRule = nameRule;
        _isValidName = isValidName;
        _itemsOf = itemsOf;
        HasBuiltIn = hasBuiltIn;
    }

    /// <summary>The first word of the command line: <c>plugin</c> or <c>api</c>.</summary>
    public string CommandWord { get; }

    /// <summary>What the server calls one: <c>SLP</c> or <c>API</c>.</summary>
    public string Noun { get; }

    /// <summary>The list resource, relative to the API base.</summary>
    public string ListPath { get; }

    /// <summary>Prefix of one plugin's resource (<c>POST</c>/<c>DELETE</c> <c>&lt;prefix&gt;&lt;name&gt;</c>).</summary>
    public string ItemPathPrefix { get; }

    /// <summary>The name rule in words, for usage errors.</summary>
    public string NameRule { get; }

    /// <summary>Only APIs have built-in entries (shipped with the server, not removable).</summary>
    public bool HasBuiltIn { get; }

    public bool IsValidName(string name) => _isValidName(name);

    /// <summary>The list of this kind in a list response (<c>"slps"</c> or <c>"apis"</c>); empty when absent.</summary>
    public IReadOnlyList<PluginInfo> ItemsOf(PluginListResponse list) => _itemsOf(list) ?? [];

    public string ItemPath(string name) => ItemPathPrefix + Uri.EscapeDataString(name);

    public override string ToString() => Noun;
}
