package io.feedscope.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.FieldKind;
import io.feedscope.dissect.FieldRole;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolSet;

/**
 * Writes one record per feed message, as JSON Lines or CSV (see {@code feedscope decode --help} for the
 * format). Values are appended straight into one reused UTF-8 line ({@link Utf8Line}; no String.format, no
 * String per number), written onto the output stream in chunks of 64 KB.
 * <p>
 * Value rendering, the same in both formats: integers and times (ITCH timestamps: ns since midnight)
 * as plain integers; decimals (prices) as exact decimal text "123.4500"; characters and ASCII fields as
 * text, right padding trimmed; an enum field is followed by {@code <name>_name} holding the enum label
 * (absent/empty for a code the protocol does not know).
 */
abstract class RecordWriter {

	/**
	 * Columns before the protocol fields, in this order; {@link #SESSION}, {@link #SEQUENCE} and
	 * {@link #MSGSEQ} are placeholders for the framing's fields with those roles, named by its description
	 * ({@code moldudp64.session}, {@code moldudp64.sequence}, {@code moldudp64.msgseq}).
	 */
	static final List<String> LEADING = List.of("frame.number", "frame.time_ns", "capture", "src", "dst",
			"<session>", "<sequence>", "<msgseq>", "type");
	static final int SESSION = 5, SEQUENCE = 6, MSGSEQ = 7;

	/** the LEADING names as JSON keys, quoted with their colon (appended whole, per record) */
	private static final byte[][] KEYS = LEADING.stream().map(RecordWriter::keyBytes).toArray(byte[][]::new);

	/**
	 * @param framing a framing protocol
	 * @return the names of its session, sequence and per-message sequence fields (by role, from the
	 *         description), a placeholder's own name where it has none
	 */
	static String[] roleNames(Protocol framing) {
		FieldInfo session = framing.fieldWithRole(FieldRole.SESSION);
		FieldInfo sequence = framing.fieldWithRole(FieldRole.SEQUENCE);
		FieldInfo msgseq = framing.fieldWithRole(FieldRole.MESSAGE_SEQUENCE);
		return new String[] { session != null ? session.name() : LEADING.get(SESSION),
				sequence != null ? sequence.name() : LEADING.get(SEQUENCE), msgseq != null ? msgseq.name() : LEADING.get(MSGSEQ) };
	}

	static String key(String name) {
		return "\"" + name + "\":"; // field names are identifiers: nothing to escape
	}

	/** @return {@link #key(String)} encoded once: keys are most of a JSON record's bytes, copied whole */
	static byte[] keyBytes(String name) {
		return key(name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	static final int K_UNSIGNED = 0;
	static final int K_CHAR = 1;
	static final int K_ASCII = 2;
	static final int K_DECIMAL = 3;
	static final int K_TIME = 4;
	static final int K_OTHER = 5;

	// what writing a field takes, in a message type's plan (TypeLayout.plan)
	/** an unsigned integer (or time): digits */
	static final int P_NUMBER = 0;
	/** a decimal of 4 implied decimals (ITCH prices): "int.dddd" */
	static final int P_DECIMAL4 = 1;
	/** another decimal of 1..18 implied decimals */
	static final int P_DECIMAL = 2;
	/** a char or an enum of small codes: its rendering, cached by value */
	static final int P_BY_VALUE = 3;
	/** ASCII of up to 8 bytes: copied, trailing spaces trimmed, when nothing needs escaping or quoting */
	static final int P_ASCII = 4;
	/** anything else (an ASCII enum, long ASCII, a decimal without implied decimals): the general code */
	static final int P_GENERAL = 5;
	/** a message's timestamp (its protocol's timestamp role): digits, the top ones kept ({@link TypeLayout#time(int)}) */
	static final int P_TIMESTAMP = 6;
	/** added to an op: a derived field, written only when present ({@link FeedMessage#has(int)}) */
	static final int P_DERIVED = 8;

	/** Per message type of a feed protocol: its fields in wire order, with what writing needs. */
	static final class TypeLayout {
		final FieldInfo[] fFields;
		final int[] fIds;
		final int[] fKind;
		final int[] fWidth;
		final boolean[] fEnum;
		/** a derived value (a time of day made of a base message and an offset): present only once its base is */
		final boolean[] fDerived;
		final int[] fColumn;
		final byte[][] fKey;
		final byte[][] fNameKey;
		final int fSpecLength;
		/** JSON: {@code ,"name":} per field (a field never comes first: frame.number does) */
		final byte[][] fCommaKey;
		/** JSON: per field of a decimal kind, 10^scale, 0 when the fast rendering does not apply */
		final long[] fPow;
		/**
		 * {@code ,"type":"name"} of this type (JSON) or its cell with the separator before it (CSV), rendered once by
		 * the general code; null until then
		 */
		byte @Nullable [] fTypeBytes;
		/**
		 * JSON: per field whose whole rendering depends on its value alone (a char, an enum of small codes), the
		 * bytes the general code wrote for each value 0..255, made on first use
		 */
		final byte @Nullable [][][] fByValue;
		/**
		 * Per field of {@link #P_GENERAL} whose rendering depends on its value alone (an ASCII enum or text of up to 8
		 * bytes, a decimal without implied decimals): the last value and what the general code wrote for it (JSON:
		 * the member with its label's; CSV: the cells), null until then. Such a field repeats its value from message
		 * to message (an ITCH trading action's reason, nearly always blank): the general code made a String of the
		 * text to look its label up and quoted both, for each message.
		 */
		final long[] fLastValue;
		final byte @Nullable [][] fLastBytes;
		/**
		 * Per field of {@link #P_TIMESTAMP}, its writer, null until its first value: an ITCH timestamp (ns since
		 * midnight, 14 digits) changes its digits above the last eight every 0.1 s, so that a type's messages nearly
		 * always share them with the type's last one (one eight-digit conversion where there were two, and no call)
		 */
		final Utf8Line.@Nullable TimeWriter[] fTimes;

		TypeLayout(Protocol p, int type, Map<String, Integer> columns) {
			List<FieldInfo> fields = p.messageTypeFields(type);
			int n = fields.size();
			fFields = fields.toArray(new FieldInfo[0]);
			fIds = new int[n];
			fKind = new int[n];
			fWidth = new int[n];
			fEnum = new boolean[n];
			fDerived = new boolean[n];
			fColumn = new int[n];
			fKey = new byte[n][];
			fNameKey = new byte[n][];
			for (int k = 0; k < n; k++) {
				FieldInfo f = fFields[k];
				fKey[k] = keyBytes(f.name());
				fNameKey[k] = keyBytes(f.name() + "_name");
				fIds[k] = f.id();
				fKind[k] = kind(f.kind());
				fWidth[k] = f.width();
				fEnum[k] = f.hasEnum();
				fDerived[k] = f.isDerived();
				Integer c = columns.get(f.name());
				fColumn[k] = c == null ? -1 : c;
			}
			fSpecLength = type < p.messageTypeCount() ? p.messageTypeLength(type) : Integer.MAX_VALUE;
			fCommaKey = new byte[n][];
			fPow = new long[n];
			fByValue = new byte[n][][];
			fLastValue = new long[n];
			fLastBytes = new byte[n][];
			fTimes = new Utf8Line.TimeWriter[n];
			for (int k = 0; k < n; k++) {
				byte[] key = fKey[k];
				fCommaKey[k] = new byte[key.length + 1];
				fCommaKey[k][0] = ',';
				System.arraycopy(key, 0, fCommaKey[k], 1, key.length);
				int scale = fFields[k].scale();
				if (fKind[k] == K_DECIMAL && !fEnum[k] && scale >= 1 && scale <= 18) {
					long pow = 1;
					for (int i = 0; i < scale; i++) {
						pow *= 10;
					}
					fPow[k] = pow;
				}
			}
		}

		/**
		 * The type's plan: the written fields (column >= 0), each with what writing it takes ({@code P_*}), in the
		 * format's order (JSON: wire order; CSV: column order); null until made ({@link #plan(boolean)}).
		 */
		int @Nullable [] fPlanOp;
		/** per planned field, its index k */
		int[] fPlanField = new int[0];
		/** bytes the planned fields can take at most, but for cached renderings (checked when copied) */
		int fPlanBound;
		/**
		 * CSV: true when the plan cannot write the columns left to right (a field's column is a leading one or comes
		 * again): every record of the type by the general code
		 */
		boolean fPlanGeneral;
		/**
		 * JSON, per planned field: the constant text before its value ({@code ,"key":} and the opening quote of a
		 * text or decimal), as bytes and as {@value Utf8Line#SEGMENT_WORDS} little-endian words (zeros after the
		 * text), so that a key is copied with a fixed number of word stores: a copy of a key's own length went
		 * through arraycopy's size dispatch, which varies from one key to the next
		 */
		byte[][] fPre = new byte[0][];
		long[] fPreWords = new long[0];

		/**
		 * Makes the plan: what each written field of a whole message of this type takes. Only the value decides
		 * beyond it (a number above 2^63, a byte that needs escaping), and those go to the general code.
		 *
		 * @param byColumn true: in column order (CSV), else wire order (JSON)
		 * @return the op codes per planned field
		 */
		int[] plan(boolean byColumn) {
			int[] ops = fPlanOp;
			if (ops != null) {
				return ops;
			}
			int n = fFields.length;
			int[] planned = new int[n];
			int count = 0;
			for (int k = 0; k < n; k++) {
				if (fColumn[k] >= 0) {
					planned[count++] = k;
				}
			}
			for (int i = 1; byColumn && i < count; i++) {
				// by column (a stable insertion sort: a type has a few dozen fields at most)
				int k = planned[i];
				int j = i - 1;
				while (j >= 0 && fColumn[planned[j]] > fColumn[k]) {
					planned[j + 1] = planned[j];
					j--;
				}
				planned[j + 1] = k;
			}
			ops = new int[count];
			fPlanField = new int[count];
			int bound = 0;
			// CSV walks the columns once, left to right: a field whose column is a leading one or comes again
			// (a name used twice) is left to the general code, which writes cells in any order
			int last = SEQUENCE + 2; // the type's column
			for (int i = 0; byColumn && i < count; i++) {
				int col = fColumn[planned[i]];
				fPlanGeneral |= col <= last;
				last = fEnum[planned[i]] ? col + 1 : col;
			}
			for (int i = 0; i < count; i++) {
				int k = planned[i];
				fPlanField[i] = k;
				int op;
				int kind = fKind[k];
				if (kind == K_CHAR || fEnum[k] && kind != K_ASCII) {
					op = P_BY_VALUE;
				} else if (fEnum[k]) {
					op = P_GENERAL;
				} else if (kind == K_DECIMAL) {
					op = fPow[k] == 10_000 ? P_DECIMAL4 : fPow[k] != 0 ? P_DECIMAL : P_GENERAL;
				} else if (kind == K_ASCII) {
					op = fWidth[k] <= 8 ? P_ASCII : P_GENERAL;
				} else if (kind == K_TIME && fFields[k].role() == FieldRole.TIMESTAMP) {
					op = P_TIMESTAMP;
				} else {
					op = P_NUMBER;
				}
				ops[i] = op | (fDerived[k] ? P_DERIVED : 0);
				// ,"key":"digits.digits" (a number has at most 20 digits) or ,"key":"8 bytes"; a key is stored as whole
				// words (up to Utf8Line.SEGMENT_BYTES), digits and ASCII 8 bytes at a time
				bound += Math.max(Utf8Line.SEGMENT_BYTES, fCommaKey[k].length + 1) + 24;
			}
			fPlanBound = bound + 8;
			fPre = new byte[count][];
			fPreWords = new long[count * Utf8Line.SEGMENT_WORDS];
			for (int i = 0; i < count; i++) {
				int k = planned[i];
				int op = ops[i] & ~P_DERIVED;
				boolean quoted = op == P_DECIMAL4 || op == P_DECIMAL || op == P_ASCII;
				byte[] pre = java.util.Arrays.copyOf(fCommaKey[k], fCommaKey[k].length + (quoted ? 1 : 0));
				if (quoted) {
					pre[pre.length - 1] = '"';
				}
				fPre[i] = pre;
				Utf8Line.words(pre, fPreWords, i * Utf8Line.SEGMENT_WORDS);
			}
			fPlanOp = ops;
			return ops;
		}

		/**
		 * The type's constant start: its {@link #fTypeBytes} followed by its first planned field's rendering for
		 * {@link #fHeadValue}, when that field is a char or small enum code (ITCH's message_type: the type's own code,
		 * the same in every message of the type), as the plan would write them one after the other; null until a
		 * message of the type made it. One copy where there were two, and no cache look-up for that field.
		 */
		byte @Nullable [] fHead;
		long fHeadValue;
		/** CSV: the column being written after {@link #fHead} (its field's, or its label's for an enum) */
		int fHeadCursor;

		/**
		 * Makes {@link #fHead} once the first planned field of value {@code v} was written through its cache.
		 *
		 * @param between what the plan writes between the type's bytes and the field's (CSV: the separators)
		 */
		void head(long v, byte[] type, int between) {
			int k = fPlanField[0];
			byte[][] cache = fByValue[k];
			byte[] c = v >= 0 && v <= 255 && cache != null ? cache[(int) v] : null;
			if (c == null) {
				return;
			}
			byte[] h = java.util.Arrays.copyOf(type, type.length + between + c.length);
			java.util.Arrays.fill(h, type.length, type.length + between, (byte) ',');
			System.arraycopy(c, 0, h, type.length + between, c.length);
			fHeadValue = v;
			fHeadCursor = fEnum[k] ? fColumn[k] + 1 : fColumn[k];
			fHead = h;
		}

		/** Keeps what the general code wrote for field k of value v, when that depends on v alone ({@link #fLastBytes}). */
		void keepLast(int k, long v, byte[] written) {
			if (fKind[k] != K_ASCII || fWidth[k] <= 8) {
				fLastValue[k] = v;
				fLastBytes[k] = written;
			}
		}

		/** @return field k's timestamp writer (see {@link #fTimes}) */
		Utf8Line.TimeWriter time(int k) {
			Utf8Line.TimeWriter w = fTimes[k];
			if (w == null) {
				w = new Utf8Line.TimeWriter();
				fTimes[k] = w;
			}
			return w;
		}

		/** @return the cache of field k's renderings by value (see {@link #fByValue}) */
		byte[][] byValue(int k) {
			byte[][] c = fByValue[k];
			if (c == null) {
				c = new byte[256][];
				fByValue[k] = c;
			}
			return c;
		}
	}

	private static int kind(FieldKind k) {
		return switch (k) {
		case UNSIGNED -> K_UNSIGNED;
		case CHAR -> K_CHAR;
		case ASCII -> K_ASCII;
		case DECIMAL -> K_DECIMAL;
		case TIME -> K_TIME;
		default -> K_OTHER;
		};
	}

	protected final OutputStream fOut;
	protected final boolean fWithCapture;
	protected final Utf8Line fLine = new Utf8Line(1 << 17);
	/** where the current value goes: the line (JSON) or the column's cell (CSV) */
	protected Utf8Line fTarget = fLine;
	/** every column: LEADING, then each message protocol's fields in declaration order (enum fields followed by _name) */
	protected final List<String> fColumns = new ArrayList<>(LEADING);
	private final Map<String, Integer> fColumnIndex = new java.util.HashMap<>();
	private final Map<Protocol, TypeLayout[]> fLayouts = new IdentityHashMap<>();
	private @Nullable Protocol fLastProtocol;
	private TypeLayout @Nullable [] fLastLayouts;
	/** per framing protocol, the JSON keys of its session, sequence and msgseq fields */
	private final Map<Protocol, byte[][]> fRoleKeys = new IdentityHashMap<>();
	protected final ProtocolSet fSet;
	/** the one message protocol of a CSV (its header), null until chosen; JSON: null unless restricted */
	protected @Nullable Protocol fOnly;
	final long[] fValues = new long[64];
	private final byte[] fBytes = new byte[256];
	private final byte[] fSession = new byte[64];
	private final char[] fScratch = new char[256];

	/**
	 * @param only the one message protocol to write (CSV: its header), null for every one (JSON) or, in a CSV,
	 *        the protocol of the first message
	 */
	RecordWriter(OutputStream out, ProtocolSet set, boolean withCapture, @Nullable Protocol only) {
		fOut = out;
		fWithCapture = withCapture;
		fSet = set;
		fOnly = only;
		if (!isCsv()) {
			// JSON writes each message's own fields: every message protocol's columns are known
			for (Protocol p : set.protocols()) {
				if (!p.isFraming()) {
					addColumns(p);
				}
			}
		} else if (only != null) {
			addColumns(only);
		}
	}

	/** Adds a message protocol's columns (enum fields followed by their _name). */
	protected final void addColumns(Protocol p) {
		for (FieldInfo f : p.fields()) {
			// a message protocol's derived fields are values people read (PITCH's time of day), unlike a
			// framing's msgseq, which is a leading column already
			if (f.kind() == FieldKind.BYTES || f.isDerived() && p.isFraming()) {
				continue;
			}
			fColumns.add(f.name());
			if (f.hasEnum()) {
				fColumns.add(f.name() + "_name");
			}
		}
		for (int i = 0; i < fColumns.size(); i++) {
			fColumnIndex.put(fColumns.get(i), i);
		}
	}

	/**
	 * Names the framing role columns of a CSV header after a framing protocol (its description's names).
	 *
	 * @param framing the framing of the first message, or of the chosen protocol; null: keeps the placeholders
	 */
	protected final void nameRoleColumns(@Nullable Protocol framing) {
		if (framing == null) {
			return;
		}
		String[] names = roleNames(framing);
		fColumns.set(SESSION, names[0]);
		fColumns.set(SEQUENCE, names[1]);
		fColumns.set(MSGSEQ, names[2]);
	}

	/**
	 * @param feed a message protocol
	 * @return the first framing protocol that hands its messages to it, or null
	 */
	protected final @Nullable Protocol framingOf(Protocol feed) {
		for (Protocol f : fSet.framingProtocols()) {
			if (fSet.feedProtocol(f.name()) == feed) {
				return f;
			}
		}
		return null;
	}

	private byte[][] roleKeys(Protocol framing) {
		byte[][] k = fRoleKeys.get(framing);
		if (k == null) {
			String[] names = roleNames(framing);
			k = new byte[][] { keyBytes(names[0]), keyBytes(names[1]), keyBytes(names[2]) };
			fRoleKeys.put(framing, k);
		}
		return k;
	}

	/** @return the columns of the CSV header, in order */
	List<String> columns() {
		return fColumns;
	}

	final TypeLayout layout(Protocol p, int type) {
		// the last protocol's layouts: a capture's messages are nearly always of one protocol (no map lookup)
		TypeLayout[] l = p == fLastProtocol ? fLastLayouts : fLayouts.get(p);
		if (l == null) {
			l = new TypeLayout[p.messageTypeCount() + 1];
			fLayouts.put(p, l);
		}
		fLastProtocol = p;
		fLastLayouts = l;
		TypeLayout t = l[type];
		if (t == null) {
			t = new TypeLayout(p, type, fColumnIndex);
			l[type] = t;
		}
		return t;
	}

	void begin() throws IOException {
	}

	/**
	 * A writer for another thread's share of this output (parallel decode): same kind, same options, writing to
	 * {@code out} the records this writer would write for the same messages, without a header. Call once this
	 * writer is ready for it ({@link #forkable()}).
	 */
	abstract RecordWriter fork(OutputStream out);

	/**
	 * @return true when a {@link #fork} writes what this writer would: always for JSON; for a CSV once its
	 *         protocol is chosen (its first message's, or {@code --protocol-fields}), since the header and the
	 *         columns follow from that choice
	 */
	final boolean forkable() {
		return !isCsv() || fOnly != null;
	}

	/**
	 * @return the one message protocol the output holds: {@code --protocol-fields}, or once a CSV's first message
	 *         chose it, that message's; null for a JSON of every protocol, or a CSV before its first message
	 */
	final @Nullable Protocol chosen() {
		return fOnly;
	}

	/**
	 * A CSV's first message chooses its protocol (and writes the header); JSON takes any.
	 *
	 * @return false if the message is not written because the output holds another protocol's messages
	 */
	boolean accepts(Protocol feed, FeedPacket packet) throws IOException {
		Protocol only = fOnly;
		return only == null || only == feed;
	}

	/**
	 * Writes a record's columns that come from the packet (frame, time, capture, addresses, session, sequence):
	 * the same for every message of the packet.
	 *
	 * @return true when the packet has a sequence: the message's msgseq follows
	 */
	final boolean leading(int frame, long timeNanos, String capture, FeedPacket packet, @Nullable Protocol framing,
			byte[][] roleKeys) {
		field(0, KEYS[0]);
		fTarget.append(frame);
		field(1, KEYS[1]);
		fTarget.append(timeNanos);
		if (fWithCapture) {
			field(2, KEYS[2]);
			text(capture);
		}
		if (!packet.isRecord()) {
			// a record of a record file (BinaryFILE) was never a datagram: no addresses to give
			field(3, KEYS[3]);
			address(0, packet.sourceAddress(), packet.sourcePort());
			field(4, KEYS[4]);
			address(1, packet.destinationAddress(), packet.destinationPort());
		}
		FieldInfo sessionField = packet.sessionField();
		if (packet.hasSession() && sessionField != null && sessionField.kind() != FieldKind.ASCII) {
			// a numeric session (PITCH unit) is a number, as its description types it
			field(SESSION, roleKeys[0]);
			fTarget.append(Long.toUnsignedString(packet.getLong(sessionField.id())));
		} else if (packet.hasSession()) {
			field(SESSION, roleKeys[0]);
			int w = packet.copySession(fSession);
			while (w > 0 && fSession[w - 1] == ' ') {
				w--;
			}
			beginText();
			for (int i = 0; i < w; i++) {
				fScratch[i] = (char) (fSession[i] & 0xff);
			}
			chars(fScratch, w);
			endText();
		}
		long seq = packet.sequence();
		// a record of a record file has no framing: its sequence is the frame number, said once as frame.number
		if (seq >= 0 && framing != null && packet.kind() != io.feedscope.dissect.PacketKind.UNSEQUENCED) {
			field(SEQUENCE, roleKeys[1]);
			fTarget.append(seq);
			return true;
		}
		return false;
	}

	/** @return the JSON keys of the framing's session, sequence and msgseq fields */
	final byte[][] roleKeysOf(@Nullable Protocol framing) {
		if (framing == null) {
			return new byte[][] { KEYS[SESSION], KEYS[SEQUENCE], KEYS[MSGSEQ] };
		}
		// the last framing's keys without the map: a packet prefix asks for them, and a capture has one framing
		byte[][] last = fLastRoleKeys;
		if (framing == fLastRoleFraming && last != null) {
			return last;
		}
		last = roleKeys(framing);
		fLastRoleFraming = framing;
		fLastRoleKeys = last;
		return last;
	}

	private @Nullable Protocol fLastRoleFraming;
	private byte @Nullable [][] fLastRoleKeys;

	/**
	 * Tells that the next records are of another packet: what a writer kept of the last packet's columns
	 * ({@link Json}) is not used again. Call before the first message of each packet.
	 */
	void startPacket() {
		fPacketSerial++;
	}

	/** counts {@link #startPacket()} calls */
	protected long fPacketSerial;

	// The current packet's leading columns, rendered once for all its messages by the writer's prefix(...) (the
	// fast paths of Json and Csv): the bytes, how many of them count, and whether the packet had a sequence column
	byte[] fPrefix = new byte[0];
	int fPrefixLength;
	boolean fPrefixSequenced;
	// what fPrefix was made from
	private long fPrefixSerial = -1;
	private @Nullable FeedPacket fPrefixPacket;
	private int fPrefixFrame;
	private long fPrefixTime;
	private @Nullable String fPrefixCapture;
	/** the prefixes' time text, whose top digits the packets of a tenth of a second share */
	final Utf8Line.TimeWriter fTimes = new Utf8Line.TimeWriter();

	/** Makes {@link #fPrefix} for the packet unless it holds that packet's already. */
	final void usePrefix(int frame, long timeNanos, String capture, FeedPacket packet) {
		if (fPrefixSerial != fPacketSerial || fPrefixPacket != packet || fPrefixFrame != frame || fPrefixTime != timeNanos
				|| fPrefixCapture != capture) {
			prefix(frame, timeNanos, capture, packet);
			fPrefixSerial = fPacketSerial;
			fPrefixPacket = packet;
			fPrefixFrame = frame;
			fPrefixTime = timeNanos;
			fPrefixCapture = capture;
		}
	}

	/**
	 * Sets {@link #fPrefix}, {@link #fPrefixLength} and {@link #fPrefixSequenced} for the packet, in the writer's
	 * format.
	 */
	abstract void prefix(int frame, long timeNanos, String capture, FeedPacket packet);

	/**
	 * The leading columns between the time and the sequence (capture, addresses, session) of a packet, in the
	 * writer's format, with what they were made from: a line's packets all have the same, and A/B lines (or a
	 * few units) alternate packet by packet, so {@value #MIDDLES} are kept.
	 */
	static final class Middle {
		@Nullable
		String fCapture;
		boolean fRecord;
		int fSrcIp, fSrcPort, fDstIp, fDstPort;
		@Nullable
		Protocol fFraming;
		/** 0 no session, 1 a number, 2 text */
		int fSessionKind;
		long fSessionNumber;
		final byte[] fSession = new byte[64];
		int fSessionLength;
		byte[] fBytes = new byte[0];

		/** Fills this key from a packet (the session as {@link RecordWriter#leading} reads it). */
		void of(String capture, FeedPacket packet) {
			fCapture = capture;
			fRecord = packet.isRecord();
			fSrcIp = packet.sourceAddress();
			fSrcPort = packet.sourcePort();
			fDstIp = packet.destinationAddress();
			fDstPort = packet.destinationPort();
			fFraming = packet.protocol();
			FieldInfo sessionField = packet.sessionField();
			if (!packet.hasSession()) {
				fSessionKind = 0;
			} else if (sessionField != null && sessionField.kind() != FieldKind.ASCII) {
				fSessionKind = 1;
				fSessionNumber = packet.getLong(sessionField.id());
			} else {
				fSessionKind = 2;
				fSessionLength = packet.copySession(fSession);
			}
		}

		boolean sameKey(Middle o) {
			if (fCapture != o.fCapture || fRecord != o.fRecord || fSrcIp != o.fSrcIp || fSrcPort != o.fSrcPort || fDstIp != o.fDstIp
					|| fDstPort != o.fDstPort || fFraming != o.fFraming || fSessionKind != o.fSessionKind) {
				return false;
			}
			return fSessionKind == 1 ? fSessionNumber == o.fSessionNumber
					: fSessionKind != 2 || java.util.Arrays.equals(fSession, 0, fSessionLength, o.fSession, 0, o.fSessionLength);
		}

		void copyKey(Middle o) {
			fCapture = o.fCapture;
			fRecord = o.fRecord;
			fSrcIp = o.fSrcIp;
			fSrcPort = o.fSrcPort;
			fDstIp = o.fDstIp;
			fDstPort = o.fDstPort;
			fFraming = o.fFraming;
			fSessionKind = o.fSessionKind;
			fSessionNumber = o.fSessionNumber;
			fSessionLength = o.fSessionLength;
			System.arraycopy(o.fSession, 0, fSession, 0, o.fSessionLength);
		}
	}

	static final int MIDDLES = 8;
	private final Middle[] fMiddles = new Middle[MIDDLES];
	private int fMiddleNext;
	/** the current packet's key, filled by {@link #middle(String, FeedPacket)} */
	protected final Middle fProbe = new Middle();

	/**
	 * @return the kept middle of this packet's leading columns, or null (then {@link #keepMiddle(byte[])} keeps
	 *         it once made, under the key read here)
	 */
	final byte @Nullable [] middle(String capture, FeedPacket packet) {
		Middle probe = fProbe;
		probe.of(capture, packet);
		for (Middle m : fMiddles) {
			if (m != null && m.sameKey(probe)) {
				return m.fBytes;
			}
		}
		return null;
	}

	/** Keeps the middle of the packet {@link #middle(String, FeedPacket)} was last asked about. */
	final void keepMiddle(byte[] bytes) {
		Middle m = fMiddles[fMiddleNext];
		if (m == null) {
			m = new Middle();
			fMiddles[fMiddleNext] = m;
		}
		fMiddleNext = (fMiddleNext + 1) % MIDDLES;
		m.copyKey(fProbe);
		m.fBytes = bytes;
	}

	/**
	 * @return true when the packet has a sequence written as a leading column (the message's msgseq follows), as
	 *         {@link #leading} decides
	 */
	static boolean sequenced(FeedPacket packet) {
		return sequenced(packet, packet.sequence());
	}

	/** {@link #sequenced(FeedPacket)} with the packet's sequence read already (a read from the frame each time) */
	static boolean sequenced(FeedPacket packet, long sequence) {
		return sequence >= 0 && packet.protocol() != null && packet.kind() != io.feedscope.dissect.PacketKind.UNSEQUENCED;
	}

	/**
	 * Writes the record of the message the cursor is on.
	 *
	 * @return false if the message was left out: it belongs to another protocol than the output's
	 */
	boolean write(int frame, long timeNanos, String capture, FeedPacket packet, FeedMessage m) throws IOException {
		Protocol p = m.protocol();
		if (p == null) {
			return true;
		}
		if (!accepts(p, packet)) {
			return false;
		}
		Protocol framing = packet.protocol();
		byte[][] roleKeys = roleKeysOf(framing);
		TypeLayout t = layout(p, m.type());
		int n = m.readFields(fValues);
		// a message shorter than its type lacks its last fields: ask per field only then
		boolean cut = m.length() < t.fSpecLength || !m.isKnownType();
		startRecord();
		if (leading(frame, timeNanos, capture, packet, framing, roleKeys)) {
			field(MSGSEQ, roleKeys[2]);
			fTarget.append(m.msgseq());
		}
		field(8, KEYS[8]);
		text(m.typeName());
		for (int k = 0; k < n && k < t.fIds.length; k++) {
			int col = t.fColumn[k];
			if (col < 0 || (cut || t.fDerived[k]) && !m.has(t.fIds[k])) {
				continue;
			}
			value(m, t, k, fValues[k]);
		}
		endRecord();
		if (fLine.length() >= 1 << 16) {
			flushLine();
		}
		return true;
	}

	/** Writes field {@code k} of the message (its key, its value {@code v} as read, its enum label if any). */
	final void value(FeedMessage m, TypeLayout t, int k, long v) {
		int col = t.fColumn[k];
		FieldInfo f = t.fFields[k];
		field(col, t.fKey[k]);
		switch (t.fKind[k]) {
		case K_DECIMAL -> decimal(v, f.scale());
		case K_CHAR -> {
			beginText();
			textChar((char) (v & 0xff));
			endText();
		}
		case K_ASCII -> ascii(m, t, k, v);
		default -> {
			if (v >= 0) {
				fTarget.append(v);
			} else {
				fTarget.append(Long.toUnsignedString(v));
			}
		}
		}
		if (t.fEnum[k]) {
			String label = t.fKind[k] == K_ASCII ? f.enumLabel(trimmedText(m, t, k, v)) : f.enumLabel(v);
			if (label != null) {
				field(col + 1, t.fNameKey[k]);
				text(label);
			}
		}
	}

	final void flushLine() throws IOException {
		// the line holds the UTF-8 bytes already: one write, no copy
		fLine.writeTo(fOut);
		fLine.clear();
		if (fOut instanceof java.io.PrintStream p && p.checkError()) {
			// a PrintStream swallows write errors: without this a closed pipe (| head) would decode to the end
			throw new IOException("output closed");
		}
	}

	void finish() throws IOException {
		flushLine();
		fOut.flush();
	}

	/**
	 * The texts of the last addresses rendered, per side (0 source, 1 destination), {@value #ADDRESSES} each: a
	 * line's packets repeat the same two addresses, and A/B lines (or a few units) alternate packet by packet.
	 * Key: ip << 32 | port.
	 */
	private static final int ADDRESSES = 8;
	private final long[][] fAddressKey = new long[2][ADDRESSES];
	private final byte[][][] fAddressText = new byte[2][ADDRESSES][];
	private final int[] fAddressNext = new int[2];
	private final Utf8Line fAddressLine = new Utf8Line(32);

	/** Writes "a.b.c.d:port". */
	private void address(int side, int ip, int port) {
		long key = (long) ip << 32 | port & 0xffffffffL;
		long[] keys = fAddressKey[side];
		byte[][] texts = fAddressText[side];
		byte[] text = null;
		for (int i = 0; i < ADDRESSES; i++) {
			if (keys[i] == key && texts[i] != null) {
				text = texts[i];
				break;
			}
		}
		if (text == null) {
			Utf8Line a = fAddressLine;
			a.clear();
			a.append(ip >>> 24).append('.').append(ip >>> 16 & 0xff).append('.').append(ip >>> 8 & 0xff).append('.')
					.append(ip & 0xff).append(':').append(port);
			text = a.copy(0);
			int slot = fAddressNext[side];
			fAddressNext[side] = (slot + 1) % ADDRESSES;
			keys[slot] = key;
			texts[slot] = text;
		}
		beginText();
		fTarget.append(text); // digits, dots and a colon: nothing to escape or quote
		endText();
	}

	private void ascii(FeedMessage m, TypeLayout t, int k, long packed) {
		beginText();
		int w = t.fWidth[k];
		char[] c = fScratch;
		int end;
		if (w <= 8) {
			// the fast path packs ASCII fields of up to 8 bytes big-endian into the long
			for (int i = 0; i < w; i++) {
				c[i] = (char) (packed >>> 8 * (w - 1 - i) & 0xff);
			}
			end = w;
		} else {
			end = m.copyBytes(t.fIds[k], fBytes);
			for (int i = 0; i < end; i++) {
				c[i] = (char) (fBytes[i] & 0xff);
			}
		}
		while (end > 0 && c[end - 1] == ' ') {
			end--;
		}
		chars(c, end);
		endText();
	}

	/** Appends text whole when nothing in it needs escaping or quoting (the usual case), else char by char. */
	private void chars(char[] c, int n) {
		for (int i = 0; i < n; i++) {
			if (!plain(c[i])) {
				for (int j = 0; j < n; j++) {
					textChar(c[j]);
				}
				return;
			}
		}
		fTarget.append(c, 0, n);
	}

	private static String trimmedText(FeedMessage m, TypeLayout t, int k, long packed) {
		int w = t.fWidth[k];
		if (w > 8) {
			return m.getString(t.fIds[k]);
		}
		char[] c = new char[w];
		for (int i = 0; i < w; i++) {
			c[i] = (char) (packed >>> 8 * (w - 1 - i) & 0xff);
		}
		return new String(c).stripTrailing();
	}

	/** Appends an unsigned unscaled value with scale implied decimals, exactly ("1234500", 4 -> "123.4500"). */
	private void decimal(long unscaled, int scale) {
		beginText();
		if (scale == 0) {
			fTarget.append(Long.toUnsignedString(unscaled));
		} else if (unscaled >= 0) {
			long pow = 1;
			for (int i = 0; i < scale && pow <= Long.MAX_VALUE / 10; i++) {
				pow *= 10;
			}
			if (scale > 18) {
				fTarget.append(io.feedscope.dissect.FieldInfo.formatDecimal(unscaled, scale));
			} else {
				fTarget.append(unscaled / pow).append('.');
				long frac = unscaled % pow;
				for (long p = pow / 10; p > 1 && frac < p; p /= 10) {
					fTarget.append('0');
				}
				fTarget.append(frac);
			}
		} else {
			fTarget.append(io.feedscope.dissect.FieldInfo.formatDecimal(unscaled, scale));
		}
		endText();
	}

	final void text(String s) {
		beginText();
		int n = s.length();
		boolean plain = true;
		for (int i = 0; i < n && plain; i++) {
			plain = plain(s.charAt(i));
		}
		if (plain) {
			fTarget.append(s);
		} else {
			for (int i = 0; i < n; i++) {
				textChar(s.charAt(i));
			}
		}
		endText();
	}

	/** @return true if the char goes into a value as it is (no escape, no quoting) */
	abstract boolean plain(char c);

	abstract boolean isCsv();

	abstract void startRecord();

	/** Starts a value: the column index (CSV) and the quoted key with its colon (JSON). */
	abstract void field(int column, byte[] key);

	abstract void beginText();

	abstract void textChar(char c);

	abstract void endText();

	abstract void endRecord();

	// ====================================================================== JSON Lines

	/** One JSON object per line; keys in a stable order (LEADING, then the message's fields in wire order). */
	static final class Json extends RecordWriter {
		private static final char[] HEX = "0123456789abcdef".toCharArray();
		private boolean fFirst;
		/** true: every record through the general code of {@link RecordWriter#write} (tests compare the two) */
		private final boolean fGeneral;
		private byte[] fMsgseqKey = new byte[0];
		/** the msgseq key {@link #fMsgseqKey} was made from */
		private byte @Nullable [] fMsgseqFrom;

		Json(OutputStream out, ProtocolSet set, boolean withCapture, @Nullable Protocol only) {
			this(out, set, withCapture, only, false);
		}

		/** @param general true: write every record with the general code only (the fast path's oracle in tests) */
		Json(OutputStream out, ProtocolSet set, boolean withCapture, @Nullable Protocol only, boolean general) {
			super(out, set, withCapture, only);
			fGeneral = general;
		}

		@Override
		RecordWriter fork(OutputStream out) {
			return new Json(out, fSet, fWithCapture, fOnly, fGeneral);
		}

		/**
		 * The general code's bytes, made faster: `decode --format jsonl` spent most of its time here. A packet's
		 * leading columns (frame, time, capture, addresses, session, sequence) are rendered once and copied for
		 * each of its messages; a type's {@code "type"} member, and a char or small enum code's whole member
		 * (with its label) are rendered once by the general code and copied after. The rest follows the type's
		 * plan ({@link TypeLayout#plan(boolean)}): keys copied as bytes, numbers and decimals written as digits
		 * and plain ASCII copied straight into the line's buffer, with one room check per message. A value the
		 * plan does not cover (escapes, long ASCII, enum texts, numbers above 2^63) takes the general code, and so
		 * does a message cut short or of an unknown type: the output is the general code's byte for byte.
		 */
		@Override
		boolean write(int frame, long timeNanos, String capture, FeedPacket packet, FeedMessage m) throws IOException {
			if (fGeneral) {
				return super.write(frame, timeNanos, capture, packet, m);
			}
			Protocol p = m.protocol();
			if (p == null) {
				return true;
			}
			Protocol only = fOnly;
			if (only != null && only != p) {
				return false;
			}
			TypeLayout t = layout(p, m.type());
			long[] values = fValues;
			int n = m.readFields(values);
			int[] ops = t.fPlanOp;
			if (ops == null) {
				ops = t.plan(false);
			}
			// a message shorter than its type lacks its last fields, an unknown type has no plan: the general code
			if (m.length() < t.fSpecLength || !m.isKnownType() || n != t.fIds.length) {
				return super.write(frame, timeNanos, capture, packet, m);
			}
			Utf8Line line = fLine;
			usePrefix(frame, timeNanos, capture, packet);
			line.append(fPrefix, 0, fPrefixLength);
			fFirst = false; // frame.number came first
			byte[] type = t.fTypeBytes;
			if (type == null) {
				int start = line.length();
				field(8, KEYS[8]);
				text(m.typeName());
				t.fTypeBytes = type = line.copy(start);
				line.truncate(start);
			}
			int[] fields = t.fPlanField;
			// the type's constant start, its first field included when that has the usual value (TypeLayout.fHead)
			byte[] head = t.fHead;
			int from = 0;
			if (head != null && values[fields[0]] == t.fHeadValue) {
				from = 1;
			} else {
				head = type;
			}
			byte[] msgseqKey = fMsgseqKey;
			byte[] b = line.reserve(msgseqKey.length + 20 + head.length + t.fPlanBound);
			int at = line.length();
			if (fPrefixSequenced) {
				System.arraycopy(msgseqKey, 0, b, at, msgseqKey.length);
				at = Utf8Line.putLong(b, at + msgseqKey.length, m.msgseq());
			}
			System.arraycopy(head, 0, b, at, head.length);
			at += head.length;
			byte[][] pre = t.fPre;
			long[] preWords = t.fPreWords;
			for (int i = from; i < ops.length; i++) {
				int op = ops[i];
				int k = fields[i];
				if (op >= P_DERIVED) {
					if (!m.has(t.fIds[k])) {
						continue;
					}
					op -= P_DERIVED;
				}
				long v = values[k];
				if (op != P_BY_VALUE && op != P_GENERAL) {
					// one copy of the key's word stores for every kind (C2 inlined one per kind, each with its digits)
					int to = Utf8Line.putSegment(b, at, pre[i], preWords, i);
					if (op == P_ASCII) {
						to = Utf8Line.putJsonAscii(b, to, v, t.fWidth[k]);
						if (to >= 0) {
							b[to] = '"';
							at = to + 1;
							continue;
						}
					} else if (v >= 0) {
						if (op == P_NUMBER) {
							at = Utf8Line.putLong(b, to, v);
							continue;
						}
						if (op == P_TIMESTAMP) {
							at = t.time(k).put(b, to, v);
							continue;
						}
						to = op == P_DECIMAL4 ? Utf8Line.putDecimal4(b, to, v) : Utf8Line.putDecimal(b, to, v, t.fPow[k], t.fFields[k].scale());
						b[to] = '"';
						at = to + 1;
						continue;
					}
				} else {
					// a rendering the general code wrote once: by value (a char, a small code) or the last value's
					byte[] c;
					if (op == P_BY_VALUE) {
						byte[][] cache = t.fByValue[k];
						c = cache != null && v >= 0 && v <= 255 ? cache[(int) v] : null;
					} else {
						c = t.fLastValue[k] == v ? t.fLastBytes[k] : null;
					}
					// a label can be longer than a field's share of the room: the rare way then
					if (c != null && at + c.length + t.fPlanBound <= b.length) {
						System.arraycopy(c, 0, b, at, c.length);
						at += c.length;
						continue;
					}
				}
				line.setLength(at);
				rare(m, t, k, v, op);
				b = line.reserve(t.fPlanBound);
				at = line.length();
			}
			if (from == 0 && t.fHead == null && ops.length > 0 && ops[0] == P_BY_VALUE) {
				t.head(values[fields[0]], type, 0);
			}
			b[at++] = '}';
			b[at++] = '\n';
			line.setLength(at);
			if (at >= 1 << 16) {
				flushLine();
			}
			return true;
		}

		/**
		 * Appends field k of value v as the general code writes it, for what {@link #write}'s loop does not cover: a
		 * value its plan has no way for, a rendering made the first time (kept for the next), one longer than the room
		 * left. A method of its own, so that C2 compiles the loop without it.
		 */
		private void rare(FeedMessage m, TypeLayout t, int k, long v, int op) {
			Utf8Line line = fLine;
			int at = line.length();
			if (op == P_BY_VALUE && v >= 0 && v <= 255) {
				byte[][] cache = t.byValue(k);
				byte[] c = cache[(int) v];
				if (c != null) {
					line.append(c, 0, c.length);
					return;
				}
				value(m, t, k, v);
				cache[(int) v] = line.copy(at);
				return;
			}
			value(m, t, k, v);
			if (op == P_GENERAL) {
				t.keepLast(k, v, line.copy(at));
			}
		}

		/**
		 * Makes the packet's leading columns ({@link #fPrefix}): frame number, time and sequence as digits around
		 * the kept middle (capture, addresses, session), which the general code renders once per key.
		 */
		@Override
		void prefix(int frame, long timeNanos, String capture, FeedPacket packet) {
			Protocol framing = packet.protocol();
			byte[][] roleKeys = roleKeysOf(framing);
			byte[] msgseq = roleKeys[2];
			if (msgseq != fMsgseqFrom) {
				// the framing's keys are made once per framing: compared by identity, remade when they change
				fMsgseqKey = new byte[msgseq.length + 1];
				fMsgseqKey[0] = ',';
				System.arraycopy(msgseq, 0, fMsgseqKey, 1, msgseq.length);
				fMsgseqFrom = msgseq;
			}
			long seq = packet.sequence();
			boolean sequenced = sequenced(packet, seq);
			byte[] middle = middle(capture, packet);
			if (middle == null || frame < 0 || timeNanos < 0) {
				// the general code, the middle cut out of it: head and tail are digits and keys of known lengths
				Utf8Line line = fLine;
				int start = line.length();
				startRecord();
				boolean s = leading(frame, timeNanos, capture, packet, framing, roleKeys);
				int end = line.length();
				fPrefix = line.copy(start);
				fPrefixLength = fPrefix.length;
				fPrefixSequenced = s;
				line.truncate(start);
				if (frame >= 0 && timeNanos >= 0 && s == sequenced) {
					int head = 1 + KEYS[0].length + Utf8Line.digits(frame) + 1 + KEYS[1].length + Utf8Line.digits(timeNanos);
					int tail = sequenced ? 1 + roleKeys[1].length + Utf8Line.digits(seq) : 0;
					keepMiddle(java.util.Arrays.copyOfRange(fPrefix, head, end - start - tail));
				}
				return;
			}
			byte[] seqKey = roleKeys[1];
			int room = 2 + KEYS[0].length + KEYS[1].length + 40 + middle.length + 1 + seqKey.length + 20;
			byte[] b = fPrefix;
			if (b.length < room) {
				b = new byte[room * 2];
				fPrefix = b;
			}
			int at = 0;
			b[at++] = '{';
			System.arraycopy(KEYS[0], 0, b, at, KEYS[0].length);
			at = Utf8Line.putLong(b, at + KEYS[0].length, frame);
			b[at++] = ',';
			System.arraycopy(KEYS[1], 0, b, at, KEYS[1].length);
			at = fTimes.put(b, at + KEYS[1].length, timeNanos);
			System.arraycopy(middle, 0, b, at, middle.length);
			at += middle.length;
			if (sequenced) {
				b[at++] = ',';
				System.arraycopy(seqKey, 0, b, at, seqKey.length);
				at = Utf8Line.putLong(b, at + seqKey.length, seq);
			}
			fPrefixLength = at;
			fPrefixSequenced = sequenced;
		}

		@Override
		boolean isCsv() {
			return false;
		}

		@Override
		void startRecord() {
			fLine.append('{');
			fFirst = true;
		}

		@Override
		void field(int column, byte[] key) {
			if (!fFirst) {
				fLine.append(',');
			}
			fFirst = false;
			fLine.append(key);
		}

		@Override
		void beginText() {
			fLine.append('"');
		}

		@Override
		boolean plain(char c) {
			return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
		}

		@Override
		void textChar(char c) {
			if (c == '"' || c == '\\') {
				fLine.append('\\').append(c);
			} else if (c < 0x20 || c == 0x7f) {
				fLine.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
			} else {
				fLine.append(c);
			}
		}

		@Override
		void endText() {
			fLine.append('"');
		}

		@Override
		void endRecord() {
			fLine.append("}\n");
		}
	}

	// ====================================================================== CSV (RFC 4180)

	/**
	 * RFC 4180: a header line, the same columns on every line, CRLF line ends, a value holding a comma,
	 * a double quote, CR or LF quoted with its quotes doubled. Each record's cells are gathered per column
	 * first (the message's fields come in wire order, the columns in declaration order).
	 */
	static final class Csv extends RecordWriter {
		private Utf8Line[] fCells = new Utf8Line[0];
		private boolean[] fQuote = new boolean[0];
		private int[] fTouched = new int[0];
		private int fTouchedCount;
		private Utf8Line fCell = new Utf8Line(16);
		private int fCol;
		private boolean fHeaderWritten;
		/** true: every record through the general code of {@link RecordWriter#write} (tests compare the two) */
		private final boolean fGeneral;

		/**
		 * @param only the protocol whose messages the CSV holds ({@code --protocol-fields}), or null for the
		 *        protocol of the first message
		 */
		Csv(OutputStream out, ProtocolSet set, boolean withCapture, @Nullable Protocol only) {
			this(out, set, withCapture, only, false);
		}

		/** @param general true: write every record with the general code only (the fast path's oracle in tests) */
		Csv(OutputStream out, ProtocolSet set, boolean withCapture, @Nullable Protocol only, boolean general) {
			super(out, set, withCapture, only);
			fGeneral = general;
		}

		@Override
		RecordWriter fork(OutputStream out) {
			Protocol chosen = fOnly;
			if (chosen == null) {
				throw new IllegalStateException("a CSV is forked once its protocol is chosen");
			}
			return new Csv(out, fSet, fWithCapture, null, fGeneral).continuing(chosen);
		}

		/**
		 * The general code's bytes, made faster, as {@link Json#write}: the packet's leading cells joined once,
		 * the type's cell and a char or small enum code's cells (with the label's) rendered once by the general
		 * code and copied after; the rest by the type's plan in column order, straight into the line's buffer,
		 * the empty cells' separators copied in runs; long ASCII and ASCII enums have their cells written by the
		 * general code in place. Whatever else the plan does not cover (a value to quote or escape, a message cut
		 * short, an unknown type) writes the whole record with the general code, so the output is the general
		 * code's byte for byte.
		 */
		@Override
		boolean write(int frame, long timeNanos, String capture, FeedPacket packet, FeedMessage m) throws IOException {
			if (fGeneral) {
				return super.write(frame, timeNanos, capture, packet, m);
			}
			Protocol p = m.protocol();
			if (p == null) {
				return true;
			}
			if (!accepts(p, packet)) {
				return false;
			}
			TypeLayout t = layout(p, m.type());
			long[] values = fValues;
			int n = m.readFields(values);
			int[] ops = t.fPlanOp;
			if (ops == null) {
				ops = t.plan(true);
			}
			if (m.length() < t.fSpecLength || !m.isKnownType() || n != t.fIds.length || t.fPlanGeneral) {
				return super.write(frame, timeNanos, capture, packet, m);
			}
			Utf8Line line = fLine;
			int recordStart = line.length();
			usePrefix(frame, timeNanos, capture, packet);
			byte[] type = t.fTypeBytes; // here: the type's cell with the separator before it
			if (type == null) {
				startRecord();
				field(8, KEYS[8]);
				text(m.typeName());
				Utf8Line typeCell = new Utf8Line(32);
				typeCell.append(',');
				cell(typeCell, 8);
				startRecord();
				t.fTypeBytes = type = typeCell.copy(0);
			}
			int[] fields = t.fPlanField;
			// the type's cell and its first field's cells when that has the usual value (TypeLayout.fHead)
			byte[] head = t.fHead;
			int from = 0;
			int cursor = 8; // the column being written: as many separators as its index are in the line
			if (head != null && values[fields[0]] == t.fHeadValue) {
				from = 1;
				cursor = t.fHeadCursor;
			} else {
				head = type;
			}
			byte[] prefix = fPrefix;
			int prefixLength = fPrefixLength;
			int columns = fColumns.size();
			byte[] b = line.reserve(prefixLength + 20 + head.length + t.fPlanBound + columns + COMMA_RUN + 2);
			int at = line.length();
			System.arraycopy(prefix, 0, b, at, prefixLength);
			at += prefixLength;
			if (fPrefixSequenced) {
				at = Utf8Line.putLong(b, at, m.msgseq());
			}
			System.arraycopy(head, 0, b, at, head.length);
			at += head.length;
			for (int i = from; i < ops.length; i++) {
				int op = ops[i];
				int k = fields[i];
				if (op >= P_DERIVED) {
					if (!m.has(t.fIds[k])) {
						continue;
					}
					op -= P_DERIVED;
				}
				long v = values[k];
				int col = t.fColumn[k];
				// the separators up to this column (at most one per column: room reserved above)
				at = commas(b, at, col - cursor);
				cursor = col;
				if (op == P_BY_VALUE || op == P_GENERAL) {
					// cells the general code wrote once: by value (a char, a small code; with the label's for an enum)
					// or the last value's (an ASCII enum such as ITCH's trading action reason, long ASCII)
					byte[] c;
					if (op == P_BY_VALUE) {
						if (v < 0 || v > 255) {
							line.setLength(recordStart);
							return super.write(frame, timeNanos, capture, packet, m);
						}
						byte[][] cache = t.fByValue[k];
						c = cache != null ? cache[(int) v] : null;
					} else {
						c = t.fLastValue[k] == v ? t.fLastBytes[k] : null;
					}
					if (c != null && at + c.length + t.fPlanBound + columns + COMMA_RUN <= b.length) {
						System.arraycopy(c, 0, b, at, c.length);
						at += c.length;
					} else {
						line.setLength(at);
						rareCells(m, t, k, v, op);
						b = line.reserve(t.fPlanBound + columns + COMMA_RUN);
						at = line.length();
					}
					if (t.fEnum[k]) {
						cursor = col + 1; // the label's cell, empty for an unknown code
					}
					continue;
				}
				if (op == P_ASCII) {
					// empty text is written "" (the general code's): not plain here
					int end = Utf8Line.putCsvAscii(b, at, v, t.fWidth[k]);
					if (end >= 0) {
						at = end;
						continue;
					}
				} else if (v >= 0) {
					if (op == P_NUMBER) {
						at = Utf8Line.putLong(b, at, v);
						continue;
					}
					if (op == P_TIMESTAMP) {
						at = t.time(k).put(b, at, v);
						continue;
					}
					at = op == P_DECIMAL4 ? Utf8Line.putDecimal4(b, at, v) : Utf8Line.putDecimal(b, at, v, t.fPow[k], t.fFields[k].scale());
					continue;
				}
				// a value the plan does not cover: the whole record by the general code
				line.setLength(recordStart);
				return super.write(frame, timeNanos, capture, packet, m);
			}
			if (from == 0 && t.fHead == null && ops.length > 0 && ops[0] == P_BY_VALUE) {
				t.head(values[fields[0]], type, t.fColumn[fields[0]] - 8);
			}
			at = commas(b, at, columns - 1 - cursor);
			b[at++] = '\r';
			b[at++] = '\n';
			line.setLength(at);
			if (at >= 1 << 16) {
				flushLine();
			}
			return true;
		}

		/**
		 * Appends field k's cells for value v ({@link #cells}) where {@link #write}'s loop has none to copy: the first
		 * time a value comes (kept for the next), a general field's new value, cells longer than the room left. A
		 * method of its own, so that C2 compiles the loop without the general code's calls. Before this, a type with
		 * an ASCII enum or long ASCII field took the general code for its whole record, often enough (1-2 % of a
		 * capture's messages) that C2 compiled the general record's methods too.
		 */
		private void rareCells(FeedMessage m, TypeLayout t, int k, long v, int op) {
			Utf8Line line = fLine;
			if (op == P_BY_VALUE) {
				byte[][] cache = t.byValue(k);
				byte[] c = cache[(int) v];
				if (c == null) {
					c = byValue(m, t, k, v);
					cache[(int) v] = c;
				}
				line.append(c, 0, c.length);
				return;
			}
			int at = line.length();
			cells(m, t, k, v, line);
			t.keepLast(k, v, line.copy(at));
		}

		/**
		 * Makes the packet's leading cells up to the sequence's, each with its separator ({@link #fPrefix}): frame
		 * number, time and sequence as digits around the kept middle (capture, addresses, session), which the
		 * general code renders once per key.
		 */
		@Override
		void prefix(int frame, long timeNanos, String capture, FeedPacket packet) {
			long seq = packet.sequence();
			boolean sequenced = sequenced(packet, seq);
			byte[] middle = middle(capture, packet);
			if (middle == null || frame < 0 || timeNanos < 0) {
				Protocol framing = packet.protocol();
				startRecord();
				boolean s = leading(frame, timeNanos, capture, packet, framing, roleKeysOf(framing));
				Utf8Line prefix = new Utf8Line(128);
				for (int c = 0; c < MSGSEQ; c++) {
					cell(prefix, c);
					prefix.append(',');
				}
				Utf8Line mid = new Utf8Line(96);
				for (int c = 2; c < SEQUENCE; c++) {
					cell(mid, c);
					mid.append(',');
				}
				startRecord();
				fPrefix = prefix.copy(0);
				fPrefixLength = fPrefix.length;
				fPrefixSequenced = s;
				if (frame >= 0 && timeNanos >= 0 && s == sequenced) {
					keepMiddle(mid.copy(0));
				}
				return;
			}
			int room = 20 + 1 + 20 + 1 + middle.length + 20 + 1;
			byte[] b = fPrefix;
			if (b.length < room) {
				b = new byte[room * 2];
				fPrefix = b;
			}
			int at = Utf8Line.putLong(b, 0, frame);
			b[at++] = ',';
			at = fTimes.put(b, at, timeNanos);
			b[at++] = ',';
			System.arraycopy(middle, 0, b, at, middle.length);
			at += middle.length;
			if (sequenced) {
				at = Utf8Line.putLong(b, at, seq);
			}
			b[at++] = ',';
			fPrefixLength = at;
			fPrefixSequenced = sequenced;
		}

		/** the longest run of separators {@link #commas(byte[], int, int)} writes with a fixed number of word stores */
		private static final int COMMA_RUN = 64;

		/**
		 * Writes k separators at {@code at} (room is there, and {@value #COMMA_RUN} bytes past them). @return the index
		 * after them
		 */
		private static int commas(byte[] b, int at, int k) {
			if (k <= 8) {
				// the usual one or two: one word store, no arraycopy call (its size dispatch varied per column)
				Utf8Line.putCommas(b, at);
				return at + Math.max(k, 0);
			}
			if (k <= COMMA_RUN) {
				// the empty columns between a type's fields and after its last (an ITCH Add Order has runs of ~40 and
				// ~30): eight word stores whatever the run's length, where arraycopy's dispatch on the length varied
				Utf8Line.putCommas64(b, at);
				return at + k;
			}
			while (k > 0) {
				int w = Math.min(k, COMMAS.length);
				System.arraycopy(COMMAS, 0, b, at, w);
				at += w;
				k -= w;
			}
			return at;
		}

		/** Appends column c's cell as {@link #endRecord()} joins it (quoted if it must be). */
		private void cell(Utf8Line to, int c) {
			if (fQuote[c]) {
				to.append('"').append(fCells[c]).append('"');
			} else {
				to.append(fCells[c]);
			}
		}

		/**
		 * @return field k's cell (and its label's, after a separator, for an enum) for value v, as the general
		 *         code writes them
		 */
		private byte[] byValue(FeedMessage m, TypeLayout t, int k, long v) {
			Utf8Line cells = new Utf8Line(64);
			cells(m, t, k, v, cells);
			return cells.copy(0);
		}

		/** Appends field k's cell (and its label's, after a separator, for an enum) for value v, as the general code writes them. */
		private void cells(FeedMessage m, TypeLayout t, int k, long v, Utf8Line to) {
			startRecord();
			value(m, t, k, v);
			int col = t.fColumn[k];
			cell(to, col);
			if (t.fEnum[k]) {
				to.append(',');
				cell(to, col + 1);
			}
			startRecord();
		}

		@Override
		boolean isCsv() {
			return true;
		}

		@Override
		void begin() throws IOException {
			Protocol only = fOnly;
			if (only != null) {
				header(only, framingOf(only));
			}
		}

		@Override
		boolean accepts(Protocol feed, FeedPacket packet) throws IOException {
			if (fOnly == null) {
				// one header per protocol: the first message's protocol is the CSV's
				fOnly = feed;
				addColumns(feed);
				header(feed, packet.protocol());
			}
			return fOnly == feed;
		}

		@Override
		void finish() throws IOException {
			if (!fHeaderWritten) {
				// no message at all: the header of the feed the default framing carries (the descriptions' choice
				// for unknown traffic, as for a binding that names no protocol), so an empty result still has one
				String framing = fSet.defaultFraming();
				Protocol feed = framing == null ? null : fSet.feedProtocol(framing);
				if (feed != null && framing != null) {
					addColumns(feed);
					header(feed, fSet.protocol(framing));
				}
			}
			super.finish();
		}

		private void header(Protocol feed, @Nullable Protocol framing) {
			nameRoleColumns(framing);
			cells();
			for (int i = 0; i < fColumns.size(); i++) {
				if (i > 0) {
					fLine.append(',');
				}
				fLine.append(fColumns.get(i)); // names are identifiers: no quoting needed
			}
			fLine.append("\r\n");
		}

		/** The cells of the columns chosen; the header counts as written from now on. */
		private void cells() {
			int n = fColumns.size();
			fCells = new Utf8Line[n];
			for (int i = 0; i < n; i++) {
				fCells[i] = new Utf8Line(16);
			}
			fQuote = new boolean[n];
			fTouched = new int[n];
			fHeaderWritten = true;
		}

		/**
		 * Makes this writer continue a CSV another writer began (parallel decode: one writer per thread, each
		 * writing chunks of the records after the header): it holds the messages of that writer's protocol and
		 * writes no header. Only the header's text depends on the framing that chose the protocol (the role
		 * columns' names); the records depend on the protocol's columns alone, which {@link #addColumns} gives
		 * here in the same order as in the writer that wrote the header.
		 *
		 * @param chosen the protocol of the CSV that other writer chose ({@link #chosen()})
		 * @return this writer
		 */
		Csv continuing(Protocol chosen) {
			if (fOnly == null) {
				fOnly = chosen;
				addColumns(chosen);
			}
			cells();
			return this;
		}

		@Override
		void startRecord() {
			for (int i = 0; i < fTouchedCount; i++) {
				int c = fTouched[i];
				fCells[c].clear();
				fQuote[c] = false;
			}
			fTouchedCount = 0;
		}

		@Override
		void field(int column, byte[] key) {
			fCol = column;
			fCell = fCells[column];
			fTarget = fCell;
			if (fCell.isEmpty() && !fQuote[column]) {
				fTouched[fTouchedCount++] = column;
			}
		}

		@Override
		void beginText() {
		}

		@Override
		boolean plain(char c) {
			return c != '"' && c != ',' && c != '\r' && c != '\n';
		}

		@Override
		void textChar(char c) {
			if (c == '"') {
				fQuote[fCol] = true;
				fCell.append("\"\"");
				return;
			}
			if (c == ',' || c == '\r' || c == '\n') {
				fQuote[fCol] = true;
			}
			fCell.append(c);
		}

		@Override
		void endText() {
			if (fCell.isEmpty()) {
				fQuote[fCol] = true; // empty text is "" so that it differs from an absent value
			}
		}

		/** separators to copy: a record of one message type leaves most of the ~110 ITCH columns empty */
		private static final byte[] COMMAS = ",".repeat(256).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

		/**
		 * Joins the cells: only the touched ones have text (the others were cleared), so the line is the touched
		 * cells in column order with the separators between them copied in runs, not a pass over every column.
		 */
		@Override
		void endRecord() {
			int n = fColumns.size();
			int[] touched = fTouched;
			int m = fTouchedCount;
			// the fields come in wire order, their columns in declaration order: nearly sorted, so insertion sort
			for (int i = 1; i < m; i++) {
				int c = touched[i];
				int j = i - 1;
				while (j >= 0 && touched[j] > c) {
					touched[j + 1] = touched[j];
					j--;
				}
				touched[j + 1] = c;
			}
			int separators = 0; // written so far: column i has i of them before it
			for (int i = 0; i < m; i++) {
				int c = touched[i];
				if (i > 0 && c == touched[i - 1]) {
					continue; // touched twice while still empty
				}
				commas(c - separators);
				separators = c;
				if (fQuote[c]) {
					fLine.append('"').append(fCells[c]).append('"');
				} else {
					fLine.append(fCells[c]);
				}
			}
			commas(n - 1 - separators);
			fLine.append("\r\n");
		}

		private void commas(int k) {
			while (k > 0) {
				int w = Math.min(k, COMMAS.length);
				fLine.append(COMMAS, 0, w);
				k -= w;
			}
		}
	}
}
