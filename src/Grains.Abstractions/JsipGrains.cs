namespace GoRtc.Grains;

/// <summary>
/// References to the grains every JSIP message passes through. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves
/// the interface's type from its attributes by reflection on every call — measured at ~7 % of a node's CPU under
/// MESSAGE load, at about three references per transaction. Here the types are resolved once.
/// </summary>
public sealed class JsipGrains
{
    private readonly IGrainFactory _factory;
    private readonly IDialogueShardGrain[] _dialogueShards;
    private readonly GrainKind _user;

    public JsipGrains(IGrainFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        var shards = GrainKind.Of<IDialogueShardGrain>(factory, GrainTypes.DialogueShard);
        _dialogueShards = [.. Enumerable.Range(0, DialogueShards.Count).Select(i => (IDialogueShardGrain)shards.Get(factory, DialogueShards.Key(i)))];
        _user = GrainKind.Of<IUserGrain>(factory, GrainTypes.User);
    }

    /// <summary>The shard that hosts one DialogueID.</summary>
    public IDialogueShardGrain DialogueShard(string dialogueId) => _dialogueShards[DialogueShards.Of(dialogueId)];

    /// <summary>Dialogue shard number <paramref name="shard"/>.</summary>
    public IDialogueShardGrain DialogueShard(int shard) => _dialogueShards[shard];

    /// <summary>The grain of one userid.</summary>
    public IUserGrain User(string userId) => (IUserGrain)_user.Get(_factory, userId);

    private sealed class GrainKind(GrainType type, GrainInterfaceType interfaceType)
    {
        public static GrainKind Of<T>(IGrainFactory factory, string grainType)
            where T : IGrainWithStringKey
        {
            // The interface type comes from the interface's own attributes, not from the cluster's manifest: resolving it
            // through one ordinary reference is exact, and needs no connection yet.
            var probe = (GrainReference)(object)factory.GetGrain<T>(grainType);
            return new GrainKind(GrainType.Create(grainType), probe.InterfaceType);
        }

        public IAddressable Get(IGrainFactory factory, string key)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key);
            return factory.GetGrain(GrainId.Create(type, key), interfaceType);
        }
    }
}
