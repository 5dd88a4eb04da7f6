namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>A running topology as tests see it: WebSocket endpoints (one per gateway) and the REST API.</summary>
public interface IGoRtcTopology
{
    /// <summary><c>ws://127.0.0.1:port/rtc</c> of each gateway.</summary>
    IReadOnlyList<string> RtcEndpoints { get; }

    /// <summary><c>http://127.0.0.1:port</c> of the REST API of the first gateway.</summary>
    Uri ApiBase { get; }

    /// <summary>Output of every process, for failure messages.</summary>
    string Report();

    /// <summary>Spaces the scripts that reuse DialogueIDs on this topology.</summary>
    ScriptPacing Pacing { get; }
}
