namespace GoRtc.Services.Chatroom;

/// <summary>The <c>Reason</c> texts of the chatroom's error answers, word for word as the reference sends them.</summary>
public static class ChatroomReasons
{
    public const string NoExpire = "No Expire";
    public const string NoPAssertedIdentity = "No P-Asserted-Identity";
    public const string RoomNotExist = "Room Not Exist";
    public const string UserNotExist = "User Not Exist";
    public const string UnexpectedMessage = "Unexpected msg";
    public const string RoomFull = "Room Full";
}
