package io.feedscope.analysis;

import io.feedscope.dissect.PacketKind;
import java.util.Arrays;

/**
 * One frame as seen by the analysis: a reusable, mutable flyweight.
 * <p>
 * A {@link PacketSource} owns one instance and overwrites it on every {@link PacketSource#advance()}; the
 * analysis never keeps a reference past the call it receives it in, so a whole capture is read with no
 * allocation per frame. Setters return {@code this} so adapters and test builders can chain them. Callers
 * that want to keep an event must {@link #copyFrom(PacketView) copy} it.
 * <p>
 * Addresses are IPv4 as {@code int} in network order (the high byte is the first octet), ports are
 * 0..65535, times are nanoseconds since the Unix epoch (capture time, not exchange time).
 */
public final class PacketEvent implements PacketView {

	private int fCaptureIndex;
	private String fCaptureName = "";
	private int fFrame;
	private long fTimeNanos;
	private int fSourceIp;
	private int fSourcePort;
	private int fDestinationIp;
	private int fDestinationPort;
	private int fInterfaceId;
	private String fProtocol = "";
	private PacketKind fKind = PacketKind.NOT_FEED;
	private String fSession = "";
	private long fFirstSeq;
	private int fMessageCount;
	/** type codes as the description gives them: up to two bytes (0..65535), -1 for a message with no room for one */
	private int[] fMessageTypes = new int[16];
	/** true when the description's type field is a character (ITCH 'A'), false for a number (PITCH 0x21) */
	private boolean fTypeLetters = true;
	/** message fields read per message ({@link PacketSource#readFields}): values and presence, message-major */
	private int fFields;
	private long[] fValues = new long[0];
	private boolean[] fHas = new boolean[0];
	private long fRequestSeq;
	private int fRequestCount;
	private boolean fUnicast;
	private String fProblem = "";

	/** Clears everything but the capture identity, and keeps the message-type buffer for reuse. */
	public PacketEvent clear() {
		fFrame = 0;
		fTimeNanos = 0;
		fSourceIp = 0;
		fSourcePort = 0;
		fDestinationIp = 0;
		fDestinationPort = 0;
		fInterfaceId = 0;
		fProtocol = "";
		fKind = PacketKind.NOT_FEED;
		fSession = "";
		fFirstSeq = 0;
		fMessageCount = 0;
		fRequestSeq = 0;
		fRequestCount = 0;
		fUnicast = false;
		fProblem = "";
		fTypeLetters = true;
		return this;
	}

	/** Copies every field of {@code other} into this event (message types included). */
	public PacketEvent copyFrom(PacketView view) {
		if (!(view instanceof PacketEvent other)) {
			copyFromView(view);
			return this;
		}
		fCaptureIndex = other.fCaptureIndex;
		fCaptureName = other.fCaptureName;
		fFrame = other.fFrame;
		fTimeNanos = other.fTimeNanos;
		fSourceIp = other.fSourceIp;
		fSourcePort = other.fSourcePort;
		fDestinationIp = other.fDestinationIp;
		fDestinationPort = other.fDestinationPort;
		fInterfaceId = other.fInterfaceId;
		fProtocol = other.fProtocol;
		fKind = other.fKind;
		fSession = other.fSession;
		fFirstSeq = other.fFirstSeq;
		fRequestSeq = other.fRequestSeq;
		fRequestCount = other.fRequestCount;
		fUnicast = other.fUnicast;
		fProblem = other.fProblem;
		fTypeLetters = other.fTypeLetters;
		setMessageCount(other.fMessageCount);
		System.arraycopy(other.fMessageTypes, 0, fMessageTypes, 0, Math.min(other.fMessageCount, other.fMessageTypes.length));
		if (other.fFields > 0 || fFields > 0) {
			setFieldCount(other.fFields);
			int n = Math.min(other.fMessageCount * other.fFields, other.fValues.length);
			System.arraycopy(other.fValues, 0, fValues, 0, n);
			System.arraycopy(other.fHas, 0, fHas, 0, n);
		}
		return this;
	}

	/** @return index of the capture (tap point) this frame came from, 0-based, in the order captures were opened */
	@Override
	public int captureIndex() {
		return fCaptureIndex;
	}

	/** @return the capture's short name (file name) */
	@Override
	public String captureName() {
		return fCaptureName;
	}

	/** @return 1-based frame number within its capture, as in Wireshark */
	@Override
	public int frame() {
		return fFrame;
	}

	/** @return capture timestamp, ns since the Unix epoch */
	@Override
	public long timeNanos() {
		return fTimeNanos;
	}

	/** @return IPv4 source address, network order in an int */
	@Override
	public int sourceIp() {
		return fSourceIp;
	}

	/** @return UDP source port */
	@Override
	public int sourcePort() {
		return fSourcePort;
	}

	/** @return IPv4 destination (the multicast group for a line), network order in an int */
	@Override
	public int destinationIp() {
		return fDestinationIp;
	}

	/** @return UDP destination port */
	@Override
	public int destinationPort() {
		return fDestinationPort;
	}

	/** @return the pcapng interface id (0 for pcap); distinguishes lines when one group is seen on two NICs */
	@Override
	public int interfaceId() {
		return fInterfaceId;
	}

	/** @return the framing protocol's name as its description gives it ("moldudp64", "pitch"); empty if none */
	@Override
	public String protocol() {
		return fProtocol;
	}

	/** @return what the frame is */
	@Override
	public PacketKind kind() {
		return fKind;
	}

	/**
	 * @return the session (the framing field with role session) as its description formats it: trimmed text
	 *         (MoldUDP64) or a number (a PITCH unit). Adapters should hand out the same String instance for the
	 *         same value: the analysis compares by identity first.
	 */
	@Override
	public String session() {
		return fSession;
	}

	/** @return the header's sequence (role sequence): number of the first message (next expected for heartbeats) */
	@Override
	public long firstSeq() {
		return fFirstSeq;
	}

	/** @return messages in the packet (0 unless {@link PacketKind#DATA}) */
	@Override
	public int messageCount() {
		return fMessageCount;
	}

	/** @return sequence number of the last message, {@code firstSeq + count - 1} (for DATA) */
	@Override
	public long lastSeq() {
		return fFirstSeq + fMessageCount - 1;
	}

	/**
	 * @param i 0-based message index in the packet, less than {@link #messageCount()}
	 * @return the message's type code as its description reads it (the ITCH message type byte 'A'; up to two
	 *         bytes), -1 if the message has no room for one
	 */
	@Override
	public int messageType(int i) {
		return fMessageTypes[i];
	}

	/** @return true when the feed's description types its message type as a character (shown as the letter) */
	@Override
	public boolean messageTypeLetters() {
		return fTypeLetters;
	}

	/** @param letters whether the feed's type field is a character (ITCH) rather than a number (PITCH) */
	public PacketEvent setMessageTypeLetters(boolean letters) {
		fTypeLetters = letters;
		return this;
	}

	/** @return for {@link PacketKind#REQUEST}: first requested sequence number */
	@Override
	public long requestSeq() {
		return fRequestSeq;
	}

	/** @return for {@link PacketKind#REQUEST}: number of messages requested */
	@Override
	public int requestCount() {
		return fRequestCount;
	}

	/** @return true when the destination is not multicast: a retransmission answer or a request */
	@Override
	public boolean unicast() {
		return fUnicast;
	}

	/** @return for {@link PacketKind#MALFORMED}: what is wrong, naming the field (empty otherwise) */
	@Override
	public String problem() {
		return fProblem;
	}

	/**
	 * Stamps the capture; writes only what differs. Why: the merger stamps every event on the checks' thread, and a
	 * reused event of a {@link ParallelPacketSource} chunk (which a dissecting thread on another core refills)
	 * already holds its capture from the chunk's last round: a store would dirty the event's line in this core's
	 * cache, and the dissecting thread would then wait for it to come back across cores before refilling it.
	 */
	public PacketEvent setCapture(int index, String name) {
		if (fCaptureIndex != index) {
			fCaptureIndex = index;
		}
		if (fCaptureName != name) {
			fCaptureName = name;
		}
		return this;
	}

	public PacketEvent setFrame(int frame, long timeNanos) {
		fFrame = frame;
		fTimeNanos = timeNanos;
		return this;
	}

	public PacketEvent setSource(int ip, int port) {
		fSourceIp = ip;
		fSourcePort = port;
		return this;
	}

	public PacketEvent setDestination(int ip, int port) {
		fDestinationIp = ip;
		fDestinationPort = port;
		return this;
	}

	public PacketEvent setInterfaceId(int interfaceId) {
		fInterfaceId = interfaceId;
		return this;
	}

	public PacketEvent setProtocol(String protocol) {
		fProtocol = protocol;
		return this;
	}

	public PacketEvent setKind(PacketKind kind) {
		fKind = kind;
		return this;
	}

	public PacketEvent setSession(String session) {
		fSession = session;
		return this;
	}

	public PacketEvent setFirstSeq(long firstSeq) {
		fFirstSeq = firstSeq;
		return this;
	}

	/** Sets the count; the message types keep their old values until set ({@link #setMessageType}). */
	public PacketEvent setMessageCount(int count) {
		fMessageCount = count;
		if (count > fMessageTypes.length) {
			fMessageTypes = Arrays.copyOf(fMessageTypes, Math.max(count, fMessageTypes.length * 2));
		}
		if (fFields > 0 && count * fFields > fValues.length) {
			setFieldCount(fFields);
		}
		return this;
	}

	/** @param i 0-based message index, less than the count set before */
	public PacketEvent setMessageType(int i, int typeCode) {
		fMessageTypes[i] = typeCode;
		return this;
	}

	/**
	 * Sets how many message fields each message of this event carries (the names are the run's,
	 * {@link PacketSource#readFields}); call after {@link #setMessageCount(int)}. Keeps its arrays for reuse.
	 */
	public PacketEvent setFieldCount(int fields) {
		fFields = fields;
		int need = Math.max(fMessageCount, 1) * fields;
		if (need > fValues.length) {
			int size = Math.max(need, fValues.length * 2);
			fValues = Arrays.copyOf(fValues, size);
			fHas = Arrays.copyOf(fHas, size);
		}
		return this;
	}

	/** Sets field {@code field} of message {@code message} (after {@link #setFieldCount(int)}). */
	public PacketEvent setField(int message, int field, boolean has, long value) {
		int i = message * fFields + field;
		fHas[i] = has;
		fValues[i] = has ? value : 0;
		return this;
	}

	@Override
	public boolean has(int message, int field) {
		return field >= 0 && field < fFields && message >= 0 && message < fMessageCount && fHas[message * fFields + field];
	}

	@Override
	public long value(int message, int field) {
		return has(message, field) ? fValues[message * fFields + field] : 0;
	}

	public PacketEvent setRequest(long seq, int count) {
		fRequestSeq = seq;
		fRequestCount = count;
		return this;
	}

	public PacketEvent setUnicast(boolean unicast) {
		fUnicast = unicast;
		return this;
	}

	public PacketEvent setProblem(String problem) {
		fProblem = problem;
		return this;
	}

	private void copyFromView(PacketView v) {
		fCaptureIndex = v.captureIndex();
		fCaptureName = v.captureName();
		fFrame = v.frame();
		fTimeNanos = v.timeNanos();
		fSourceIp = v.sourceIp();
		fSourcePort = v.sourcePort();
		fDestinationIp = v.destinationIp();
		fDestinationPort = v.destinationPort();
		fInterfaceId = v.interfaceId();
		fProtocol = v.protocol();
		fKind = v.kind();
		fSession = v.session();
		fFirstSeq = v.firstSeq();
		fRequestSeq = v.requestSeq();
		fRequestCount = v.requestCount();
		fUnicast = v.unicast();
		fProblem = v.problem();
		fTypeLetters = v.messageTypeLetters();
		setMessageCount(v.messageCount());
		for (int i = 0; i < v.messageCount(); i++) {
			fMessageTypes[i] = v.messageType(i);
		}
	}

	/**
	 * The read-only face of an event that the analysis hands the checks: it delegates to the event it is
	 * {@link #of(PacketEvent) pointed at}, and is not a {@link PacketEvent}, so a check can neither call a
	 * setter nor cast its way to one. One per analysis run, re-pointed per packet (no allocation per packet).
	 */
	static final class ReadOnly implements PacketView {
		private PacketEvent fEvent = new PacketEvent();

		ReadOnly of(PacketEvent e) {
			fEvent = e;
			return this;
		}

		@Override
		public int captureIndex() {
			return fEvent.fCaptureIndex;
		}

		@Override
		public String captureName() {
			return fEvent.fCaptureName;
		}

		@Override
		public int frame() {
			return fEvent.fFrame;
		}

		@Override
		public long timeNanos() {
			return fEvent.fTimeNanos;
		}

		@Override
		public int sourceIp() {
			return fEvent.fSourceIp;
		}

		@Override
		public int sourcePort() {
			return fEvent.fSourcePort;
		}

		@Override
		public int destinationIp() {
			return fEvent.fDestinationIp;
		}

		@Override
		public int destinationPort() {
			return fEvent.fDestinationPort;
		}

		@Override
		public int interfaceId() {
			return fEvent.fInterfaceId;
		}

		@Override
		public String protocol() {
			return fEvent.fProtocol;
		}

		@Override
		public PacketKind kind() {
			return fEvent.fKind;
		}

		@Override
		public String session() {
			return fEvent.fSession;
		}

		@Override
		public long firstSeq() {
			return fEvent.fFirstSeq;
		}

		@Override
		public int messageCount() {
			return fEvent.fMessageCount;
		}

		@Override
		public long lastSeq() {
			return fEvent.fFirstSeq + fEvent.fMessageCount - 1;
		}

		@Override
		public int messageType(int i) {
			if (i >= fEvent.fMessageCount) {
				throw new IndexOutOfBoundsException("message " + i + " of " + fEvent.fMessageCount);
			}
			return fEvent.fMessageTypes[i];
		}

		@Override
		public boolean messageTypeLetters() {
			return fEvent.fTypeLetters;
		}

		@Override
		public boolean has(int message, int field) {
			return fEvent.has(message, field);
		}

		@Override
		public long value(int message, int field) {
			return fEvent.value(message, field);
		}

		@Override
		public long requestSeq() {
			return fEvent.fRequestSeq;
		}

		@Override
		public int requestCount() {
			return fEvent.fRequestCount;
		}

		@Override
		public boolean unicast() {
			return fEvent.fUnicast;
		}

		@Override
		public String problem() {
			return fEvent.fProblem;
		}

		@Override
		public String toString() {
			return fEvent.toString();
		}
	}

	/** @return dotted-quad text of an address held in an int */
	public static String ipText(int ip) {
		return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
	}

	/** @return the address parsed from dotted-quad text (no validation beyond digits and dots) */
	public static int ip(String dotted) {
		String[] p = dotted.split("\\.");
		return (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8)
				| Integer.parseInt(p[3]);
	}

	@Override
	public String toString() {
		return fCaptureName + "#" + fFrame + " t=" + fTimeNanos + " " + fKind + " " + ipText(fDestinationIp) + ":"
				+ fDestinationPort + " " + fSession.strip() + " seq=" + fFirstSeq + " count=" + fMessageCount;
	}
}
