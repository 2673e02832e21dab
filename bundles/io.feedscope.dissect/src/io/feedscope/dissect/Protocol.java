package io.feedscope.dissect;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.jdt.annotation.Nullable;

/**
 * A compiled protocol: its EMF model plus flat, precomputed layouts the decoder runs from.
 * <p>
 * Compilation (once, in the constructor) turns the model into int arrays: per message type the
 * offset of every field (-1 if the type lacks it), per field its width and reader (width + byte
 * order), per framing packet layout its fixed header offsets and block shape. The decoder then only
 * indexes arrays and does absolute reads on the frame buffer. Immutable and thread-safe.
 * <p>
 * Field ids are {@code protocolNumber << 16 | fieldIndex}, unique across every protocol compiled in
 * this JVM, so an id from one protocol can never read another protocol's field by mistake.
 */
public final class Protocol {

	private static final AtomicInteger NUMBERS = new AtomicInteger(1);

	static final int T_UINT = 0, T_CHAR = 1, T_ASCII = 2, T_DECIMAL = 3, T_TIME = 4, T_BYTES = 5;
	static final int C_SIZE = 0, C_FIELD = 1, C_PRINTABLE = 2, C_BLOCKS_FILL = 3, C_SPECIAL = 4, C_NOT_SPECIAL = 5, C_FIELD_SIZE = 6;
	static final long SLOT_FAST = 1L << 16;
	/** the derived time ({@code = base + offset}): computed from the stream's remembered base, not read */
	static final long SLOT_DERIVED = 1L << 17;
	static final int SLOT_ABSENT = 0x3fff_ffff;
	static final int OP_EQ = 0, OP_NE = 1, OP_LT = 2, OP_LE = 3, OP_GT = 4, OP_GE = 5;

	private final byte[] fImage;
	/** null until first asked for when the protocol came from {@link ProtocolCache} */
	private volatile @Nullable EObject fModel;
	/** recompiles the model on demand (cached protocols); null when {@link #fModel} was given */
	private final @Nullable Supplier<EObject> fModelSource;
	private final int fNumber;
	private final String fName;
	private final String fLabel;
	private final ProtocolKind fKind;
	@Nullable
	private final ProtocolHelper fHelper;

	// ---- fields (index = id & 0xffff)
	final FieldInfo[] fFields;
	final int[] fWidth;
	/** width | 0x10 if little-endian */
	final int[] fReader;
	final int[] fType;
	private final Map<String, Integer> fIdsByName = new HashMap<>();
	/** derived msgseq field (framing with a sequence role), -1 otherwise */
	final int fMsgseqField;
	final int fSessionField;
	final int fSequenceField;
	final int fCountField;
	/** the derived time field ({@code = base + offset}), its base and offset fields; -1 if none */
	final int fTimeField;
	/** the field with the role {@code timestamp} (not derived), -1 if none; and nanoseconds per unit of it */
	final int fTimestampField;
	final long fTimestampNanosPerUnit;
	final int fTimeBase;
	final int fTimeOffset;
	/** multipliers from the base's and the offset's units to the derived time's unit */
	final long fTimeBaseFactor;
	final long fTimeOffsetFactor;

	// ---- message variants
	final int fDiscField;
	final int fDiscOffset;
	final int fTypeCount;
	/** code -&gt; type index, for codes 0..65535; unknown codes map to fTypeCount */
	final int[] fTypeByCode;
	/** [type * fieldCount + field] -&gt; offset in the message or -1; row fTypeCount = unknown type */
	final int[] fOffsets;
	final int[] fSpecLength;
	/**
	 * Hot-path layout, one long per (type, field) like {@link #fOffsets}: offset &lt;&lt; 32 | flags &lt;&lt; 16 |
	 * mask shift &lt;&lt; 8 | width; an absent field has offset {@link #SLOT_ABSENT}. Flag {@link #SLOT_FAST}: big-endian and at most 8 bytes, so the value is the
	 * last {@code width} bytes of one 8-byte read ending at the field's end (one branch-free read
	 * instead of a switch on the width).
	 */
	final long[] fSlots;
	/** per type, the slots of its fields in wire order (for {@link FeedMessage#readFields(long[])}) */
	final long[][] fTypeSlots;
	final int[][] fTypeFields;
	final long[] fTypeCodes;
	final String[] fTypeNames;
	final String[] fTypeLabels;
	/** reads every field of a whole message of a known type ({@link FeedMessage#readFields(long[])}) */
	final MessageDecoder fDecoder;
	/** the same for any description; where {@link #fDecoder} (a plan) does not serve a message */
	final InterpretedDecoder fInterpreted;

	// ---- framing packets (tried in order; the fallback last)
	final PacketLayout[] fPackets;
	final int fDefaultPacket;

	// ---- bindings
	final int[] fPortLow;
	final int[] fPortHigh;
	final int[] fGroupAddress;
	final int[] fGroupPrefix;
	final List<String> fCarriedBy;
	/** "line:column" in the description of each {@link #fCarriedBy} name */
	final List<String> fCarriedByPos;
	final int[] fHeuristicScore;
	final String[] fHeuristicName;
	final int[][] fHeuristicConds;
	final long[][] fHeuristicValues;

	/** One framing packet layout, flattened. Conditions are triples (test, field, op) + value. */
	static final class PacketLayout {
		String name = "";
		String label = "";
		PacketKind kind = PacketKind.DATA;
		int[] conds = new int[0];
		long[] condValues = new long[0];
		/** top-level fixed fields and their offsets */
		int[] topFields = new int[0];
		int[] topOffsets = new int[0];
		int headerLength;
		/** trailing element: 0 none, 1 bytes, 2 repeat */
		int trailing;
		int trailingField = -1;
		int trailingSize = -1;
		boolean trailingHandoff;
		/** repeat: count field or -1 for "to end" */
		int countField = -1;
		int[] blockFields = new int[0];
		int[] blockOffsets = new int[0];
		int blockFixed;
		int blockBytesField = -1;
		int blockSizeField = -1;
		boolean blockHandoff;
		/** offset of the size field from the block start (at the data start when it counts itself and is not laid out before), -1 if none */
		int blockSizeRel = -1;
		/** data length = size value - adjust (a length that counts itself counts the bytes from itself to the data) */
		int blockSizeAdjust;
		/** smallest sound size value (a length counting itself must at least cover itself: no endless walk on 0) */
		int blockSizeMin;

		void write(DataOutput out) throws IOException {
			out.writeUTF(name);
			out.writeUTF(label);
			out.writeUTF(kind.name());
			ProtocolCache.writeInts(out, conds);
			ProtocolCache.writeLongs(out, condValues);
			ProtocolCache.writeInts(out, topFields);
			ProtocolCache.writeInts(out, topOffsets);
			out.writeInt(headerLength);
			out.writeInt(trailing);
			out.writeInt(trailingField);
			out.writeInt(trailingSize);
			out.writeBoolean(trailingHandoff);
			out.writeInt(countField);
			ProtocolCache.writeInts(out, blockFields);
			ProtocolCache.writeInts(out, blockOffsets);
			out.writeInt(blockFixed);
			out.writeInt(blockBytesField);
			out.writeInt(blockSizeField);
			out.writeBoolean(blockHandoff);
			out.writeInt(blockSizeRel);
			out.writeInt(blockSizeAdjust);
			out.writeInt(blockSizeMin);
		}

		int topOffset(int field) {
			for (int k = 0; k < topFields.length; k++) {
				if (topFields[k] == field) {
					return topOffsets[k];
				}
			}
			return -1;
		}
	}

	/**
	 * A protocol from its checked model: lowered to the layout image ({@link ModelLowering}), then read
	 * like a cached one, so both paths give the same protocol.
	 */
	static Protocol fromModel(EObject model, @Nullable ProtocolHelper helper) {
		byte[] image = ModelLowering.image(model);
		try {
			return new Protocol(image, helper, null, model);
		} catch (IOException e) {
			throw new IllegalStateException("layout image of " + model + " does not read back", e);
		}
	}

	/**
	 * Reads a layout image ({@link ModelLowering} writes it, {@link ProtocolCache} stores it): no parsing,
	 * no EMF. A protocol read from the cache has no model until someone asks for it
	 * ({@code modelSource} recompiles the description then).
	 */
	Protocol(byte[] image, @Nullable ProtocolHelper helper, @Nullable Supplier<EObject> modelSource, @Nullable EObject model)
			throws IOException {
		DataInput in = new DataInputStream(new ByteArrayInputStream(image));
		fImage = image;
		fModel = model;
		fModelSource = modelSource;
		fHelper = helper;
		fNumber = NUMBERS.getAndIncrement();
		fName = in.readUTF();
		fLabel = in.readUTF();
		fKind = ProtocolKind.of(in.readUTF());
		int n = ProtocolCache.count(in);
		fFields = new FieldInfo[n];
		for (int k = 0; k < n; k++) {
			fFields[k] = FieldInfo.read(in, id(k));
			fIdsByName.put(fFields[k].name(), id(k));
		}
		fWidth = ProtocolCache.readInts(in);
		fReader = ProtocolCache.readInts(in);
		fType = ProtocolCache.readInts(in);
		fMsgseqField = in.readInt();
		fSessionField = in.readInt();
		fSequenceField = in.readInt();
		fCountField = in.readInt();
		fTimeField = in.readInt();
		int ts = -1;
		for (int k = 0; k < fFields.length; k++) {
			if (fFields[k].role() == FieldRole.TIMESTAMP && !fFields[k].isDerived() && ts < 0) {
				ts = k;
			}
		}
		fTimestampField = ts;
		java.util.concurrent.@Nullable TimeUnit tu = ts < 0 ? null : fFields[ts].unit();
		fTimestampNanosPerUnit = tu == null ? 1 : tu.toNanos(1);
		fTimeBase = in.readInt();
		fTimeOffset = in.readInt();
		fTimeBaseFactor = in.readLong();
		fTimeOffsetFactor = in.readLong();
		fDiscField = in.readInt();
		fDiscOffset = in.readInt();
		fTypeCount = in.readInt();
		fOffsets = ProtocolCache.readInts(in);
		fSpecLength = ProtocolCache.readInts(in);
		fSlots = ProtocolCache.readLongs(in);
		fTypeSlots = new long[ProtocolCache.count(in)][];
		for (int t = 0; t < fTypeSlots.length; t++) {
			fTypeSlots[t] = ProtocolCache.readLongs(in);
		}
		fTypeFields = new int[ProtocolCache.count(in)][];
		for (int t = 0; t < fTypeFields.length; t++) {
			fTypeFields[t] = ProtocolCache.readInts(in);
		}
		fTypeCodes = ProtocolCache.readLongs(in);
		fTypeNames = ProtocolCache.readStrings(in);
		fTypeLabels = ProtocolCache.readStrings(in);
		if (in.readBoolean()) {
			// 65,536 entries, all but a few "unknown": rebuilt from the type codes rather than stored
			fTypeByCode = new int[65536];
			Arrays.fill(fTypeByCode, fTypeCount);
			for (int t = 0; t < fTypeCount; t++) {
				long code = fTypeCodes[t];
				if (code >= 0 && code < 65536) {
					fTypeByCode[(int) code] = t;
				}
			}
		} else {
			fTypeByCode = new int[0];
		}
		fPackets = new PacketLayout[ProtocolCache.count(in)];
		for (int k = 0; k < fPackets.length; k++) {
			PacketLayout pl = new PacketLayout();
			pl.name = in.readUTF();
			pl.label = in.readUTF();
			pl.kind = PacketKind.valueOf(in.readUTF());
			pl.conds = ProtocolCache.readInts(in);
			pl.condValues = ProtocolCache.readLongs(in);
			pl.topFields = ProtocolCache.readInts(in);
			pl.topOffsets = ProtocolCache.readInts(in);
			pl.headerLength = in.readInt();
			pl.trailing = in.readInt();
			pl.trailingField = in.readInt();
			pl.trailingSize = in.readInt();
			pl.trailingHandoff = in.readBoolean();
			pl.countField = in.readInt();
			pl.blockFields = ProtocolCache.readInts(in);
			pl.blockOffsets = ProtocolCache.readInts(in);
			pl.blockFixed = in.readInt();
			pl.blockBytesField = in.readInt();
			pl.blockSizeField = in.readInt();
			pl.blockHandoff = in.readBoolean();
			pl.blockSizeRel = in.readInt();
			pl.blockSizeAdjust = in.readInt();
			pl.blockSizeMin = in.readInt();
			fPackets[k] = pl;
		}
		fDefaultPacket = fPackets.length - 1;
		fPortLow = ProtocolCache.readInts(in);
		fPortHigh = ProtocolCache.readInts(in);
		fGroupAddress = ProtocolCache.readInts(in);
		fGroupPrefix = ProtocolCache.readInts(in);
		fCarriedBy = List.of(ProtocolCache.readStrings(in));
		fCarriedByPos = List.of(ProtocolCache.readStrings(in));
		fHeuristicScore = ProtocolCache.readInts(in);
		fHeuristicName = ProtocolCache.readStrings(in);
		fHeuristicConds = new int[ProtocolCache.count(in)][];
		for (int k = 0; k < fHeuristicConds.length; k++) {
			fHeuristicConds[k] = ProtocolCache.readInts(in);
		}
		fHeuristicValues = new long[ProtocolCache.count(in)][];
		for (int k = 0; k < fHeuristicValues.length; k++) {
			fHeuristicValues[k] = ProtocolCache.readLongs(in);
		}
		// last: both read the layouts above
		fInterpreted = new InterpretedDecoder(this);
		MessageDecoder d = MessageDecoder.of(this);
		fDecoder = d instanceof InterpretedDecoder ? fInterpreted : d;
	}

	/** @return the layout image this protocol was read from (what the cache stores) */
	byte[] image() {
		return fImage;
	}

	int number() {
		return fNumber;
	}

	private int id(int index) {
		return fNumber << 16 | index;
	}

	/** @return true if the id belongs to this protocol */
	public boolean owns(int fieldId) {
		return fieldId >>> 16 == fNumber && (fieldId & 0xffff) < fFields.length;
	}

	// ------------------------------------------------------------------ public API

	/** @return the protocol's name, also the prefix of its field names ("itch50") */
	public String name() {
		return fName;
	}

	/** @return the name for people ("NASDAQ TotalView-ITCH 5.0") */
	public String displayName() {
		return fLabel;
	}

	/** @return what the description describes: packets on UDP or the messages they carry */
	public ProtocolKind kind() {
		return fKind;
	}

	/** @return true for a {@link ProtocolKind#FRAMING} protocol */
	public boolean isFraming() {
		return fKind == ProtocolKind.FRAMING;
	}

	/**
	 * @param role a framing role
	 * @return the field with that role, or null if the description gives it to none
	 */
	public @Nullable FieldInfo fieldWithRole(FieldRole role) {
		for (FieldInfo f : fFields) {
			if (f.role() == role) {
				return f;
			}
		}
		return null;
	}

	/**
	 * @return the EMF model this protocol was compiled from (metamodel: {@code internal.model.ProtocolModel});
	 *         read it (tree views, documentation, XMI dumps), do not change it: the layouts were computed from it once
	 */
	public EObject model() {
		EObject m = fModel;
		if (m == null) {
			synchronized (this) {
				m = fModel;
				if (m == null) {
					Supplier<EObject> source = fModelSource;
					if (source == null) {
						throw new IllegalStateException(fName + ": no model and no description to compile it from");
					}
					m = source.get();
					fModel = m;
				}
			}
		}
		return m;
	}

	/** @return true if this protocol was loaded from the cache of compiled descriptions ({@link ProtocolCache}) */
	boolean fromCache() {
		return fModelSource != null;
	}

	/** @return the optional Java helper contributed with the description */
	public @Nullable ProtocolHelper helper() {
		return fHelper;
	}

	/**
	 * @return true when a message's values depend on earlier frames of its stream: a derived time whose base (e.g.
	 *         PITCH's Time message seconds) the dissector remembers per stream. Such a feed must be dissected in
	 *         frame order by one dissector; a frame of a feed without it decodes the same wherever it is cut off.
	 */
	public boolean carriesStreamState() {
		return fTimeField >= 0;
	}

	/** @return number of fields, derived ones included */
	public int fieldCount() {
		return fFields.length;
	}

	/** @return every field, in declaration order (derived fields last) */
	public List<FieldInfo> fields() {
		return Collections.unmodifiableList(Arrays.asList(fFields));
	}

	/**
	 * @param name full name ({@code itch50.price}) or the name without the protocol prefix ({@code price})
	 * @return the field id for the fast accessors, or -1 if this protocol has no such field
	 */
	public int fieldId(String name) {
		Integer id = fIdsByName.get(name);
		if (id == null) {
			id = fIdsByName.get(fName + "." + name);
		}
		return id == null ? -1 : id.intValue();
	}

	/** @return the field with this id */
	public FieldInfo field(int fieldId) {
		return fFields[fieldId & 0xffff];
	}

	/** @return the field whose value chooses the message type ({@code messages by X}), null if none */
	public @Nullable FieldInfo messageTypeField() {
		return fDiscField < 0 ? null : fFields[fDiscField];
	}

	/** @return number of message types (variants), the fallback not counted */
	public int messageTypeCount() {
		return fTypeCount;
	}

	/** @return code of message type t (e.g. 'A'), for t in [0, messageTypeCount()) */
	public long messageTypeCode(int t) {
		return fTypeCodes[t];
	}

	/** @return name of message type t ("add_order"); t == messageTypeCount() is the fallback */
	public String messageTypeName(int t) {
		return fTypeNames[t];
	}

	/** @return name for people of message type t ("Add Order No MPID Attribution Message") */
	public String messageTypeLabel(int t) {
		return fTypeLabels[t];
	}

	/** @return the spec length of message type t in bytes */
	public int messageTypeLength(int t) {
		return fSpecLength[t];
	}

	/**
	 * The time of day a message carries in its timestamp field ({@link FieldRole#TIMESTAMP}): what times the
	 * records of a record file (NASDAQ BinaryFILE), read from the message alone.
	 *
	 * @param b the bytes, big-endian, read with absolute gets
	 * @param off the message's first byte (its type code)
	 * @param len the message's length
	 * @return nanoseconds since midnight, or -1 when the description gives no field the role, the type is
	 *         unknown or lacks the field, or the message is too short to hold it
	 */
	public long timeOfDayNanos(ByteBuffer b, int off, int len) {
		int tf = fTimestampField;
		if (tf < 0 || fDiscField < 0 || len < fDiscOffset + fWidth[fDiscField]) {
			return -1;
		}
		int t = messageType(FeedPacket.read(b, off + fDiscOffset, fReader[fDiscField]));
		if (t >= fTypeCount) {
			return -1;
		}
		int o = fOffsets[t * fFields.length + tf];
		if (o < 0 || o + fWidth[tf] > len) {
			return -1;
		}
		long v = FeedPacket.read(b, off + o, fReader[tf]);
		return fTimestampNanosPerUnit * v;
	}

	/** @return the type index for a code, or messageTypeCount() if the code is unknown */
	public int messageType(long code) {
		return code >= 0 && code < fTypeByCode.length ? fTypeByCode[(int) code] : fTypeCount;
	}

	/** @return the fields of message type t in wire order */
	public List<FieldInfo> messageTypeFields(int t) {
		List<FieldInfo> out = new ArrayList<>();
		for (int f : fTypeFields[t]) {
			out.add(fFields[f]);
		}
		return out;
	}

	/** @return protocols this message protocol rides on by default ("carried by moldudp64, moldudp") */
	public List<String> carriedBy() {
		return fCarriedBy;
	}

	/**
	 * @param i index in {@link #carriedBy()}
	 * @return where the name is written in the description, as {line, column} (1-based)
	 */
	int[] carriedByPosition(int i) {
		String[] lc = i < fCarriedByPos.size() ? fCarriedByPos.get(i).split(":") : new String[0];
		try {
			return lc.length == 2 ? new int[] { Integer.parseInt(lc[0]), Integer.parseInt(lc[1]) } : new int[] { 0, 0 };
		} catch (NumberFormatException e) {
			return new int[] { 0, 0 };
		}
	}

	/** @return the UDP port ranges bound in the description, as [low, high] pairs */
	public List<int[]> portBindings() {
		List<int[]> out = new ArrayList<>();
		for (int k = 0; k < fPortLow.length; k++) {
			out.add(new int[] { fPortLow[k], fPortHigh[k] });
		}
		return out;
	}

	/** @return the multicast groups bound in the description, as [address, prefix] pairs */
	public List<int[]> groupBindings() {
		List<int[]> out = new ArrayList<>();
		for (int k = 0; k < fGroupAddress.length; k++) {
			out.add(new int[] { fGroupAddress[k], fGroupPrefix[k] });
		}
		return out;
	}

	/** @return the heuristics' names with their scores, in declaration order */
	public Map<String, Integer> heuristics() {
		Map<String, Integer> out = new LinkedHashMap<>();
		for (int k = 0; k < fHeuristicScore.length; k++) {
			out.put(fHeuristicName[k], fHeuristicScore[k]);
		}
		return out;
	}

	@Override
	public String toString() {
		return fName + " (" + fKind.keyword() + ", " + fFields.length + " fields" + (fTypeCount > 0 ? ", " + fTypeCount + " message types" : "") + ")";
	}
}
