namespace ZeroContracts.Security;

/// <summary>The ZeroMQ socket types a ZMTP 3.0 peer announces in its Socket-Type property.</summary>
internal enum ZmtpSocketType
{
    Pair,
    Pub,
    Sub,
    Req,
    Rep,
    Dealer,
    Router,
    Pull,
    Push,
    XPub,
    XSub,
}
