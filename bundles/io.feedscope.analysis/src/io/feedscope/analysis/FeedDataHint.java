package io.feedscope.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolSet;

/**
 * Says why a capture gave no feed data and what to do about it: which UDP destinations were there, why
 * the framing protocol's heuristic did not claim them, and the {@code --bind} (the preferences' "Decode
 * As" binding) that would decode them. The command line prints {@link #text()} on standard error when
 * {@code analyze} or {@code decode} find nothing; the workbench shows the same text as a notice.
 * <p>
 * Why a destination was declined is found by trying: its first frame is dissected again with its port
 * bound to the framing protocol. If that gives a sound packet, the binding is offered and the reason is
 * the heuristic test that failed (payload shorter than the header, a session that is not printable text,
 * message blocks that do not fill the payload); if it gives a broken one, the broken field is named and
 * no binding is offered. Reads the capture once, frame headers only (and one dissection per destination);
 * destinations are counted in a bounded map ({@link #DESTINATIONS_KEPT}).
 */
public final class FeedDataHint {

	/** destinations counted; more are added up as "others" */
	static final int DESTINATIONS_KEPT = 64;
	/** destinations named in the text */
	private static final int NAMED = 5;

	/**
	 * One UDP destination of the capture.
	 *
	 * @param frames UDP frames to it
	 * @param reason why the framing protocol did not claim it
	 * @param binding what would decode it ({@code udp.port==N}), or null when binding does not help
	 */
	public record Destination(int ip, int port, long frames, String reason, @Nullable String binding) {

		/** @return "233.54.12.111:26477" */
		public String address() {
			return PacketEvent.ipText(ip) + ":" + port;
		}
	}

	private final long fFrames;
	private final long fUdpFrames;
	private final List<Destination> fDestinations;
	private final long fOtherDestinations;
	private final String fFraming;

	private FeedDataHint(long frames, long udp, List<Destination> destinations, long others, String framing) {
		fFrames = frames;
		fUdpFrames = udp;
		fDestinations = List.copyOf(destinations);
		fOtherDestinations = others;
		fFraming = framing;
	}

	/** per destination while scanning: frames and the first frame, to try a binding on */
	private static final class Seen {
		long fFrames;
		final CaptureFile fCapture;
		final int fFirstFrame;

		Seen(CaptureFile capture, int frame) {
			fCapture = capture;
			fFirstFrame = frame;
		}
	}

	/**
	 * Scans captures in which nothing was recognized as feed data (as the analysis or the decoder found).
	 *
	 * @param protocols the protocols and bindings the analysis used
	 * @param framingName the framing protocol to try (e.g. "moldudp64")
	 */
	public static FeedDataHint of(List<CaptureFile> captures, ProtocolSet protocols, String framingName) {
		Map<Long, Seen> seen = new LinkedHashMap<>();
		long frames = 0;
		long udp = 0;
		long others = 0;
		PacketLayers layers = new PacketLayers();
		for (CaptureFile c : captures) {
			for (int f = 1; f <= c.frameCount(); f++) {
				frames++;
				if (layers.decode(c, f) != PacketLayers.Kind.UDP) {
					continue;
				}
				udp++;
				long key = (layers.ipDestination() & 0xffffffffL) << 16 | layers.destinationPort();
				Seen s = seen.get(key);
				if (s == null) {
					if (seen.size() == DESTINATIONS_KEPT) {
						others++;
						continue;
					}
					s = new Seen(c, f);
					seen.put(key, s);
				}
				s.fFrames++;
			}
		}
		Protocol framing = protocols.protocol(framingName);
		String framingText = framing == null ? framingName : framing.displayName();
		List<Destination> out = new ArrayList<>();
		for (Map.Entry<Long, Seen> en : seen.entrySet()) {
			int ip = (int) (en.getKey() >>> 16);
			int port = (int) (en.getKey() & 0xffff);
			out.add(tryBinding(en.getValue(), ip, port, protocols, framingName, framingText));
		}
		out.sort((a, b) -> Long.compare(b.frames(), a.frames()));
		return new FeedDataHint(frames, udp, out, others, framingText);
	}

	private static Destination tryBinding(Seen s, int ip, int port, ProtocolSet protocols, String framingName,
			String framingText) {
		Destination unbound = new Destination(ip, port, s.fFrames, "no " + framingText + " description loaded", null);
		if (protocols.protocol(framingName) == null) {
			return unbound;
		}
		ProtocolSet bound = protocols.toBuilder().bindPorts(framingName, port, port).build();
		FeedPacket p = new FeedDissector(bound).dissect(s.fCapture, s.fFirstFrame);
		String heuristic = framingText + " heuristic declined: ";
		String framingError = null;
		for (io.feedscope.dissect.ExpertItem x : p.expertItems()) {
			// only the framing's own errors: an odd message inside a sound packet does not stop a binding
			if (framingError == null && x.severity() == io.feedscope.dissect.Severity.ERROR
					&& x.id().startsWith(framingName + ".")) {
				framingError = x.id() + ": " + x.reason();
			}
		}
		if (p.kind() == io.feedscope.dissect.PacketKind.NOT_FEED || p.kind() == io.feedscope.dissect.PacketKind.MALFORMED
				|| framingError != null) {
			String why = framingError != null ? framingError
					: p.layers().problem().isEmpty() ? "not " + framingText : p.layers().problem();
			return new Destination(ip, port, s.fFrames, "not " + framingText + " even when bound (" + why + ")", null);
		}
		String reason;
		if (p.payloadLength() < 20) {
			reason = "payload shorter than a " + framingText + " header";
		} else if (p.hasSession() && !printable(p)) {
			reason = "session not printable";
		} else {
			reason = "message blocks do not fill the payload";
		}
		return new Destination(ip, port, s.fFrames, heuristic + reason, "udp.port==" + port);
	}

	private static boolean printable(FeedPacket p) {
		byte[] b = new byte[64];
		int n = p.copySession(b);
		for (int i = 0; i < n; i++) {
			if (b[i] < 0x20 || b[i] > 0x7e) {
				return false;
			}
		}
		return true;
	}

	/** @return frames scanned */
	public long frames() {
		return fFrames;
	}

	/** @return UDP frames among them */
	public long udpFrames() {
		return fUdpFrames;
	}

	/** @return the UDP destinations, most frames first (at most {@link #DESTINATIONS_KEPT}) */
	public List<Destination> destinations() {
		return fDestinations;
	}

	/** @return the bindings that would decode the destinations, e.g. ["udp.port==0"], without repeats */
	public List<String> bindings() {
		List<String> out = new ArrayList<>();
		for (Destination d : fDestinations) {
			String binding = d.binding();
			if (binding != null && !out.contains(binding)) {
				out.add(binding);
			}
		}
		return out;
	}

	/**
	 * @return one sentence: "5 UDP frames to 1 destination, none recognized as a feed: 0.0.0.0:0 ×5
	 *         (MoldUDP64 heuristic declined: session not printable); to decode them: --bind udp.port==0"
	 */
	public String text() {
		if (fFrames == 0) {
			return "the capture holds no frames";
		}
		if (fUdpFrames == 0) {
			return String.format(Locale.ROOT, "%,d frame%s, none of them UDP: no %s feed data", fFrames,
					fFrames == 1 ? "" : "s", fFraming);
		}
		long n = fDestinations.size() + fOtherDestinations;
		StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%,d UDP frame%s to %,d destination%s, none recognized as a feed: ",
				fUdpFrames, fUdpFrames == 1 ? "" : "s", n, n == 1 ? "" : "s"));
		for (int i = 0; i < fDestinations.size() && i < NAMED; i++) {
			Destination d = fDestinations.get(i);
			b.append(i == 0 ? "" : ", ").append(d.address()).append(" \u00d7").append(d.frames()).append(" (")
					.append(d.reason()).append(')');
		}
		if (n > NAMED) {
			b.append(", ").append(n - NAMED).append(" more");
		}
		List<String> binds = bindings();
		if (!binds.isEmpty()) {
			b.append("; to decode them: ");
			for (int i = 0; i < binds.size() && i < NAMED; i++) {
				b.append(i == 0 ? "" : " ").append("--bind ").append(binds.get(i));
			}
		}
		return b.toString();
	}

	@Override
	public String toString() {
		return text();
	}
}
