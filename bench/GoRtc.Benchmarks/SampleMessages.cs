using System.Reflection;
using System.Text;
using System.Text.Json;

namespace GoRtc.Benchmarks;

/// <summary>
/// The messages measured: a MESSAGE and a 200 from the conformance corpus, and an INVITE with a browser-sized SDP
/// offer in its Body (the corpus only has toy bodies), plus a MESSAGE as the chat room delivers it.
/// </summary>
public static class SampleMessages
{
    /// <summary>A WebRTC-style audio+video offer, the size a browser sends (~2 KB).</summary>
    public const string Sdp =
        "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
        + "a=extmap-allow-mixed\r\na=msid-semantic: WMS stream\r\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
        + "a=ice-ufrag:Hk3f\r\na=ice-pwd:Xx7mZ2s9vP4qR8tL1wY6nB3c\r\na=ice-options:trickle\r\n"
        + "a=fingerprint:sha-256 3B:2F:9A:11:C4:7E:58:0D:6A:E2:91:4F:B7:03:DD:8C:25:6E:F0:19:A8:44:7B:C2:5D:90:1E:67:3A:B8:F4:0C\r\n"
        + "a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=msid:stream audio0\r\na=rtcp-mux\r\n"
        + "a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
        + "a=rtpmap:63 red/48000/2\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
        + "a=ssrc:1001 cname:4TOk42mSjXCkVIa6\r\n"
        + "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
        + "a=ice-ufrag:Hk3f\r\na=ice-pwd:Xx7mZ2s9vP4qR8tL1wY6nB3c\r\na=ice-options:trickle\r\n"
        + "a=fingerprint:sha-256 3B:2F:9A:11:C4:7E:58:0D:6A:E2:91:4F:B7:03:DD:8C:25:6E:F0:19:A8:44:7B:C2:5D:90:1E:67:3A:B8:F4:0C\r\n"
        + "a=setup:actpass\r\na=mid:1\r\na=sendrecv\r\na=msid:stream video0\r\na=rtcp-mux\r\na=rtcp-rsize\r\n"
        + "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 goog-remb\r\na=rtcp-fb:96 transport-cc\r\na=rtcp-fb:96 ccm fir\r\n"
        + "a=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n"
        + "a=rtpmap:98 VP9/90000\r\na=fmtp:98 profile-id=0\r\na=rtpmap:99 rtx/90000\r\na=fmtp:99 apt=98\r\n"
        + "a=ssrc-group:FID 2001 2002\r\na=ssrc:2001 cname:4TOk42mSjXCkVIa6\r\na=ssrc:2002 cname:4TOk42mSjXCkVIa6\r\n";

    /// <summary>Corpus "request MESSAGE minimal".</summary>
    public static byte[] Message { get; } = Corpus("request MESSAGE minimal");

    /// <summary>Corpus "response 200 minimal".</summary>
    public static byte[] Ok { get; } = Corpus("response 200 minimal");

    /// <summary>An INVITE with Router, Expire, Content-Type and an SDP offer as Body.</summary>
    public static byte[] InviteWithSdp { get; } = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["Type"] = "INVITE",
        ["Request-URI"] = "Bob@gortc.com",
        ["From"] = "Alex@gortc.com",
        ["To"] = "Bob@gortc.com",
        ["Router"] = "gortc.com;type=call",
        ["CSeq"] = 1,
        ["DialogueID"] = "a8f3c2d1-6b4e-4f1a-9c7d-2e5b8a0f3d6c",
        ["Expire"] = 600,
        ["Content-Type"] = "application/sdp",
        ["Body"] = Sdp,
    }));

    /// <summary>A chat MESSAGE as a member sends it to a room (spec §8).</summary>
    public static byte[] ChatMessage { get; } = Encoding.UTF8.GetBytes(
        """{"Type":"MESSAGE","Request-URI":"room:test1@gortc.com","From":"Alex@gortc.com","To":"room:test1@gortc.com","Router":"gortc.com;type=chatroom","P-Asserted-Identity":"Alex@gortc.com","CSeq":1,"DialogueID":"aaa2","Body":"hello world"}""");

    private static byte[] Corpus(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("jsip-corpus.json")
            ?? throw new InvalidOperationException("jsip-corpus.json is not embedded");
        using var corpus = JsonDocument.Parse(stream);
        foreach (var entry in corpus.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("name").GetString() == name)
            {
                return Encoding.UTF8.GetBytes(entry.GetProperty("raw").GetString()!);
            }
        }

        throw new InvalidOperationException($"corpus entry '{name}' not found");
    }
}
