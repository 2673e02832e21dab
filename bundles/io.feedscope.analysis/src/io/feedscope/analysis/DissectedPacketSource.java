package io.feedscope.analysis;

import java.nio.charset.StandardCharsets;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.ExpertItem;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.dissect.Severity;

/**
 * A capture read through the dissector, as the stream of {@link PacketEvent}s the checks consume:
 * the adapter between the dissection stage and the analysis stage.
 * <p>
 * One dissector and one event per source, both reused, so a capture of any size is streamed with no
 * allocation per frame (a String per distinct session only).
 * <p>
 * A frame is {@link PacketKind#MALFORMED} when the framing protocol reports an error (count larger
 * than the blocks present, a block overrunning the payload, a header cut short) or when the capture
 * cut it (snaplen): such frames carry no messages, since their sequence accounting cannot be trusted.
 * Errors inside a message (an ITCH message shorter than its type) leave the packet's sequence range
 * intact and stay DATA; the packet table shows their expert items.
 * <p>
 * Ports learned from the feed: the framing protocol's heuristic accepts only sound packets, so without a
 * user binding a malformed packet on a feed's own port would pass as "not a feed" and vanish from the
 * report. Once a port has carried feed packets in this capture (the destination port of multicast feed
 * packets, the server port of unicast answers), a frame on it that the heuristic rejected is dissected
 * again with that port bound, which makes it MALFORMED with the framing protocol's reason, as Wireshark
 * does for a conversation it has recognized. A 20-byte request sent before the server's first answer
 * cannot be recognized this way: bind the re-request server's port for those.
 */
public final class DissectedPacketSource implements PacketSource {

	private final CaptureFile fCapture;
	private final FeedDissector fDissector;
	private final ProtocolSet fProtocols;
	/** per UDP port: the framing protocol learned for it, or null */
	private final String[] fLearnedPorts = new String[65536];
	private boolean fLearnedChanged;
	private @Nullable FeedDissector fLearnedDissector;
	private final PacketEvent fEvent = new PacketEvent();
	private final byte[] fSessionBytes = new byte[64];
	private final byte[] fScratch = new byte[64];
	private int fSessionLength = -1;
	private String fSession = "";
	private int fFrame;

	/**
	 * @param capture the opened capture; closed by {@link #close()}
	 * @param protocols the protocols and bindings to dissect with
	 */
	public DissectedPacketSource(CaptureFile capture, ProtocolSet protocols) {
		fCapture = capture;
		fDissector = new FeedDissector(protocols);
		fProtocols = protocols;
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

	/** @return the capture read */
	public CaptureFile capture() {
		return fCapture;
	}

	@Override
	public boolean advance() {
		if (fFrame >= fCapture.frameCount()) {
			return false;
		}
		int frame = ++fFrame;
		PacketEvent e = fEvent.clear().setFrame(frame, fCapture.timestampNanos(frame))
				.setInterfaceId(fCapture.interfaceId(frame));
		FeedPacket p = fDissector.dissect(fCapture, frame);
		PacketLayers l = p.layers();
		if (l.kind() == PacketLayers.Kind.UDP) {
			if (p.kind() == io.feedscope.dissect.PacketKind.NOT_FEED
					&& (fLearnedPorts[l.destinationPort()] != null || fLearnedPorts[l.sourcePort()] != null)) {
				p = learnedDissector().dissect(fCapture, frame);
				l = p.layers();
			} else if (p.kind() != io.feedscope.dissect.PacketKind.NOT_FEED
					&& p.kind() != io.feedscope.dissect.PacketKind.MALFORMED) {
				learn(l.isMulticast() ? l.destinationPort() : l.sourcePort(), p.protocolName());
			}
			e.setSource(l.ipSource(), l.sourcePort()).setDestination(l.ipDestination(), l.destinationPort())
					.setUnicast(!l.isMulticast());
		}
		switch (p.kind()) {
		case NOT_FEED:
			e.setKind(PacketKind.NOT_FEED);
			return true;
		case MALFORMED:
			e.setProtocol(p.protocolName()).setKind(PacketKind.MALFORMED).setProblem(problem(p, frame));
			return true;
		default:
			break;
		}
		e.setProtocol(p.protocolName());
		if (p.hasSession()) {
			e.setSession(session(p));
		}
		e.setFirstSeq(p.sequence());
		String framingError = framingError(p);
		if (framingError != null || fCapture.isTruncated(frame)) {
			e.setKind(PacketKind.MALFORMED).setProblem(framingError != null ? framingError : problem(p, frame));
			return true;
		}
		switch (p.kind()) {
		case HEARTBEAT -> e.setKind(PacketKind.HEARTBEAT);
		case END_OF_SESSION -> e.setKind(PacketKind.END_OF_SESSION);
		case REQUEST -> e.setKind(PacketKind.REQUEST).setRequest(p.sequence(), p.count());
		default -> {
			e.setKind(PacketKind.DATA).setMessageCount(p.messageCount());
			FeedMessage m = p.messages();
			while (m.next()) {
				e.setMessageType(m.index(), m.typeCode());
			}
		}
		}
		return true;
	}

	private void learn(int port, String framing) {
		if (fLearnedPorts[port] == null) {
			fLearnedPorts[port] = framing;
			fLearnedChanged = true;
		}
	}

	/** the dissector with the learned ports bound; rebuilt only when a port was learned (a few times per capture) */
	private FeedDissector learnedDissector() {
		FeedDissector d = fLearnedDissector;
		if (d == null || fLearnedChanged) {
			ProtocolSet.Builder b = fProtocols.toBuilder();
			for (int port = 0; port < fLearnedPorts.length; port++) {
				String framing = fLearnedPorts[port];
				if (framing != null) {
					b.bindPorts(framing, port, port);
				}
			}
			d = new FeedDissector(b.build());
			fLearnedDissector = d;
			fLearnedChanged = false;
		}
		return d;
	}

	/** @return the first error the framing protocol reported, or null */
	private static @Nullable String framingError(FeedPacket p) {
		String prefix = p.protocolName() + ".";
		for (ExpertItem x : p.expertItems()) {
			if (x.severity() == Severity.ERROR && x.id().startsWith(prefix)) {
				return x.id() + ": " + x.reason();
			}
		}
		return null;
	}

	private String problem(FeedPacket p, int frame) {
		if (!p.expertItems().isEmpty()) {
			ExpertItem x = p.expertItems().get(0);
			return x.id() + ": " + x.reason();
		}
		if (fCapture.isTruncated(frame)) {
			return "frame cut by the capture's snaplen (" + fCapture.capturedLength(frame) + " of "
					+ fCapture.originalLength(frame) + " bytes)";
		}
		String why = p.layers().problem();
		return why.isEmpty() ? "malformed" : why;
	}

	/** Hands out one String per distinct session, so the analysis compares sessions by identity. */
	private String session(FeedPacket p) {
		int n = p.copySession(fScratch);
		boolean same = n == fSessionLength;
		for (int i = 0; same && i < n; i++) {
			same = fScratch[i] == fSessionBytes[i];
		}
		if (!same) {
			System.arraycopy(fScratch, 0, fSessionBytes, 0, n);
			fSessionLength = n;
			fSession = new String(fSessionBytes, 0, n, StandardCharsets.ISO_8859_1).stripTrailing();
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
		} catch (java.io.IOException e) {
			// a read-only mapping: nothing was written, nothing to lose
		}
	}
}
