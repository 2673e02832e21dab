package io.feedscope.analysis;

import java.nio.ByteBuffer;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.PacketLayers;
import io.feedscope.capture.StreamedCapture;
import io.feedscope.dissect.ExpertItem;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.LearnedBindings;
import io.feedscope.dissect.PacketKind;
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
 * Ports learned from the feed ({@link FeedDissector#learnPorts()}): the framing protocol's heuristic
 * accepts only sound packets, so without a user binding a malformed packet on a feed's own port would pass
 * as "not a feed" and vanish from the report. Once a heuristic recognized a port (the destination port of
 * multicast feed packets, the server port of unicast answers), later frames on it are dissected with that
 * port bound, which makes a broken one MALFORMED with the framing protocol's reason, as Wireshark does for
 * a conversation it has recognized. A 20-byte request sent before the server's first answer cannot be
 * recognized this way: bind the re-request server's port for those.
 */
public final class DissectedPacketSource implements PacketSource {

	private final @Nullable CaptureFile fCapture;
	private final @Nullable StreamedCapture fStream;
	/** false for {@link #borrowing}: the capture is someone else's to close */
	private final boolean fOwnsCapture;
	private final FeedDissector fDissector;
	private final ProtocolSet fProtocols;
	/** set by a {@link ParallelPacketSource} that read the streamed file in its place */
	private java.util.@Nullable List<io.feedscope.capture.CaptureProblem> fProblemsRead;
	/** ids of the message fields to read into the events ({@link #readFields}), -1 for a name no protocol has */
	private int[] fFieldIds = new int[0];
	private final PacketEvent fEvent = new PacketEvent();
	private final byte[] fSessionBytes = new byte[64];
	private int fSessionLength = -1;
	private String fSession = "";
	private int fFrame;

	/**
	 * @param capture the opened capture; closed by {@link #close()}
	 * @param protocols the protocols and bindings to dissect with
	 */
	public DissectedPacketSource(CaptureFile capture, ProtocolSet protocols) {
		this(capture, protocols, true);
	}

	private DissectedPacketSource(CaptureFile capture, ProtocolSet protocols, boolean owns) {
		fCapture = capture;
		fStream = null;
		fOwnsCapture = owns;
		fProtocols = protocols;
		fDissector = new FeedDissector(protocols).learnPorts();
	}

	/** A source fed frame by frame through {@link #dissect}: a thread of a {@link ParallelPacketSource}. */
	DissectedPacketSource(ProtocolSet protocols) {
		fCapture = null;
		fStream = null;
		fOwnsCapture = false;
		fProtocols = protocols;
		fDissector = new FeedDissector(protocols).learnPorts();
	}

	/**
	 * A source over a capture that stays its owner's: {@link #close()} leaves it open. For the workbench,
	 * whose captures belong to the capture set and outlive every analysis of them.
	 *
	 * @param capture an opened capture, not closed by this source
	 * @param protocols the protocols and bindings to dissect with
	 * @return the source
	 */
	public static DissectedPacketSource borrowing(CaptureFile capture, ProtocolSet protocols) {
		return new DissectedPacketSource(capture, protocols, false);
	}

	/**
	 * {@link #borrowing(CaptureFile, ProtocolSet)} that learns the feed's ports into a shared object, so the faces
	 * that dissect the same capture again (table, details, filter: {@code FeedDissector.useLearned}) bind the
	 * ports this pass recognized, and show a malformed frame on them as the analysis does.
	 *
	 * @param learned the capture's learned bindings, made for the same protocol set
	 * @return the source
	 */
	public static DissectedPacketSource borrowing(CaptureFile capture, ProtocolSet protocols, LearnedBindings learned) {
		DissectedPacketSource s = new DissectedPacketSource(capture, protocols, false);
		s.fDissector.learnPorts(learned);
		return s;
	}

	/**
	 * Reads a capture front to back without indexing it: flat memory for captures of any size (the CLI's
	 * way). Same events as the indexed capture gives.
	 *
	 * @param stream the opened file; closed by {@link #close()}
	 * @param protocols the protocols and bindings to dissect with
	 */
	public DissectedPacketSource(StreamedCapture stream, ProtocolSet protocols) {
		fCapture = null;
		fStream = stream;
		fOwnsCapture = true;
		fProtocols = protocols;
		fDissector = new FeedDissector(protocols).learnPorts();
	}

	/** Reads these message fields of every DATA message into the events; a name no protocol has reads as absent. */
	@Override
	public void readFields(java.util.List<String> names) {
		fFieldIds = new int[names.size()];
		for (int i = 0; i < fFieldIds.length; i++) {
			fFieldIds[i] = fProtocols.fieldId(names.get(i));
		}
	}

	@Override
	public String name() {
		CaptureFile c = fCapture;
		return c != null ? c.name() : stream().name();
	}

	@Override
	public String path() {
		CaptureFile c = fCapture;
		return (c != null ? c.path() : stream().path()).toString();
	}

	@Override
	public String format() {
		CaptureFile c = fCapture;
		return (c != null ? c.format() : stream().format()).id();
	}

	/** @return the capture read, or null when it is streamed ({@link #DissectedPacketSource(StreamedCapture, ProtocolSet)}) */
	public @Nullable CaptureFile capture() {
		return fCapture;
	}

	/** @return the streamed capture's problems (complete once it was read to the end); empty when indexed */
	public java.util.List<io.feedscope.capture.CaptureProblem> streamProblems() {
		java.util.List<io.feedscope.capture.CaptureProblem> read = fProblemsRead;
		if (read != null) {
			return read;
		}
		StreamedCapture s = fStream;
		return s == null ? java.util.List.of() : s.problems();
	}

	/** @return the streamed capture, or null when indexed */
	@Nullable
	StreamedCapture streamed() {
		return fStream;
	}

	/** @return true when {@link #close()} closes the capture read: the CLI's sources, not the workbench's */
	boolean ownsCapture() {
		return fOwnsCapture;
	}

	ProtocolSet protocols() {
		return fProtocols;
	}

	FeedDissector dissector() {
		return fDissector;
	}

	/** The problems of the file as another reader found them (it read the file in this source's place). */
	void problemsRead(java.util.List<io.feedscope.capture.CaptureProblem> problems) {
		fProblemsRead = problems;
	}

	private StreamedCapture stream() {
		StreamedCapture s = fStream;
		if (s == null) {
			throw new IllegalStateException("not streamed");
		}
		return s;
	}

	// the current frame, from either reader
	private ByteBuffer fData = ByteBuffer.allocate(0);
	private int fLinkType;
	private boolean fTruncated;
	private int fCapLen;
	private int fOrigLen;

	@Override
	public boolean advance() {
		CaptureFile c = fCapture;
		if (c != null) {
			if (fFrame >= c.frameCount()) {
				return false;
			}
			int frame = ++fFrame;
			dissect(fEvent, c.frameData(frame), frame, c.timestampNanos(frame), c.interfaceId(frame), c.linkType(frame),
					c.capturedLength(frame), c.originalLength(frame));
		} else {
			StreamedCapture s = stream();
			if (!s.next()) {
				return false;
			}
			int frame = fFrame = s.frame();
			dissect(fEvent, s.data(), frame, s.timestampNanos(), s.interfaceId(), s.linkType(), s.capturedLength(),
					s.originalLength());
		}
		return true;
	}

	/**
	 * Dissects one frame into an event: the whole of {@link #advance()} but reading. For the threads of a
	 * {@link ParallelPacketSource}, each with a source of its own made by {@link #DissectedPacketSource(ProtocolSet)}.
	 *
	 * @return the dissected packet (the dissector's, reused by the next call)
	 */
	FeedPacket dissect(PacketEvent e, ByteBuffer data, int frame, long timeNanos, int interfaceId, int linkType,
			int capturedLength, int originalLength) {
		e.clear().setFrame(frame, timeNanos).setInterfaceId(interfaceId);
		fData = data;
		fLinkType = linkType;
		fCapLen = capturedLength;
		fOrigLen = originalLength;
		fTruncated = fCapLen < fOrigLen;
		return event(e, fDissector.dissect(fData, fLinkType, frame), frame);
	}

	/**
	 * {@link #dissect(PacketEvent, ByteBuffer, int, long, int, int, int, int)} of a frame held in an array,
	 * [offset, offset + capturedLength): the same event, with no buffer per frame (a {@link ParallelPacketSource}
	 * thread copies a chunk's frames into one array and dissects them from there).
	 */
	FeedPacket dissect(PacketEvent e, byte[] bytes, int offset, int frame, long timeNanos, int interfaceId, int linkType,
			int capturedLength, int originalLength) {
		e.clear().setFrame(frame, timeNanos).setInterfaceId(interfaceId);
		fLinkType = linkType;
		fCapLen = capturedLength;
		fOrigLen = originalLength;
		fTruncated = capturedLength < originalLength;
		return event(e, fDissector.dissect(bytes, offset, capturedLength, linkType, frame), frame);
	}

	/** The rest of a dissection: the event of the dissected packet. */
	private FeedPacket event(PacketEvent e, FeedPacket p, int frame) {
		PacketLayers l = p.layers();
		if (l.kind() == PacketLayers.Kind.UDP) {
			e.setSource(l.ipSource(), l.sourcePort()).setDestination(l.ipDestination(), l.destinationPort())
					// 0.0.0.0 is the unspecified address, no host's (RFC 1122 3.2.1.3): a packet "to" it comes from a
					// capture whose publisher zeroed the addresses, not from a re-request server answering one host,
					// so it stays on its line rather than being filed as a unicast answer
					.setUnicast(!l.isMulticast() && l.ipDestination() != 0);
		}
		switch (p.kind()) {
		case NOT_FEED:
			e.setKind(PacketKind.NOT_FEED);
			return p;
		case MALFORMED:
			e.setProtocol(p.protocolName()).setKind(PacketKind.MALFORMED).setProblem(problem(p, frame));
			return p;
		default:
			break;
		}
		e.setProtocol(p.protocolName());
		if (p.hasSession()) {
			e.setSession(session(p));
		}
		e.setFirstSeq(p.sequence());
		String framingError = framingError(p);
		if (framingError != null || fTruncated) {
			e.setKind(PacketKind.MALFORMED).setProblem(framingError != null ? framingError : problem(p, frame));
			return p;
		}
		switch (p.kind()) {
		case HEARTBEAT -> e.setKind(PacketKind.HEARTBEAT);
		case END_OF_SESSION -> e.setKind(PacketKind.END_OF_SESSION);
		case REQUEST -> e.setKind(PacketKind.REQUEST).setRequest(p.sequence(), p.count());
		case UNSEQUENCED -> e.setKind(PacketKind.UNSEQUENCED).setMessageCount(0);
		default -> {
			int n = p.messageCount();
			e.setKind(PacketKind.DATA).setMessageCount(n).setMessageTypeLetters(typeLetters(p));
			for (int i = 0; i < n; i++) {
				e.setMessageType(i, p.messageTypeCode(i));
			}
			int[] ids = fFieldIds;
			if (ids.length > 0) {
				e.setFieldCount(ids.length);
				for (int i = 0; i < n; i++) {
					io.feedscope.dissect.FeedMessage m = p.message(i);
					for (int j = 0; j < ids.length; j++) {
						boolean has = ids[j] >= 0 && m.has(ids[j]);
						e.setField(i, j, has, has ? m.getLong(ids[j]) : 0);
					}
				}
			}
		}
		}
		return p;
	}

	/** the feed protocol {@link #typeLetters} answered for last, and its answer: the same feed frame after frame */
	private io.feedscope.dissect.@Nullable Protocol fLettersFeed;
	private boolean fLetters = true;

	/** @return true when the feed's description types its message type field as a character (ITCH) */
	private boolean typeLetters(FeedPacket p) {
		io.feedscope.dissect.Protocol feed = p.feedProtocol();
		if (feed == null) {
			return true;
		}
		if (feed != fLettersFeed) {
			// a protocol's description does not change during a run: asked once per feed met in a row, not per frame
			io.feedscope.dissect.FieldInfo type = feed.messageTypeField();
			fLetters = type == null || type.kind() == io.feedscope.dissect.FieldKind.CHAR;
			fLettersFeed = feed;
		}
		return fLetters;
	}

	/** @return the first error the framing protocol reported, or null */
	private static @Nullable String framingError(FeedPacket p) {
		java.util.List<ExpertItem> items = p.expertItems();
		if (items.isEmpty()) {
			return null; // the usual case: no per-frame work, no allocation
		}
		String framing = p.protocolName();
		int n = framing.length();
		for (int i = 0; i < items.size(); i++) {
			ExpertItem x = items.get(i);
			String id = x.id();
			if (x.severity() == Severity.ERROR && id.length() > n && id.charAt(n) == '.' && id.startsWith(framing)) {
				return id + ": " + x.reason();
			}
		}
		return null;
	}

	private String problem(FeedPacket p, int frame) {
		if (!p.expertItems().isEmpty()) {
			ExpertItem x = p.expertItems().get(0);
			return x.id() + ": " + x.reason();
		}
		if (fTruncated) {
			return "frame cut by the capture's snaplen (" + fCapLen + " of " + fOrigLen + " bytes)";
		}
		String why = p.layers().problem();
		return why.isEmpty() ? "malformed" : why;
	}

	/** Hands out one String per distinct session, so the analysis compares sessions by identity. */
	private String session(FeedPacket p) {
		// compared in the frame: the copy and the loop of a byte-by-byte comparison were a tenth of a frame's dissection
		if (!p.sameSession(fSessionBytes, fSessionLength)) {
			fSessionLength = p.copySession(fSessionBytes);
			// as the description formats it: trimmed text, or a number (a u8 PITCH unit is not a character)
			fSession = p.session();
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
			CaptureFile c = fCapture;
			if (c != null) {
				if (fOwnsCapture) {
					c.close();
				}
			} else {
				StreamedCapture s = fStream;
				if (s != null) {
					s.close();
				}
			}
		} catch (java.io.IOException e) {
			// a read-only mapping: nothing was written, nothing to lose
		}
	}
}
