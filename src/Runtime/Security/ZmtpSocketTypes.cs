using System;
using System.Text;

namespace ZeroContracts.Security;

/// <summary>Socket-Type names on the wire and which pairs may talk (the table in RFC 23).</summary>
internal static class ZmtpSocketTypes
{
    public static string Name(ZmtpSocketType type) => type switch
    {
        ZmtpSocketType.Pair => "PAIR",
        ZmtpSocketType.Pub => "PUB",
        ZmtpSocketType.Sub => "SUB",
        ZmtpSocketType.Req => "REQ",
        ZmtpSocketType.Rep => "REP",
        ZmtpSocketType.Dealer => "DEALER",
        ZmtpSocketType.Router => "ROUTER",
        ZmtpSocketType.Pull => "PULL",
        ZmtpSocketType.Push => "PUSH",
        ZmtpSocketType.XPub => "XPUB",
        ZmtpSocketType.XSub => "XSUB",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses the property value; the names are upper case ASCII as RFC 23 lists them.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out ZmtpSocketType type)
    {
        foreach (var candidate in Enum.GetValues<ZmtpSocketType>())
        {
            if (value.SequenceEqual(Encoding.ASCII.GetBytes(Name(candidate))))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>Whether a socket of type <paramref name="ours"/> accepts a peer of type <paramref name="peer"/>.</summary>
    public static bool CanTalk(ZmtpSocketType ours, ZmtpSocketType peer) => ours switch
    {
        ZmtpSocketType.Req => peer is ZmtpSocketType.Rep or ZmtpSocketType.Router,
        ZmtpSocketType.Rep => peer is ZmtpSocketType.Req or ZmtpSocketType.Dealer,
        ZmtpSocketType.Dealer => peer is ZmtpSocketType.Rep or ZmtpSocketType.Dealer or ZmtpSocketType.Router,
        ZmtpSocketType.Router => peer is ZmtpSocketType.Req or ZmtpSocketType.Dealer or ZmtpSocketType.Router,
        ZmtpSocketType.Pub or ZmtpSocketType.XPub => peer is ZmtpSocketType.Sub or ZmtpSocketType.XSub,
        ZmtpSocketType.Sub or ZmtpSocketType.XSub => peer is ZmtpSocketType.Pub or ZmtpSocketType.XPub,
        ZmtpSocketType.Push => peer is ZmtpSocketType.Pull,
        ZmtpSocketType.Pull => peer is ZmtpSocketType.Push,
        ZmtpSocketType.Pair => peer is ZmtpSocketType.Pair,
        _ => false,
    };

    /// <summary>libzmq sends an Identity property from the socket types that have one (REQ, DEALER, ROUTER).</summary>
    public static bool SendsIdentity(ZmtpSocketType type) => type is ZmtpSocketType.Req or ZmtpSocketType.Dealer or ZmtpSocketType.Router;
}
