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
 * <p>
 * The accessors are {@link PacketView}'s (final, reading these package-private fields): one body for the event
 * and the read-only view the checks get, which the client compiler inlines.
 */
public final class PacketEvent extends PacketView {

	static final int TYPES = 16;
	/**
	 * the field arrays of an event whose run reads no message fields (the usual run): shared, never written (no room),
	 * so an event carries no arrays of its own for them: 32 bytes less of every event that the dissecting core
	 * writes and the checks' core reads (see {@link ParallelPacketSource})
	 */
	private static final long[] NO_VALUES = new long[0];
	private static final boolean[] NO_HAS = new boolean[0];

	int fCaptureIndex;
	String fCaptureName = "";
	int fFrame;
	long fTimeNanos;
	int fSourceIp;
	int fSourcePort;
	int fDestinationIp;
	int fDestinationPort;
	int fInterfaceId;
	String fProtocol = "";
	PacketKind fKind = PacketKind.NOT_FEED;
	String fSession = "";
	long fFirstSeq;
	int fMessageCount;
	/**
	 * type codes as the description gives them: up to two bytes (0..65535), -1 for a message with no room for one.
	 * Room for {@value #TYPES} at first, grown by {@link #setMessageCount}. Not less, although most packets carry
	 * one or two messages: a {@link ParallelPacketSource} chunk's events are reused all run long, and one grown by a
	 * catch-up burst's packet has its types away from its side in the heap from then on (room for 4 made both the
	 * dissecting and the checks' thread slower on 2 cores than room for 16, large-15m).
	 */
	int[] fMessageTypes = new int[TYPES];
	/** true when the description's type field is a character (ITCH 'A'), false for a number (PITCH 0x21) */
	boolean fTypeLetters = true;
	/** message fields read per message ({@link PacketSource#readFields}): values and presence, message-major */
	int fFields;
	long[] fValues = NO_VALUES;
	boolean[] fHas = NO_HAS;
	long fRequestSeq;
	int fRequestCount;
	boolean fUnicast;
	String fProblem = "";

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

	/** Copies every field of {@code view}'s packet into this event (message types and fields included). */
	public PacketEvent copyFrom(PacketView view) {
		PacketEvent other = view.fEvent;
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

	/** @param letters whether the feed's type field is a character (ITCH) rather than a number (PITCH) */
	public PacketEvent setMessageTypeLetters(boolean letters) {
		fTypeLetters = letters;
		return this;
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

	/**
	 * The read-only face of an event that the analysis hands the checks: it delegates to the event it is
	 * {@link #of(PacketEvent) pointed at}, and is not a {@link PacketEvent}, so a check can neither call a
	 * setter nor cast its way to one. One per analysis run, re-pointed per packet (no allocation per packet).
	 */
	static final class ReadOnly extends PacketView {

		ReadOnly of(PacketEvent e) {
			fEvent = e;
			return this;
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
