package io.feedscope.generator;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.feedscope.generator.feed.UdpFrames;

/**
 * What a generated capture contains: the feed's shape (rate, batching, line B's lag, addresses) and
 * the incidents to inject. Immutable; made with {@link #builder()} or {@link #preset(String)}.
 * <p>
 * Incidents are placed at a fraction of the run ({@code at} in [0, 1]): of the frame budget when the
 * run is bounded by frames, of the duration otherwise, so a preset keeps its shape at any size.
 */
public final class Scenario {

	/** The two redundant lines of a feed. */
	public enum Line {
		A, B
	}

	/** Ways a downstream packet is damaged by {@link Builder#malformed}. */
	public enum Malformation {
		/** header count larger than the message blocks present */
		COUNT_BEYOND_BLOCKS("count-beyond-blocks"),
		/** the last block's length runs past the end of the UDP payload */
		BLOCK_OVERRUN("block-overrun"),
		/** the frame is cut by the capture's snaplen inside the last message block */
		SNAPLEN_TRUNCATED("snaplen-truncated");

		private final String fId;

		Malformation(String id) {
			fId = id;
		}

		/** @return the name used in the truth sidecar */
		public String id() {
			return fId;
		}
	}

	/** Kinds of injected incidents. */
	public enum EventKind {
		/** line stops sending for {@code amount} ns, then catches up in large packets */
		FREEZE,
		/** line loses its next {@code amount} packets (the other line still has them) */
		LOSS,
		/** both lines lose the next {@code amount} messages (true loss); retransmission may repair it */
		TRUE_LOSS,
		/** line sends its next packet twice */
		DUPLICATE,
		/** line's next packet arrives after the packet that follows it */
		REORDER,
		/** no messages for {@code amount} ns: lines send heartbeats */
		QUIET,
		/** line's next packet is damaged as {@link Event#malformation()} says */
		MALFORMED
	}

	/**
	 * One incident.
	 *
	 * @param at where in the run, 0..1
	 * @param kind what happens
	 * @param line the line concerned (A for events that concern both lines)
	 * @param amount nanoseconds, packets or messages according to the kind
	 * @param malformation for {@link EventKind#MALFORMED}, else {@link Malformation#COUNT_BEYOND_BLOCKS}
	 */
	public record Event(double at, EventKind kind, Line line, long amount, Malformation malformation) {
	}

	/** Names accepted by {@link #preset(String)}, the default first. */
	public static final List<String> PRESETS = List.of("demo", "incident", "clean", "loss", "malformed");

	private static final long MS = 1_000_000L;
	private static final long US = 1_000L;

	final String fName;
	final long fSeed;
	final String fSession;
	final long fStartEpochNanos;
	final long fMidnightEpochNanos;
	final long fDurationNanos;
	final long fFrames;
	final double fRate;
	final int fSymbols;
	final int fMaxBatchA;
	final int fMaxBatchB;
	final long fLagMinNanos;
	final long fLagMaxNanos;
	final long fHeartbeatNanos;
	final int fCatchUpBatch;
	final long fCatchUpSpacingNanos;
	final int[] fVlans;
	final boolean fUdpChecksums;
	final boolean fRetransmit;
	final boolean fEndOfSession;
	final String fGroupA;
	final int fPortA;
	final String fGroupB;
	final int fPortB;
	final String fSourceA;
	final String fSourceB;
	final String fRequestServer;
	final int fRequestPort;
	final String fClient;
	final int fClientPort;
	final List<Event> fEvents;

	private Scenario(Builder b) {
		fName = b.fName;
		fSeed = b.fSeed;
		fSession = b.fSession;
		fStartEpochNanos = b.fStartEpochNanos;
		fMidnightEpochNanos = b.fMidnightEpochNanos;
		fDurationNanos = b.fDurationNanos;
		fFrames = b.fFrames;
		fRate = b.fRate;
		fSymbols = b.fSymbols;
		fMaxBatchA = b.fMaxBatchA;
		fMaxBatchB = b.fMaxBatchB;
		fLagMinNanos = b.fLagMinNanos;
		fLagMaxNanos = b.fLagMaxNanos;
		fHeartbeatNanos = b.fHeartbeatNanos;
		fCatchUpBatch = b.fCatchUpBatch;
		fCatchUpSpacingNanos = b.fCatchUpSpacingNanos;
		fVlans = b.fVlans.clone();
		fUdpChecksums = b.fUdpChecksums;
		fRetransmit = b.fRetransmit;
		fEndOfSession = b.fEndOfSession;
		fGroupA = b.fGroupA;
		fPortA = b.fPortA;
		fGroupB = b.fGroupB;
		fPortB = b.fPortB;
		fSourceA = b.fSourceA;
		fSourceB = b.fSourceB;
		fRequestServer = b.fRequestServer;
		fRequestPort = b.fRequestPort;
		fClient = b.fClient;
		fClientPort = b.fClientPort;
		List<Event> events = new ArrayList<>(b.fEvents);
		events.sort(Comparator.comparingDouble(Event::at));
		fEvents = List.copyOf(events);
	}

	/** @return a builder with the defaults of a clean feed (no incidents), 2 s at 50 000 messages/s */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A named scenario, as a builder so that size, seed or format knobs can still be changed.
	 * <ul>
	 * <li>{@code demo}: a bit of everything (freeze and catch-up with a straddling packet, losses on one
	 * line and on both with a retransmission, a duplicate, a reordering, a quiet period with heartbeats,
	 * malformed frames of each kind, end of session); every ITCH 5.0 message type appears</li>
	 * <li>{@code incident}: the seed incident: line A freezes ~100 ms, B carries the feed, A's backlog
	 * comes in ~70-message packets, one of which straddles old and new data</li>
	 * <li>{@code clean}: no incidents, heartbeats only where the feed is quiet at the end</li>
	 * <li>{@code loss}: losses on A, on B and on both lines, with retransmission requests</li>
	 * <li>{@code malformed}: each kind of malformed frame on both lines</li>
	 * </ul>
	 *
	 * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
	 */
	public static Builder preset(String name) {
		Builder b = builder().name(name);
		switch (name.toLowerCase(Locale.ROOT)) {
		case "clean":
			return b;
		case "incident":
			return b.duration(600 * MS).rate(80_000).freeze(Line.A, 0.35, 100 * MS);
		case "demo":
			return b.duration(4_000 * MS).rate(50_000)
					.freeze(Line.A, 0.30, 100 * MS)
					.loss(Line.B, 0.10, 3)
					.loss(Line.A, 0.55, 2)
					.lossOnBothLines(0.20, 12)
					.duplicate(Line.A, 0.15)
					.duplicate(Line.B, 0.45)
					.reorder(Line.B, 0.25)
					.malformed(Line.A, 0.50, Malformation.COUNT_BEYOND_BLOCKS)
					.malformed(Line.B, 0.52, Malformation.BLOCK_OVERRUN)
					.malformed(Line.A, 0.54, Malformation.SNAPLEN_TRUNCATED)
					.quiet(0.62, 1_100 * MS);
		case "loss":
			return b.duration(1_000 * MS).rate(50_000)
					.loss(Line.A, 0.2, 4).loss(Line.B, 0.4, 6)
					.lossOnBothLines(0.6, 20).lossOnBothLines(0.8, 5);
		case "malformed":
			return b.duration(500 * MS).rate(30_000)
					.malformed(Line.A, 0.2, Malformation.COUNT_BEYOND_BLOCKS)
					.malformed(Line.B, 0.3, Malformation.COUNT_BEYOND_BLOCKS)
					.malformed(Line.A, 0.4, Malformation.BLOCK_OVERRUN)
					.malformed(Line.B, 0.5, Malformation.BLOCK_OVERRUN)
					.malformed(Line.A, 0.6, Malformation.SNAPLEN_TRUNCATED)
					.malformed(Line.B, 0.7, Malformation.SNAPLEN_TRUNCATED);
		default:
			throw new IllegalArgumentException("unknown preset '" + name + "' (known: " + String.join(", ", PRESETS) + ")");
		}
	}

	/** @return preset name, or "custom" */
	public String name() {
		return fName;
	}

	public long seed() {
		return fSeed;
	}

	/** @return the MoldUDP64 session, 10 characters */
	public String session() {
		return fSession;
	}

	/** @return the first frame's capture time, ns since the Unix epoch */
	public long startEpochNanos() {
		return fStartEpochNanos;
	}

	/** @return run length in ns (0 when bounded by frames) */
	public long durationNanos() {
		return fDurationNanos;
	}

	/** @return frame budget (0 when bounded by duration) */
	public long frames() {
		return fFrames;
	}

	/** @return mean message rate, messages per second, outside quiet periods */
	public double rate() {
		return fRate;
	}

	public int[] vlans() {
		return fVlans.clone();
	}

	public boolean udpChecksums() {
		return fUdpChecksums;
	}

	public String groupA() {
		return fGroupA;
	}

	public int portA() {
		return fPortA;
	}

	public String groupB() {
		return fGroupB;
	}

	public int portB() {
		return fPortB;
	}

	/** @return the re-request server's address (unicast) */
	public String requestServer() {
		return fRequestServer;
	}

	public int requestPort() {
		return fRequestPort;
	}

	public List<Event> events() {
		return fEvents;
	}

	/** Builder of {@link Scenario}; every setter returns this. */
	public static final class Builder {
		String fName = "custom";
		long fSeed = 1;
		String fSession = "000004711B";
		long fStartEpochNanos;
		long fMidnightEpochNanos;
		long fDurationNanos = 2_000 * MS;
		long fFrames;
		double fRate = 50_000;
		int fSymbols = 40;
		int fMaxBatchA = 5;
		int fMaxBatchB = 5;
		long fLagMinNanos = 30 * US;
		long fLagMaxNanos = 60 * US;
		long fHeartbeatNanos = 1_000 * MS;
		int fCatchUpBatch = 70;
		long fCatchUpSpacingNanos = 8 * US;
		int[] fVlans = {};
		boolean fUdpChecksums = true;
		boolean fRetransmit = true;
		boolean fEndOfSession = true;
		String fGroupA = "233.54.12.111";
		int fPortA = 26477;
		String fGroupB = "233.49.196.111";
		int fPortB = 26477;
		String fSourceA = "206.200.2.11";
		String fSourceB = "206.200.130.11";
		String fRequestServer = "206.200.182.66";
		int fRequestPort = 18001;
		String fClient = "10.12.4.20";
		int fClientPort = 50123;
		final List<Event> fEvents = new ArrayList<>();

		Builder() {
			// a Monday at the open, New York time: ITCH timestamps count from New York's midnight
			start(LocalDateTime.of(2026, 3, 2, 9, 30, 0), ZoneId.of("America/New_York"));
		}

		Builder name(String name) {
			fName = name;
			return this;
		}

		public Builder seed(long seed) {
			fSeed = seed;
			return this;
		}

		/** @param session up to 10 ASCII characters, space padded on the right */
		public Builder session(String session) {
			if (session.length() > 10 || !session.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
				throw new IllegalArgumentException("session must be at most 10 printable ASCII characters: '" + session + "'");
			}
			fSession = String.format("%-10s", session);
			return this;
		}

		/** Capture start, given in the exchange's local time (ITCH timestamps are ns since its midnight). */
		public Builder start(LocalDateTime local, ZoneId exchangeZone) {
			fStartEpochNanos = local.atZone(exchangeZone).toEpochSecond() * 1_000_000_000L + local.getNano();
			fMidnightEpochNanos = local.toLocalDate().atStartOfDay(exchangeZone).toEpochSecond() * 1_000_000_000L;
			return this;
		}

		/** Bounds the run by time (clears a frame bound). */
		public Builder duration(long nanos) {
			if (nanos <= 0) {
				throw new IllegalArgumentException("duration must be positive");
			}
			fDurationNanos = nanos;
			fFrames = 0;
			return this;
		}

		/** Bounds the run by frames, about this many (clears a duration bound). */
		public Builder frames(long frames) {
			if (frames <= 0) {
				throw new IllegalArgumentException("frames must be positive");
			}
			fFrames = frames;
			fDurationNanos = 0;
			return this;
		}

		/** @param messagesPerSecond mean ITCH message rate */
		public Builder rate(double messagesPerSecond) {
			if (!(messagesPerSecond >= 1 && messagesPerSecond <= 20_000_000)) {
				throw new IllegalArgumentException("rate must be between 1 and 20000000 messages/s");
			}
			fRate = messagesPerSecond;
			return this;
		}

		/** @param count number of stocks in the directory, 1..40 */
		public Builder symbols(int count) {
			if (count < 1 || count > 40) {
				throw new IllegalArgumentException("symbols must be between 1 and 40");
			}
			fSymbols = count;
			return this;
		}

		/** @param maxA most messages per packet on line A (1..5 typical) @param maxB same for B */
		public Builder batching(int maxA, int maxB) {
			if (maxA < 1 || maxB < 1 || maxA > 200 || maxB > 200) {
				throw new IllegalArgumentException("batching must be between 1 and 200 messages per packet");
			}
			fMaxBatchA = maxA;
			fMaxBatchB = maxB;
			return this;
		}

		/** Line B's delay behind line A, uniformly in [min, max] ns per packet. */
		public Builder lineBLag(long minNanos, long maxNanos) {
			if (minNanos < 25_000 || maxNanos < minNanos) {
				// below ~25 us line A's batching window could let B deliver first: A would no longer lead
				throw new IllegalArgumentException("line B lag must be at least 25 us and max >= min");
			}
			fLagMinNanos = minNanos;
			fLagMaxNanos = maxNanos;
			return this;
		}

		public Builder heartbeatInterval(long nanos) {
			fHeartbeatNanos = nanos;
			return this;
		}

		/** @param messages messages per packet while a line catches up after a freeze */
		public Builder catchUpBatch(int messages) {
			if (messages < 2 || messages > 400) {
				throw new IllegalArgumentException("catch-up batch must be between 2 and 400");
			}
			fCatchUpBatch = messages;
			return this;
		}

		/** @param ids one id for an 802.1Q tag, two or more for stacked tags (outer first) */
		public Builder vlans(int... ids) {
			for (int id : ids) {
				if (id < 0 || id > 4095) {
					throw new IllegalArgumentException("VLAN id " + id + " is outside 0..4095");
				}
			}
			fVlans = ids.clone();
			return this;
		}

		/** @param valid true: valid UDP checksums; false: checksum 0 (not computed, as many feeds send) */
		public Builder udpChecksums(boolean valid) {
			fUdpChecksums = valid;
			return this;
		}

		/** @param on whether true losses are followed by a re-request and its unicast answer */
		public Builder retransmissions(boolean on) {
			fRetransmit = on;
			return this;
		}

		public Builder endOfSession(boolean on) {
			fEndOfSession = on;
			return this;
		}

		public Builder lineA(String group, int port) {
			fGroupA = checkIp(group);
			fPortA = checkPort(port);
			return this;
		}

		public Builder lineB(String group, int port) {
			fGroupB = checkIp(group);
			fPortB = checkPort(port);
			return this;
		}

		public Builder requestServer(String ip, int port) {
			fRequestServer = checkIp(ip);
			fRequestPort = checkPort(port);
			return this;
		}

		public Builder freeze(Line line, double at, long nanos) {
			return event(at, EventKind.FREEZE, line, nanos, Malformation.COUNT_BEYOND_BLOCKS);
		}

		public Builder loss(Line line, double at, int packets) {
			return event(at, EventKind.LOSS, line, packets, Malformation.COUNT_BEYOND_BLOCKS);
		}

		public Builder lossOnBothLines(double at, int messages) {
			return event(at, EventKind.TRUE_LOSS, Line.A, messages, Malformation.COUNT_BEYOND_BLOCKS);
		}

		public Builder duplicate(Line line, double at) {
			return event(at, EventKind.DUPLICATE, line, 1, Malformation.COUNT_BEYOND_BLOCKS);
		}

		public Builder reorder(Line line, double at) {
			return event(at, EventKind.REORDER, line, 1, Malformation.COUNT_BEYOND_BLOCKS);
		}

		public Builder quiet(double at, long nanos) {
			return event(at, EventKind.QUIET, Line.A, nanos, Malformation.COUNT_BEYOND_BLOCKS);
		}

		public Builder malformed(Line line, double at, Malformation how) {
			return event(at, EventKind.MALFORMED, line, 1, how);
		}

		/** Removes all incidents (keeps the feed's shape). */
		public Builder noEvents() {
			fEvents.clear();
			return this;
		}

		private Builder event(double at, EventKind kind, Line line, long amount, Malformation m) {
			if (!(at >= 0 && at <= 1)) {
				throw new IllegalArgumentException("event position must be in [0, 1]: " + at);
			}
			if (amount <= 0) {
				throw new IllegalArgumentException(kind + " needs a positive amount");
			}
			fEvents.add(new Event(at, kind, line, amount, m));
			return this;
		}

		public Scenario build() {
			return new Scenario(this);
		}

		private static String checkIp(String ip) {
			parseIp(ip);
			return ip;
		}

		private static int checkPort(int port) {
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("port " + port + " is outside 1..65535");
			}
			return port;
		}
	}

	/** @return the dotted quad as a big-endian int ({@link UdpFrames#ipv4}) */
	static int parseIp(String ip) {
		return UdpFrames.ipv4(ip);
	}

	@Override
	public String toString() {
		return fName + " seed=" + fSeed + (fFrames > 0 ? " frames=" + fFrames : " durationNs=" + fDurationNanos)
				+ " rate=" + fRate + " vlans=" + Arrays.toString(fVlans) + " events=" + fEvents.size();
	}
}
