namespace ZeroContracts.Security.Tests.Support;

/// <summary>Published test keys from libzmq's zmq_curve(7) page, so key derivation can be checked against libzmq.</summary>
public static class Keys
{
    public const string ClientPublic = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
    public const string ClientSecret = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs";
    public const string ServerPublic = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
    public const string ServerSecret = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
}
