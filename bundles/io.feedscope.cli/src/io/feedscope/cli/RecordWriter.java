package io.feedscope.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
 * Writes one record per feed message, as JSON Lines or CSV (see {@link DecodeCommand#usage()} for the
 * format). Values are appended straight into one reused StringBuilder per record (no String.format, no
 * String per number) and the builder is encoded to UTF-8 bytes in 64 KB chunks onto the output stream.
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
	private static final String[] KEYS = LEADING.stream().map(RecordWriter::key).toArray(String[]::new);

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

	static final int K_UNSIGNED = 0;
	static final int K_CHAR = 1;
	static final int K_ASCII = 2;
	static final int K_DECIMAL = 3;
	static final int K_TIME = 4;
	static final int K_OTHER = 5;

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
		final String[] fKey;
		final String[] fNameKey;
		final int fSpecLength;

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
			fKey = new String[n];
			fNameKey = new String[n];
			for (int k = 0; k < n; k++) {
				FieldInfo f = fFields[k];
				fKey[k] = key(f.name());
				fNameKey[k] = key(f.name() + "_name");
				fIds[k] = f.id();
				fKind[k] = kind(f.kind());
				fWidth[k] = f.width();
				fEnum[k] = f.hasEnum();
				fDerived[k] = f.isDerived();
				Integer c = columns.get(f.name());
				fColumn[k] = c == null ? -1 : c;
			}
			fSpecLength = type < p.messageTypeCount() ? p.messageTypeLength(type) : Integer.MAX_VALUE;
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
	protected final StringBuilder fLine = new StringBuilder(1024);
	/** where the current value goes: the line (JSON) or the column's cell (CSV) */
	protected StringBuilder fTarget = fLine;
	/** every column: LEADING, then each message protocol's fields in declaration order (enum fields followed by _name) */
	protected final List<String> fColumns = new ArrayList<>(LEADING);
	private final Map<String, Integer> fColumnIndex = new java.util.HashMap<>();
	private final Map<Protocol, TypeLayout[]> fLayouts = new IdentityHashMap<>();
	/** per framing protocol, the JSON keys of its session, sequence and msgseq fields */
	private final Map<Protocol, String[]> fRoleKeys = new IdentityHashMap<>();
	protected final ProtocolSet fSet;
	/** the one message protocol of a CSV (its header), null until chosen; JSON: null unless restricted */
	protected @Nullable Protocol fOnly;
	private final long[] fValues = new long[64];
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

	private String[] roleKeys(Protocol framing) {
		String[] k = fRoleKeys.get(framing);
		if (k == null) {
			String[] names = roleNames(framing);
			k = new String[] { key(names[0]), key(names[1]), key(names[2]) };
			fRoleKeys.put(framing, k);
		}
		return k;
	}

	/** @return the columns of the CSV header, in order */
	List<String> columns() {
		return fColumns;
	}

	private TypeLayout layout(Protocol p, int type) {
		TypeLayout[] l = fLayouts.get(p);
		if (l == null) {
			l = new TypeLayout[p.messageTypeCount() + 1];
			fLayouts.put(p, l);
		}
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
	 * A CSV's first message chooses its protocol (and writes the header); JSON takes any.
	 *
	 * @return false if the message is not written because the output holds another protocol's messages
	 */
	boolean accepts(Protocol feed, FeedPacket packet) throws IOException {
		Protocol only = fOnly;
		return only == null || only == feed;
	}

	/**
	 * Writes the record of the message the cursor is on.
	 *
	 * @return false if the message was left out: it belongs to another protocol than the output's
	 */
	final boolean write(int frame, long timeNanos, String capture, FeedPacket packet, FeedMessage m) throws IOException {
		Protocol p = m.protocol();
		if (p == null) {
			return true;
		}
		if (!accepts(p, packet)) {
			return false;
		}
		Protocol framing = packet.protocol();
		String[] roleKeys = framing == null ? new String[] { KEYS[SESSION], KEYS[SEQUENCE], KEYS[MSGSEQ] } : roleKeys(framing);
		TypeLayout t = layout(p, m.type());
		int n = m.readFields(fValues);
		// a message shorter than its type lacks its last fields: ask per field only then
		boolean cut = m.length() < t.fSpecLength || !m.isKnownType();
		startRecord();
		field(0, KEYS[0]);
		fTarget.append(frame);
		field(1, KEYS[1]);
		fTarget.append(timeNanos);
		if (fWithCapture) {
			field(2, KEYS[2]);
			text(capture);
		}
		field(3, KEYS[3]);
		address(packet.sourceAddress(), packet.sourcePort());
		field(4, KEYS[4]);
		address(packet.destinationAddress(), packet.destinationPort());
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
		if (seq >= 0 && packet.kind() != io.feedscope.dissect.PacketKind.UNSEQUENCED) {
			field(SEQUENCE, roleKeys[1]);
			fTarget.append(seq);
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
			FieldInfo f = t.fFields[k];
			long v = fValues[k];
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
		endRecord();
		if (fLine.length() >= 1 << 16) {
			flushLine();
		}
		return true;
	}

	final void flushLine() throws IOException {
		// the builder is Latin-1 inside (every char is below 0x100): toString is one array copy and
		// String's UTF-8 encoder copies ASCII in bulk, far cheaper than a Writer's char-by-char encoding
		fOut.write(fLine.toString().getBytes(StandardCharsets.UTF_8));
		fLine.setLength(0);
		if (fOut instanceof java.io.PrintStream p && p.checkError()) {
			// a PrintStream swallows write errors: without this a closed pipe (| head) would decode to the end
			throw new IOException("output closed");
		}
	}

	void finish() throws IOException {
		flushLine();
		fOut.flush();
	}

	private void address(int ip, int port) {
		beginText();
		fTarget.append(ip >>> 24).append('.').append(ip >>> 16 & 0xff).append('.').append(ip >>> 8 & 0xff).append('.')
				.append(ip & 0xff).append(':').append(port);
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

	private void text(String s) {
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
	abstract void field(int column, String key);

	abstract void beginText();

	abstract void textChar(char c);

	abstract void endText();

	abstract void endRecord();

	// ====================================================================== JSON Lines

	/** One JSON object per line; keys in a stable order (LEADING, then the message's fields in wire order). */
	static final class Json extends RecordWriter {
		private static final char[] HEX = "0123456789abcdef".toCharArray();
		private boolean fFirst;

		Json(OutputStream out, ProtocolSet set, boolean withCapture, @Nullable Protocol only) {
			super(out, set, withCapture, only);
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
		void field(int column, String key) {
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
		private StringBuilder[] fCells = new StringBuilder[0];
		private boolean[] fQuote = new boolean[0];
		private int[] fTouched = new int[0];
		private int fTouchedCount;
		private StringBuilder fCell = new StringBuilder();
		private int fCol;
		private boolean fHeaderWritten;

		/**
		 * @param only the protocol whose messages the CSV holds ({@code --protocol-fields}), or null for the
		 *        protocol of the first message
		 */
		Csv(OutputStream out, ProtocolSet set, boolean withCapture, @Nullable Protocol only) {
			super(out, set, withCapture, only);
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
			int n = fColumns.size();
			fCells = new StringBuilder[n];
			for (int i = 0; i < n; i++) {
				fCells[i] = new StringBuilder(16);
			}
			fQuote = new boolean[n];
			fTouched = new int[n];
			fHeaderWritten = true;
			for (int i = 0; i < fColumns.size(); i++) {
				if (i > 0) {
					fLine.append(',');
				}
				fLine.append(fColumns.get(i)); // names are identifiers: no quoting needed
			}
			fLine.append("\r\n");
		}

		@Override
		void startRecord() {
			for (int i = 0; i < fTouchedCount; i++) {
				int c = fTouched[i];
				fCells[c].setLength(0);
				fQuote[c] = false;
			}
			fTouchedCount = 0;
		}

		@Override
		void field(int column, String key) {
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

		@Override
		void endRecord() {
			int n = fColumns.size();
			for (int i = 0; i < n; i++) {
				if (i > 0) {
					fLine.append(',');
				}
				if (fQuote[i]) {
					fLine.append('"').append(fCells[i]).append('"');
				} else {
					fLine.append(fCells[i]);
				}
			}
			fLine.append("\r\n");
		}
	}
}
