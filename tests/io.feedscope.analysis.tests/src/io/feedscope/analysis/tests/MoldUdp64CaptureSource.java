package io.feedscope.analysis.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.feedscope.analysis.PacketEvent;
import io.feedscope.dissect.PacketKind;
import io.feedscope.analysis.PacketSource;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.PacketLayers;

/**
 * A stand-in for the dissector adapter, for the real-capture tests only: reads a capture with
 * {@code io.feedscope.capture} and decodes just the MoldUDP64 header and each message's length and type
 * byte. UDP to or from {@code feedPort} is the feed; UDP to {@code requestPort} is a re-request. It shows
 * the integrator what the real adapter has to fill in; the real one comes from the dissection framework.
 */
public final class MoldUdp64CaptureSource implements PacketSource {

	private static final int HEADER = 20;

	private final CaptureFile fCapture;
	private final int fFeedPort;
	private final int fRequestPort;
	private final boolean fForceMulticast;
	private final PacketLayers fLayers = new PacketLayers();
	private final PacketEvent fEvent = new PacketEvent();
	private final byte[] fSessionBytes = new byte[10];
	private String fSession = "";
	private int fFrame;

	/**
	 * @param forceMulticast treat every feed packet as multicast (for captures whose addresses were
	 *        zeroed by sanitising)
	 */
	public MoldUdp64CaptureSource(Path file, int feedPort, int requestPort, boolean forceMulticast) {
		try {
			fCapture = Captures.open(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		fFeedPort = feedPort;
		fRequestPort = requestPort;
		fForceMulticast = forceMulticast;
	}

	@Override
	public String name() {
		return fCapture.name();
	}

	@Override
	public String path() {
		return fCapture.path().toString();
	}

	@Override
	public String format() {
		return fCapture.format().id();
	}

	@Override
	public boolean advance() {
		if (fFrame >= fCapture.frameCount()) {
			return false;
		}
		int frame = ++fFrame;
		PacketEvent e = fEvent.clear().setFrame(frame, fCapture.timestampNanos(frame))
				.setInterfaceId(fCapture.interfaceId(frame));
		ByteBuffer b = fCapture.frameData(frame);
		if (fLayers.decode(b, fCapture.linkType(frame)) != PacketLayers.Kind.UDP) {
			return true;
		}
		int dport = fLayers.destinationPort();
		e.setSource(fLayers.ipSource(), fLayers.sourcePort()).setDestination(fLayers.ipDestination(), dport)
				.setUnicast(!fForceMulticast && !fLayers.isMulticast());
		if (dport != fFeedPort && fLayers.sourcePort() != fFeedPort && dport != fRequestPort) {
			return true;
		}
		int p = fLayers.payloadOffset();
		int end = p + fLayers.payloadLength();
		if (end - p < HEADER) {
			e.setKind(PacketKind.MALFORMED).setProblem("moldudp64: " + (end - p) + " payload bytes, header needs 20");
			return true;
		}
		e.setSession(session(b, p)).setFirstSeq(b.getLong(p + 10));
		int count = b.getShort(p + 18) & 0xffff;
		if (dport == fRequestPort) {
			e.setKind(PacketKind.REQUEST).setRequest(b.getLong(p + 10), count);
			return true;
		}
		if (count == 0) {
			e.setKind(PacketKind.HEARTBEAT);
			return true;
		}
		if (count == 0xffff) {
			e.setKind(PacketKind.END_OF_SESSION);
			return true;
		}
		e.setMessageCount(count);
		int at = p + HEADER;
		for (int i = 0; i < count; i++) {
			if (at + 2 > end) {
				e.setKind(PacketKind.MALFORMED).setMessageCount(0)
						.setProblem("moldudp64.count: claims " + count + " messages, " + i + " present");
				return true;
			}
			int len = b.getShort(at) & 0xffff;
			if (len == 0 || at + 2 + len > end) {
				e.setKind(PacketKind.MALFORMED).setMessageCount(0)
						.setProblem("moldudp64.msglen: message " + i + " of length " + len + " runs past the payload");
				return true;
			}
			e.setMessageType(i, b.get(at + 2));
			at += 2 + len;
		}
		e.setKind(PacketKind.DATA);
		return true;
	}

	/** Hands out one String per distinct session, so the analysis compares sessions by identity. */
	private String session(ByteBuffer b, int p) {
		boolean same = !fSession.isEmpty();
		for (int i = 0; i < 10; i++) {
			byte x = b.get(p + i);
			same &= fSessionBytes[i] == x;
			fSessionBytes[i] = x;
		}
		if (!same) {
			fSession = new String(fSessionBytes, StandardCharsets.US_ASCII);
		}
		return fSession;
	}

	@Override
	public PacketEvent current() {
		return fEvent;
	}

	@Override
	public void close() {
		try {
			fCapture.close();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
