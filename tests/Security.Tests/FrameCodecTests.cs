using System.Buffers.Binary;
using System.Text;

namespace ZeroContracts.Security.Tests;

public sealed class FrameCodecTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(255, 2)]
    [InlineData(256, 9)]
    [InlineData(70_000, 9)]
    [InlineData(5_000_000_000L, 9)]
    public void Headers_round_trip_in_short_or_long_form(long size, int expectedLength)
    {
        var buffer = new byte[ZmtpFrameHeader.LongLength];
        int written = ZmtpFrameHeader.Write(buffer, ZmtpFrameFlags.More | ZmtpFrameFlags.Command, size);
        written.ShouldBe(expectedLength);
        ZmtpFrameHeader.LengthFromFlags(buffer[0]).ShouldBe(expectedLength);
        var header = ZmtpFrameHeader.Parse(buffer.AsSpan(0, written), maxSize: long.MaxValue);
        header.Size.ShouldBe(size);
        header.HasMore.ShouldBeTrue();
        header.IsCommand.ShouldBeTrue();
    }

    [Fact]
    public void The_header_bytes_are_as_rfc_23_lays_them_out()
    {
        var buffer = new byte[9];
        ZmtpFrameHeader.Write(buffer, ZmtpFrameFlags.More, 5).ShouldBe(2);
        buffer.AsSpan(0, 2).ToArray().ShouldBe(new byte[] { 0x01, 0x05 });
        ZmtpFrameHeader.Write(buffer, ZmtpFrameFlags.Command, 0x0102).ShouldBe(9);
        buffer.ShouldBe(new byte[] { 0x06, 0, 0, 0, 0, 0, 0, 0x01, 0x02 });
    }

    [Fact]
    public void Reserved_flag_bits_are_refused() =>
        Should.Throw<ZmtpProtocolException>(() => ZmtpFrameHeader.Parse(new byte[] { 0x08, 0 }, 100)).Failure.ShouldBe(ZmtpFailure.MalformedFrame);

    [Theory]
    [InlineData(new byte[] { 0x00, 101 })]
    [InlineData(new byte[] { 0x02, 0, 0, 0, 0, 0, 0, 0, 101 })]
    [InlineData(new byte[] { 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void A_size_above_the_limit_is_refused_from_the_header(byte[] header) =>
        Should.Throw<ZmtpProtocolException>(() => ZmtpFrameHeader.Parse(header, 100)).Failure.ShouldBe(ZmtpFailure.FrameTooLarge);

    [Fact]
    public async Task The_reader_refuses_an_oversized_frame_without_allocating_it()
    {
        // The peer claims a 64 MiB frame and sends only its header; the limit is 1 MiB.
        var header = new byte[9];
        ZmtpFrameHeader.Write(header, ZmtpFrameFlags.None, 64L * 1024 * 1024);
        var reader = new ZmtpFrameReader(new MemoryStream(header));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = await Should.ThrowAsync<ZmtpProtocolException>(async () => await reader.ReadFrameAsync(1024 * 1024, CancellationToken.None));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        error.Failure.ShouldBe(ZmtpFailure.FrameTooLarge);
        allocated.ShouldBeLessThan(256 * 1024, "the claimed size must never be allocated");
    }

    [Fact]
    public async Task The_reader_reads_frames_back_to_back_and_reports_a_clean_end()
    {
        using var wire = new MemoryStream();
        var big = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
        foreach (var (flags, body) in new[] { (ZmtpFrameFlags.More, "a"u8.ToArray()), (ZmtpFrameFlags.None, big), (ZmtpFrameFlags.Command, Array.Empty<byte>()) })
        {
            var header = new byte[9];
            wire.Write(header, 0, ZmtpFrameHeader.Write(header, flags, body.Length));
            wire.Write(body);
        }

        wire.Position = 0;
        var reader = new ZmtpFrameReader(wire);
        var first = (await reader.ReadFrameAsync(100_000, CancellationToken.None))!.Value;
        first.Header.HasMore.ShouldBeTrue();
        first.Body.ShouldBe("a"u8.ToArray());
        (await reader.ReadFrameAsync(100_000, CancellationToken.None))!.Value.Body.ShouldBe(big);
        var third = (await reader.ReadFrameAsync(100_000, CancellationToken.None))!.Value;
        third.Header.IsCommand.ShouldBeTrue();
        third.Body.ShouldBeEmpty();
        (await reader.ReadFrameAsync(100_000, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_frame_cut_short_is_connection_closed()
    {
        var reader = new ZmtpFrameReader(new MemoryStream(new byte[] { 0x00, 10, 1, 2, 3 }));
        (await Should.ThrowAsync<ZmtpProtocolException>(async () => await reader.ReadFrameAsync(100, CancellationToken.None))).Failure.ShouldBe(ZmtpFailure.ConnectionClosed);
    }

    [Fact]
    public void Commands_are_name_length_name_data()
    {
        var command = ZmtpCommand.Create("PING", new byte[] { 0, 10, 0xAB });
        command.ShouldBe(new byte[] { 4, (byte)'P', (byte)'I', (byte)'N', (byte)'G', 0, 10, 0xAB });
        ZmtpCommand.Is(command, "PING").ShouldBeTrue();
        ZmtpCommand.Is(command, "PONG").ShouldBeFalse();
        ZmtpCommand.ParseName(command, out int dataOffset).ShouldBe("PING");
        dataOffset.ShouldBe(5);
        Should.Throw<ZmtpProtocolException>(() => ZmtpCommand.ParseName(new byte[] { 9, (byte)'P' }, out _)).Failure.ShouldBe(ZmtpFailure.MalformedFrame);
    }

    [Fact]
    public void Error_commands_carry_a_short_reason()
    {
        var error = ZmtpCommand.CreateError("400");
        error.ShouldBe(Encoding.ASCII.GetBytes("\u0005ERROR\u0003400"));
        ZmtpCommand.ParseErrorReason(error.AsSpan(6)).ShouldBe("400");
    }

    [Fact]
    public void Metadata_round_trips_and_matches_the_rfc_layout()
    {
        var encoded = ZmtpMetadata.Encode(new KeyValuePair<string, byte[]>[] { new("Socket-Type", "DEALER"u8.ToArray()), new("Identity", Array.Empty<byte>()) });
        encoded.ShouldBe(Encoding.ASCII.GetBytes("\u000BSocket-Type\0\0\0\u0006DEALER\u0008Identity\0\0\0\0"));
        var decoded = ZmtpMetadata.Decode(encoded);
        decoded["socket-type"].ShouldBe("DEALER"u8.ToArray());
        decoded["Identity"].ShouldBeEmpty();
    }

    [Fact]
    public void Metadata_that_overstates_a_length_or_repeats_a_name_is_refused()
    {
        var encoded = ZmtpMetadata.Encode(new KeyValuePair<string, byte[]>[] { new("Socket-Type", "DEALER"u8.ToArray()) });
        var overstated = (byte[])encoded.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(overstated.AsSpan(12), 0x7FFFFFFF);
        Should.Throw<ZmtpProtocolException>(() => ZmtpMetadata.Decode(overstated)).Failure.ShouldBe(ZmtpFailure.MalformedFrame);
        Should.Throw<ZmtpProtocolException>(() => ZmtpMetadata.Decode(encoded.AsSpan(0, 10))).Failure.ShouldBe(ZmtpFailure.MalformedFrame);
        Should.Throw<ZmtpProtocolException>(() => ZmtpMetadata.Decode(encoded.Concat(encoded).ToArray())).Failure.ShouldBe(ZmtpFailure.MalformedFrame);
    }

    [Theory]
    [InlineData("Router", "Dealer", true)]
    [InlineData("Router", "Req", true)]
    [InlineData("Router", "Pub", false)]
    [InlineData("XPub", "Sub", true)]
    [InlineData("Pull", "Push", true)]
    [InlineData("Pull", "Pull", false)]
    public void Socket_type_pairs_follow_rfc_23(string ours, string peer, bool expected) =>
        ZmtpSocketTypes.CanTalk(Enum.Parse<ZmtpSocketType>(ours), Enum.Parse<ZmtpSocketType>(peer)).ShouldBe(expected);
}
