package io.feedscope.dissect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.LinkType;
import io.feedscope.capture.PacketLayers;
import io.feedscope.capture.RecordRun;

/**
 * One decoded frame as a feed packet: a view owned and overwritten by its {@link FeedDissector}.
 * <p>
 * Header values ({@link #sequence()}, {@link #count()}) are read from the frame on each call
 * (through the packet's {@link ByteView}, big- or little-endian as the description says); the message
 * blocks are found by its {@link BlockWalker}. Messages are walked with the
 * cursor from {@link #messages()}; the per-message sequence number ({@link FeedMessage#msgseq()}) is
 * derived (sequence of the packet + message index), not read from the wire.
 */
public final class FeedPacket {

	private static final int INITIAL_BLOCKS = 64;

	private final ProtocolSet fSet;
	private final PacketLayers fLayers;
	private final FeedMessage fCursor;
	private final FieldValue fValue = new FieldValue();
	private final List<ExpertItem> fExpert = new ArrayList<>();

	/**
	 * the frame as a buffer, for the faces ({@link #buffer()}); the reads go through fView, the cursor's through
	 * {@link ByteView#whole()}. {@link #UNMADE} after a decode of an array until {@link #buffer()} makes it.
	 */
	ByteBuffer fBuf = ByteBuffer.allocate(0);
	/** decodes so far: the cursor follows the packet it was reset for ({@link FeedMessage#rewind()}) */
	int fDecodes;
	/** {@link #fBuf} of a frame decoded from an array whose buffer was not asked for yet */
	private static final ByteBuffer UNMADE = ByteBuffer.allocate(0);
	/** every read of this packet's bytes (header, block lengths, message types, conditions) */
	final ByteView fView = new ByteView();
	/** the message blocks of a repeat, read through fView */
	private final BlockWalker fWalker = new BlockWalker(fView);
	/** where the walker's blocks and damage go: this packet (one object, made once) */
	private final BlockWalker.Sink fBlockSink = new BlockWalker.Sink() {
		@Override
		public void block(int blockStart, int msgOff, int msgLen) {
			addBlock(blockStart, msgOff, msgLen);
		}

		@Override
		public void damage(String id, String field, int offset, int length, int message, String reason) {
			expert(Severity.ERROR, id, field, offset, length, message, reason);
		}
	};
	int fFrame;
	@Nullable
	Protocol fFraming;
	@Nullable
	Protocol fFeed;
	Protocol.@Nullable PacketLayout fLayout;
	private PacketKind fKind = PacketKind.NOT_FEED;
	/** the when-condition and heuristic tests, over this packet's bytes */
	final ConditionEvaluator fConditions = new ConditionEvaluator(fView, fWalker);
	/** chooses the framing and owns the learned ports */
	final PacketBinder fBinder;
	int fPayloadOff;
	int fPayloadLen;
	private int fSrcPort;
	private int fDstPort;
	private int fDstAddr;
	private boolean fHasLayers;
	/** the frame is a record of a record file: one feed message, no framing ({@link #decodeRecord}) */
	private boolean fRecord;
	/** frames this packet covers: 1, or the records of a record file's run ({@link #decodeRecords}) */
	int fFrameSpan = 1;
	/** where a record file's runs are read into; made by the first run */
	private @Nullable RecordRun fRun;
	/** the most records of one run: a few hundred KB of a day file, a few thousand messages */
	static final int RUN_RECORDS = 4096;

	/** absolute offset per framing field of the current layout's header, -1 if absent */
	int[] fFieldAbs = new int[0];
	int fBlockCount;
	int[] fBlockStart = new int[INITIAL_BLOCKS];
	int[] fMsgOff = new int[INITIAL_BLOCKS];
	int[] fMsgLen = new int[INITIAL_BLOCKS];
	int[] fMsgType = new int[INITIAL_BLOCKS];
	/** per message, the derived time's base in force ({@link #NO_BASE} before the stream's first one) */
	long[] fMsgTimeBase = new long[INITIAL_BLOCKS];
	static final long NO_BASE = Long.MIN_VALUE;
	/**
	 * Last base of the derived time per stream (framing, destination, session): the seconds of the last
	 * Time message read on it. Right for frames read in capture order (decode, analysis); a frame looked at
	 * out of order gets the base last read on its stream.
	 */
	private final java.util.HashMap<Long, long[]> fTimeBases = new java.util.HashMap<>();

	FeedPacket(ProtocolSet set, PacketLayers layers) {
		fSet = set;
		fLayers = layers;
		fBinder = new PacketBinder(set, fConditions, fPlainBlocks);
		fCursor = new FeedMessage(this);
	}

	// ================================================================== decoding

	void decode(ByteBuffer frame, int linkType, int frameNumber) {
		reset(frame, frameNumber);
		layersDecoded(fLayers.decode(frame, linkType));
	}

	/**
	 * {@link #decode(ByteBuffer, int, int)} of a frame in an array, [offset, offset + length): the same packet,
	 * with no buffer made unless one is asked for ({@link #buffer()}, the message cursor), so that a reader that
	 * copied a chunk of frames into one array dissects each of them with array loads and no allocation.
	 */
	void decode(byte[] frame, int offset, int length, int linkType, int frameNumber) {
		if (fFused && linkType == LinkType.ETHERNET && fLayers.decodePlain(frame, offset, length, length)) { // bounds first
			reset(null, frameNumber);
			fView.wrap(frame, offset, length);
			fHasLayers = true;
			if (!fusedUdp(frame, offset)) {
				layersDecoded(PacketLayers.Kind.UDP);
				if (fFraming != null) {
					keepPlan();
				}
			}
			fCursorStale = true;
			return;
		}
		PacketLayers.Kind k = fLayers.decode(frame, offset, length, linkType, length); // checks the bounds first
		reset(null, frameNumber);
		fView.wrap(frame, offset, length);
		layersDecoded(k);
	}

	private void layersDecoded(PacketLayers.Kind k) {
		fHasLayers = true;
		if (k == PacketLayers.Kind.NO_LINK) {
			decodeRecord(fLayers.payloadOffset(), fLayers.payloadLength());
		} else if (k == PacketLayers.Kind.UDP) {
			decodeUdp(fLayers.payloadOffset(), fLayers.payloadLength(), fLayers.sourcePort(), fLayers.destinationPort(),
					fLayers.ipDestination());
			if (fFraming != null) {
				fBinder.learn(fLayers.isMulticast(), fLayers.sourcePort(), fLayers.destinationPort(), fKind == PacketKind.MALFORMED);
			}
		}
		fCursorStale = true; // reset when first asked (cursor()): it caches the sequence, a read the analysis needs not
	}

	/** the cursor was not reset since the last decode ({@link #cursor()}) */
	private boolean fCursorStale;

	/**
	 * @return the message cursor, reset for this packet if it was not yet: decoding leaves that to the first reader
	 *         of a message (most packets of an analysis have none); of a frame given as an array, it reads the array
	 *         (no buffer is made for it)
	 */
	private FeedMessage cursor() {
		if (fCursorStale) {
			fCursorStale = false;
			fCursor.reset();
		}
		return fCursor;
	}

	/**
	 * A record of a record file (NASDAQ BinaryFILE): one message of the feed the set says such files hold, no
	 * framing, no addresses. Message i of the file is sequence i, so the frame number is its sequence.
	 */
	private void decodeRecord(int off, int len) {
		fPayloadOff = off;
		fPayloadLen = len;
		fRecord = true;
		Protocol feed = fSet.fRecordFeed;
		if (feed == null) {
			return; // NOT_FEED: the feed the user chose for record files is not installed
		}
		fFeed = feed;
		fKind = PacketKind.DATA;
		addBlock(off, off, len);
		typeMessages(feed);
	}

	/**
	 * The fast path of record files (NASDAQ BinaryFILE day files): the records of {@code frame} and those after it,
	 * as many as one run of the capture holds ({@link CaptureFile#records}), as one packet whose messages are the
	 * records, message i being frame {@code frame + i} (its sequence, as for a record alone). What it saves per
	 * record is what dissecting each frame alone costs: a frame index look-up and a buffer per frame, the layers,
	 * the packet's and the cursor's set-up; the records are typed in one loop, as {@link #plainBlocks} types a
	 * MoldUDP64 packet's blocks.
	 * <p>
	 * It takes only records of which {@link #decodeRecord} would say nothing: a type the record feed knows, the
	 * record exactly its type's length. The run ends before the first other one, and when the first record is one
	 * it takes none (false): the caller then dissects that frame alone, and the general path reports what is wrong
	 * with it. So each message of a run is what its frame dissected alone gives, field for field, with no expert
	 * item (RecordRunsTest compares them on every record of real, generated and damaged day files).
	 *
	 * @return true if a run of at least one record was decoded; false for a capture that is no record file, a
	 *         record feed that is not installed, the fast paths switched off, or a first record that is not plain
	 */
	boolean decodeRecords(CaptureFile capture, int frame) {
		Protocol feed = fSet.fRecordFeed;
		if (feed == null || !fPlainBlocks || feed.fDiscField < 0) {
			return false;
		}
		RecordRun run = fRun;
		if (run == null) {
			fRun = run = new RecordRun(RUN_RECORDS);
		}
		int n = capture.records(frame, run);
		if (n == 0) {
			return false;
		}
		reset(run.buffer(), frame);
		int disc = feed.fDiscField;
		int discOff = feed.fDiscOffset;
		int discReader = feed.fReader[disc];
		int need = discOff + feed.fWidth[disc];
		int unknown = feed.fTypeCount;
		int[] spec = feed.fSpecLength;
		while (fMsgOff.length < n) {
			grow();
		}
		ByteView v = fView;
		int k = 0;
		for (; k < n; k++) {
			int off = run.offset(k);
			int len = run.length(k);
			if (len < need) {
				break;
			}
			int at = off + discOff;
			int t = feed.messageType(discReader == 1 ? v.u8(at) : v.read(at, discReader));
			if (t == unknown || spec[t] != len) {
				break;
			}
			fMsgOff[k] = off; // (no block start: only a framing's blocks have one, a record's tree is its message)
			fMsgLen[k] = len;
			fMsgType[k] = t;
		}
		if (k == 0) {
			return false; // the caller dissects the frame alone (and so resets this packet again)
		}
		fBlockCount = k;
		fFrameSpan = k;
		fRecord = true;
		fHasLayers = false;
		fFeed = feed;
		fKind = PacketKind.DATA;
		fPayloadOff = run.offset(0);
		fPayloadLen = run.offset(k - 1) + run.length(k - 1) - fPayloadOff;
		if (feed.fTimeField >= 0) {
			carryTimeBase(feed); // the same stream key as a record alone: no framing, no addresses
		}
		fCursor.reset();
		return true;
	}

	void decodePayload(ByteBuffer buf, int offset, int length, int srcPort, int dstPort, int dstAddr, int frameNumber) {
		reset(buf, frameNumber);
		fHasLayers = false;
		int len = Math.max(0, Math.min(length, fView.length() - offset));
		decodeUdp(offset, len, srcPort, dstPort, dstAddr);
		fCursor.reset();
	}

	/** @param buf the frame, or null when the caller wraps the view around an array */
	private void reset(@Nullable ByteBuffer buf, int frameNumber) {
		if (buf != null) {
			fBuf = buf;
			fView.wrap(buf);
		} else {
			fBuf = UNMADE;
		}
		fCursorStale = false;
		fDecodes++;
		fFrame = frameNumber;
		fFraming = null;
		fFeed = null;
		fLayout = null;
		fKind = PacketKind.NOT_FEED;
		fBinder.reset();
		fRecord = false;
		fFrameSpan = 1;
		fPayloadOff = fPayloadLen = 0;
		fSrcPort = fDstPort = fDstAddr = 0;
		fBlockCount = 0;
		if (!fExpert.isEmpty()) {
			fExpert.clear();
		}
	}

	private void decodeUdp(int off, int len, int srcPort, int dstPort, int dstAddr) {
		fPayloadOff = off;
		fPayloadLen = len;
		fSrcPort = srcPort;
		fDstPort = dstPort;
		fDstAddr = dstAddr;
		Protocol framing = fBinder.bind(off, len, srcPort, dstPort, dstAddr);
		if (framing == null) {
			return;
		}
		fFraming = framing;
		Protocol chosen = fBinder.fBoundFeed;
		fFeed = chosen != null ? chosen : fSet.fFeedByFraming[fBinder.fFramingIndex];
		Protocol.PacketLayout layout = framing.fPackets[framing.fDefaultPacket];
		for (int k = 0; k < framing.fPackets.length - 1; k++) {
			Protocol.PacketLayout pl = framing.fPackets[k];
			if (fConditions.hold(framing, pl, pl.conds, pl.condValues, off, len)) {
				layout = pl;
				break;
			}
		}
		fLayout = layout;
		if (len < layout.headerLength) {
			headerPlan(framing, null, off);
			fKind = PacketKind.MALFORMED;
			expert(Severity.ERROR, framing.name() + ".header.short", framing.name(), off, len, -1,
					layout.label + " header needs " + layout.headerLength + " bytes, payload has " + len);
			return;
		}
		if (layout != fPlanLayout || framing != fPlanFraming || off != fPlanOff || !fPlainBlocks) {
			headerPlan(framing, layout, off);
		}
		fKind = layout.kind;
		// special values of the count (heartbeat, end of session), the sequence or the session (unsequenced)
		// decide the kind of a data packet, whatever the layout: the description says which value means what
		// the count is read and looked up once for both uses: its special kind here, the blocks it promises below
		int cf = framing.fCountField;
		long countValue = 0;
		PacketKind countKind = null;
		if (cf >= 0 && fFieldAbs[cf] >= 0) {
			countValue = read(framing, cf, fFieldAbs[cf]);
			FieldInfo ci = framing.fFields[cf];
			countKind = ci.hasSpecials() ? ci.specialPacketKind(countValue) : null;
		}
		if (fKind == PacketKind.DATA) {
			PacketKind special = countKind;
			// (a field with no special values has no special kind: asked before the call, which C1 makes per frame)
			int sf = framing.fSequenceField;
			if (special == null && sf >= 0 && framing.fFields[sf].hasSpecials()) {
				special = specialKind(framing, sf);
			}
			sf = framing.fSessionField;
			if (special == null && sf >= 0 && framing.fFields[sf].hasSpecials()) {
				// Cboe: unit 0 carries unsequenced messages
				special = specialKind(framing, sf);
			}
			if (special != null) {
				fKind = special;
			}
		}
		long expected = -1;
		if (layout.countField >= 0 && layout.countField == cf) {
			expected = countKind != null ? 0 : countValue; // fFieldAbs[cf] >= 0: a layout's count is in its header
		} else if (layout.countField >= 0) {
			long count = read(framing, layout.countField, fFieldAbs[layout.countField]);
			FieldInfo ci = framing.fFields[layout.countField];
			expected = ci.specialPacketKind(count) != null ? 0 : count;
		}
		if (layout.trailing == 2) {
			Protocol feed = fFeed;
			if (feed != null && plainBlocks(framing, layout, feed, off, len, expected)) {
				if (feed.fTimeField >= 0) {
					carryTimeBase(feed);
				}
				fPlainPackets++;
				return; // blocks walked and typed, nothing unusual: what the general code below would have found
			}
			blocks(framing, layout, off, len, expected);
		} else if (layout.trailing == 1) {
			int start = off + layout.headerLength;
			int end = off + len;
			int size = end - start;
			if (layout.trailingSize >= 0) {
				long declared = read(framing, layout.trailingSize, fFieldAbs[layout.trailingSize]);
				if (declared > size) {
					FieldInfo sf = framing.fFields[layout.trailingSize];
					expert(Severity.ERROR, sf.name() + ".invalid", sf.name(), fFieldAbs[layout.trailingSize], sf.width(), -1,
							"length " + declared + " overruns the payload: " + size + " bytes left");
				} else {
					size = (int) declared;
				}
			}
			if (layout.trailingHandoff) {
				addBlock(start, start, size);
			}
		} else if (len > layout.headerLength && layout.kind == PacketKind.REQUEST) {
			expert(Severity.WARNING, framing.name() + ".request.extra", framing.name(), off + layout.headerLength,
					len - layout.headerLength, -1, "request packet has " + (len - layout.headerLength) + " bytes after its header");
		}
		if (fFeed != null) {
			typeMessages(fFeed);
		}
	}

	/**
	 * Fills the header-offset table ({@link #fFieldAbs}) for a framing's layout whose header starts at {@code off}:
	 * every field of the framing absent (-1) but the layout's header fields. It depends on nothing else, so
	 * {@link #decodeUdp} refills it only when a packet's plan (framing, layout, payload offset) is not the one
	 * the table holds; a feed's packets mostly share one. With no layout (a header cut short) every field is
	 * absent and no plan is kept.
	 */
	private void headerPlan(Protocol framing, Protocol.@Nullable PacketLayout layout, int off) {
		if (fFieldAbs.length < framing.fFields.length) {
			fFieldAbs = new int[framing.fFields.length];
		}
		Arrays.fill(fFieldAbs, 0, framing.fFields.length, -1);
		if (layout != null) {
			for (int k = 0; k < layout.topFields.length; k++) {
				fFieldAbs[layout.topFields[k]] = off + layout.topOffsets[k];
			}
		}
		fPlanFraming = layout == null ? null : framing;
		fPlanLayout = layout;
		fPlanOff = off;
	}

	/** the plan {@link #fFieldAbs} holds ({@link #headerPlan}); null when none */
	private @Nullable Protocol fPlanFraming;
	private Protocol.@Nullable PacketLayout fPlanLayout;
	private int fPlanOff;

	/** @return the packet kind the header field's value stands for (a special value with "-> KIND"), or null */
	private @Nullable PacketKind specialKind(Protocol framing, int field) {
		if (field < 0 || fFieldAbs[field] < 0) {
			return null;
		}
		FieldInfo fi = framing.fFields[field];
		return fi.hasSpecials() ? fi.specialPacketKind(read(framing, field, fFieldAbs[field])) : null;
	}

	/**
	 * The fast path of the common framing, the plain "u16 big-endian length + message" blocks (MoldUDP64's): one
	 * tight loop that walks the blocks and types their messages, with none of the general walk's per-block
	 * interpretation of the length field (its place, width, byte order, adjustment, smallest value) and no call per
	 * block. It gives up on anything the general code would report or treat apart: a layout of another shape, a
	 * block or length cut short or overrunning, a message too short for its type code, an unknown type, a length
	 * that is not its type's, blocks that disagree with the count. It then leaves the packet as it found it (no
	 * blocks, no expert items) and the caller runs the general walk and typing, which find those things and say
	 * so; so its results are the general code's by construction, and FramingPathsTest compares the two on
	 * every frame of the real captures and on damaged ones.
	 *
	 * @param expected the count the header says (0 for a special count), -1 if the layout has none
	 * @return true if the blocks were walked and typed here, false to leave them to the general code
	 */
	private boolean plainBlocks(Protocol p, Protocol.PacketLayout l, Protocol feed, int off, int len, long expected) {
		if (!fPlainBlocks || l.blockFixed != 2 || l.blockSizeRel != 0 || p.fReader[l.blockSizeField] != 2 || l.blockSizeAdjust != 0
				|| l.blockSizeMin > 0 || feed.fDiscField < 0) {
			return false;
		}
		int disc = feed.fDiscField;
		int discOff = feed.fDiscOffset;
		int discReader = feed.fReader[disc];
		int need = discOff + feed.fWidth[disc];
		int unknown = feed.fTypeCount;
		int[] spec = feed.fSpecLength;
		ByteView v = fView;
		int pos = off + l.headerLength;
		int end = off + len;
		byte[] a = v.array();
		if (a != null && discReader == 1) {
			return plainBlocksArray(a, v.arrayOffset(), feed, pos, end, expected);
		}
		int n = 0;
		while (pos < end) {
			if (pos + 2 > end) {
				return giveUp();
			}
			int size = v.u16(pos);
			int msg = pos + 2;
			if (size > end - msg || size < need) {
				return giveUp();
			}
			int at = msg + discOff;
			int t = feed.messageType(discReader == 1 ? v.u8(at) : v.read(at, discReader));
			if (t == unknown || spec[t] != size) {
				return giveUp();
			}
			if (n == fMsgOff.length) {
				grow();
			}
			fBlockStart[n] = pos;
			fMsgOff[n] = msg;
			fMsgLen[n] = size;
			fMsgType[n] = t;
			n++;
			pos = msg + size;
		}
		if (expected >= 0 && expected != n) {
			return giveUp();
		}
		fBlockCount = n; // once, not per block (giveUp leaves it at the 0 the packet's reset set)
		return true;
	}

	/**
	 * {@link #plainBlocks}' loop for a frame in an array and a one-byte type code (ITCH's), its reads written out as
	 * array loads and the block arrays held in locals: the launcher's compiler (C1) calls every read helper, which
	 * was most of this loop's time there. The same tests in the same order, the same stores; FramingPathsTest holds
	 * it to the general path on heap frames (this loop) and direct ones (the other).
	 */
	private boolean plainBlocksArray(byte[] a, int base, Protocol feed, int pos, int end, long expected) {
		int discOff = feed.fDiscOffset;
		int need = discOff + 1;
		int unknown = feed.fTypeCount;
		int[] spec = feed.fSpecLength;
		int[] byCode = feed.fTypeByCode;
		int[] blockStart = fBlockStart;
		int[] msgOff = fMsgOff;
		int[] msgLen = fMsgLen;
		int[] msgType = fMsgType;
		int n = 0;
		while (pos < end) {
			if (pos + 2 > end) {
				return giveUp();
			}
			int at = base + pos;
			int size = (a[at] & 0xff) << 8 | a[at + 1] & 0xff;
			int msg = pos + 2;
			if (size > end - msg || size < need) {
				return giveUp();
			}
			int code = a[at + 2 + discOff] & 0xff;
			int t = code < byCode.length ? byCode[code] : unknown;
			if (t == unknown || spec[t] != size) {
				return giveUp();
			}
			if (n == msgOff.length) {
				grow();
				blockStart = fBlockStart;
				msgOff = fMsgOff;
				msgLen = fMsgLen;
				msgType = fMsgType;
			}
			blockStart[n] = pos;
			msgOff[n] = msg;
			msgLen[n] = size;
			msgType[n] = t;
			n++;
			pos = msg + size;
		}
		if (expected >= 0 && expected != n) {
			return giveUp();
		}
		fBlockCount = n;
		return true;
	}

	/**
	 * Leaves the packet to the general walk, as if {@link #plainBlocks} had not been tried: it wrote blocks only
	 * into the arrays, past a count of 0 (the packet's reset), so the walk overwrites them.
	 */
	private boolean giveUp() {
		return false;
	}

	/**
	 * Whether the plain-blocks fast path is tried, the header plan and the bindings' last answer kept
	 * ({@link #headerPlan}, {@link PacketBinder}): not when {@code -Dfeedscope.framing=generic} was set as the
	 * packet was made, so that the general path can be run and timed alone beside it in one JVM (the benchmarks,
	 * FramingPathsTest).
	 */
	final boolean fPlainBlocks = !"generic".equals(System.getProperty("feedscope.framing"));
	/** packets whose blocks the fast path walked (for the test that it ran, not only the general code) */
	long fPlainPackets;

	// ================================================================== conversation plans

	/**
	 * What the general path finds for every sound data packet of one conversation (addresses, ports, VLAN tag),
	 * made from its first packet bound by a port or group binding or a learned port: the framing, its feed and
	 * layout, why it was bound, and where the count is. Only for a framing whose data packets are a fixed header
	 * then plain "u16 length + message" blocks ({@link #plainBlocks}' shape), whose sequence and session have no
	 * special values, and a feed whose type code is one byte, so that a packet of the conversation needs no more
	 * than the layout's conditions, its count and the walk of its blocks ({@link #fusedUdp}).
	 */
	static final class ConversationPlan {
		int fSrcAddr;
		int fDstAddr;
		int fPorts;
		int fTag;
		/** 1 + the learned framing's index for a plan made from a learned port, 0 for a port or group binding */
		int fLearned;
		Protocol fFraming;
		Protocol fFeed;
		Protocol.PacketLayout fLayout;
		String fBoundBy;
		int fFramingIndex;
		@Nullable
		Protocol fBoundFeed;
		/** offset of the count in the payload */
		int fCountOff;
		/**
		 * per layout tried before the default one, the payload size its conditions start with (size == N), else -1:
		 * a payload of another size fails that layout's first test, so its conditions need not be asked
		 */
		long[] fSizeEq = new long[0];
		/** the layout's header length, the count's reader, and its field when it has special values (else null) */
		int fHeaderLength;
		int fCountReader;
		@Nullable
		FieldInfo fCountInfo;

		ConversationPlan(Protocol framing, Protocol feed, Protocol.PacketLayout layout, String boundBy) {
			fFraming = framing;
			fFeed = feed;
			fLayout = layout;
			fBoundBy = boundBy;
		}
	}

	/** plans per conversation, direct-mapped ({@link #planSlot}): a capture has a few feed conversations */
	private final @Nullable ConversationPlan[] fPlans = new ConversationPlan[PLANS];
	static final int PLANS = 64;

	/**
	 * Whether a frame in an array is dissected by its conversation's plan ({@link #fusedUdp}): not when
	 * {@code -Dfeedscope.framing=generic} (every fast path off) or {@code unfused} (the others on) was set as the
	 * packet was made, so that the path it stands in for can be run and timed beside it in one JVM.
	 */
	final boolean fFused = fPlainBlocks && !"unfused".equals(System.getProperty("feedscope.framing"));
	/** packets dissected by their conversation's plan (for the test that they were, not only by the general path) */
	long fFusedPackets;
	/** layouts whose conditions a plan asked (for the test that a payload's size spared the others) */
	long fPlanConditions;

	/** @return the slot of a conversation's plan in {@link #fPlans} */
	static int planSlot(int srcAddr, int dstAddr, int ports, int tag) {
		int h = ((srcAddr * 31 + dstAddr) * 31 + ports) * 31 + tag;
		return (h * 0x9E3779B9) >>> 32 - Integer.numberOfTrailingZeros(PLANS);
	}

	/** @return the VLAN id of the frame's one tag, -1 when untagged (a plain frame has at most one) */
	private int tag() {
		return fLayers.vlanCount() == 0 ? -1 : fLayers.vlan(0);
	}

	/**
	 * A plain UDP frame in an array ({@link PacketLayers#decodePlain}) whose conversation has a plan: the packet
	 * {@link #decodeUdp} would make of it, when its layout is the plan's (the layouts' conditions are asked as the
	 * general path asks them), its header is whole, its count not special and {@link #plainBlocksArray} walks its
	 * blocks. What it skips is the binding, the header's special values and the count's second read, and the
	 * learning of a port (a packet bound without a heuristic learns nothing). Anything else leaves the packet as
	 * {@link #reset} did, for the general path (FusedPlanTest compares both on every frame of the captures).
	 *
	 * @return true if the packet was dissected here
	 */
	private boolean fusedUdp(byte[] frame, int base) {
		PacketLayers layers = fLayers;
		int src = layers.ipSource();
		int dst = layers.ipDestination();
		int srcPort = layers.sourcePort();
		int dstPort = layers.destinationPort();
		int ports = srcPort << 16 | dstPort;
		int tag = tag();
		ConversationPlan plan = fPlans[planSlot(src, dst, ports, tag)];
		if (plan == null || plan.fPorts != ports || plan.fDstAddr != dst || plan.fSrcAddr != src || plan.fTag != tag) {
			return false;
		}
		if (plan.fLearned != 0) {
			// learned ports are shared with other dissectors and only ever added: the answer bind would give now
			LearnedBindings learned = fBinder.fLearned;
			if (learned == null) {
				return false;
			}
			byte[] lp = learned.fPorts;
			if ((lp[dstPort] != 0 ? lp[dstPort] : lp[srcPort]) != plan.fLearned) {
				return false;
			}
		}
		Protocol framing = plan.fFraming;
		int off = layers.payloadOffset();
		int len = layers.payloadLength();
		long[] sizeEq = plan.fSizeEq;
		for (int k = 0; k < sizeEq.length; k++) {
			// (MoldUDP64's request: "size == 20 and ...", which a data packet's size fails first)
			if (sizeEq[k] >= 0 && sizeEq[k] != len) {
				continue;
			}
			fPlanConditions++;
			Protocol.PacketLayout pl = framing.fPackets[k];
			if (fConditions.hold(framing, pl, pl.conds, pl.condValues, off, len)) {
				return false; // a layout before the default one, the plan's: the general path's packet
			}
		}
		// the plan's own values, not the framing's and the layout's: each of those was a chain of loads
		Protocol.PacketLayout layout = plan.fLayout;
		if (len < plan.fHeaderLength) {
			return false;
		}
		int countAt = base + off + plan.fCountOff;
		int reader = plan.fCountReader;
		// MoldUDP64's u16: read here, not through the readers' switch (a tenth of this path's samples)
		long count = reader == 2 ? (frame[countAt] & 0xff) << 8 | frame[countAt + 1] & 0xff : fView.read(off + plan.fCountOff, reader);
		FieldInfo ci = plan.fCountInfo;
		if (ci != null && ci.specialPacketKind(count) != null) {
			return false;
		}
		Protocol feed = plan.fFeed;
		if (!plainBlocksArray(frame, base, feed, off + plan.fHeaderLength, off + len, count)) {
			return false;
		}
		fPayloadOff = off;
		fPayloadLen = len;
		fSrcPort = srcPort;
		fDstPort = dstPort;
		fDstAddr = dst;
		fFraming = framing;
		fFeed = feed;
		fLayout = layout;
		fKind = PacketKind.DATA;
		fBinder.bound(plan.fBoundBy, plan.fFramingIndex, plan.fBoundFeed);
		if (layout != fPlanLayout || framing != fPlanFraming || off != fPlanOff) {
			headerPlan(framing, layout, off);
		}
		if (feed.fTimeField >= 0) {
			carryTimeBase(feed);
		}
		fPlainPackets++;
		fFusedPackets++;
		return true;
	}

	/**
	 * After the general path dissected a plain UDP frame of a conversation: keeps its plan when the framing was
	 * bound without a heuristic and is of the plain shape ({@link ConversationPlan}), in the slot of the
	 * conversation (the plan of another one there goes).
	 */
	private void keepPlan() {
		int learned = fBinder.conversationBinding();
		Protocol framing = fFraming;
		Protocol feed = fFeed;
		if (learned < 0 || framing == null || feed == null || framing.fPackets.length == 0) {
			return;
		}
		Protocol.PacketLayout l = framing.fPackets[framing.fDefaultPacket];
		int cf = framing.fCountField;
		if (l.kind != PacketKind.DATA || l.trailing != 2 || l.blockFixed != 2 || l.blockSizeRel != 0
				|| framing.fReader[l.blockSizeField] != 2 || l.blockSizeAdjust != 0 || l.blockSizeMin > 0 || cf < 0
				|| l.countField != cf || feed.fDiscField < 0 || feed.fReader[feed.fDiscField] != 1
				|| framing.fSequenceField >= 0 && framing.fFields[framing.fSequenceField].hasSpecials()
				|| framing.fSessionField >= 0 && framing.fFields[framing.fSessionField].hasSpecials()) {
			return;
		}
		int countOff = -1;
		for (int k = 0; k < l.topFields.length; k++) {
			if (l.topFields[k] == cf) {
				countOff = l.topOffsets[k];
			}
		}
		if (countOff < 0 || countOff + framing.fWidth[cf] > l.headerLength) {
			return;
		}
		PacketLayers layers = fLayers;
		int src = layers.ipSource();
		int dst = layers.ipDestination();
		int ports = layers.sourcePort() << 16 | layers.destinationPort();
		int tag = tag();
		int slot = planSlot(src, dst, ports, tag);
		ConversationPlan plan = fPlans[slot];
		if (plan == null) {
			fPlans[slot] = plan = new ConversationPlan(framing, feed, l, fBinder.boundBy());
		}
		plan.fSrcAddr = src;
		plan.fDstAddr = dst;
		plan.fPorts = ports;
		plan.fTag = tag;
		plan.fLearned = learned;
		plan.fFraming = framing;
		plan.fFeed = feed;
		plan.fLayout = l;
		plan.fBoundBy = fBinder.boundBy();
		plan.fFramingIndex = fBinder.fFramingIndex;
		plan.fBoundFeed = fBinder.fBoundFeed;
		plan.fCountOff = countOff;
		plan.fHeaderLength = l.headerLength;
		plan.fCountReader = framing.fReader[cf];
		plan.fCountInfo = framing.fFields[cf].hasSpecials() ? framing.fFields[cf] : null;
		int others = framing.fPackets.length - 1;
		if (plan.fSizeEq.length != others) {
			plan.fSizeEq = new long[others];
		}
		for (int k = 0; k < others; k++) {
			Protocol.PacketLayout pl = framing.fPackets[k];
			boolean size = pl.condValues.length > 0 && pl.conds[0] == Protocol.C_SIZE && pl.conds[2] == Protocol.OP_EQ;
			plan.fSizeEq[k] = size ? pl.condValues[0] : -1;
		}
	}

	/** The message blocks of a repeat (the walker), then whether they agree with the count. */
	private void blocks(Protocol p, Protocol.PacketLayout l, int off, int len, long expected) {
		fWalker.walk(p, l, off, len, fBlockSink);
		if (expected >= 0 && expected != fBlockCount) {
			FieldInfo ci = p.fFields[l.countField];
			String special = ci.specialLabel(read(p, l.countField, fFieldAbs[l.countField]));
			expert(Severity.ERROR, ci.name() + ".invalid", ci.name(), fFieldAbs[l.countField], ci.width(), -1,
					special != null ? special + " packet carries " + fBlockCount + " message block(s)"
							: "count says " + expected + ", payload holds " + fBlockCount + " message block(s)");
		}
	}

	private void addBlock(int blockStart, int msgOff, int msgLen) {
		int n = fBlockCount;
		if (n == fBlockStart.length) {
			grow();
		}
		fBlockStart[n] = blockStart;
		fMsgOff[n] = msgOff;
		fMsgLen[n] = msgLen;
		fBlockCount = n + 1;
	}

	/** Doubles the room for message blocks. */
	private void grow() {
		int cap = fBlockStart.length * 2;
		fBlockStart = Arrays.copyOf(fBlockStart, cap);
		fMsgOff = Arrays.copyOf(fMsgOff, cap);
		fMsgLen = Arrays.copyOf(fMsgLen, cap);
		fMsgType = Arrays.copyOf(fMsgType, cap);
		fMsgTimeBase = Arrays.copyOf(fMsgTimeBase, cap);
	}

	/** Types every message and checks its length: cheap, so expert items are complete without iterating. */
	private void typeMessages(Protocol feed) {
		typeEach(feed);
		if (feed.fTimeField >= 0) {
			carryTimeBase(feed);
		}
	}

	/** The derived time's base for each message: the stream's last one, updated by the messages that carry one. */
	private void carryTimeBase(Protocol feed) {
		Protocol framing = fFraming;
		long key = (long) fBinder.fFramingIndex * 0x9E3779B97F4A7C15L ^ ((long) fDstAddr << 16 | fDstPort);
		if (framing != null && framing.fSessionField >= 0 && fFieldAbs[framing.fSessionField] >= 0) {
			int abs = fFieldAbs[framing.fSessionField];
			for (int k = 0; k < framing.fWidth[framing.fSessionField] && abs + k < fView.length(); k++) {
				key = key * 31 + fView.u8(abs + k);
			}
		}
		long[] state = fTimeBases.get(key);
		long base = state == null ? NO_BASE : state[0];
		int bf = feed.fTimeBase;
		int fields = feed.fFields.length;
		for (int k = 0; k < fBlockCount; k++) {
			int t = fMsgType[k];
			int o = feed.fOffsets[t * fields + bf];
			if (o >= 0 && o + feed.fWidth[bf] <= fMsgLen[k] && t < feed.fTypeCount) {
				base = read(feed, bf, fMsgOff[k] + o);
			}
			fMsgTimeBase[k] = base;
		}
		if (base != NO_BASE) {
			if (state == null) {
				fTimeBases.put(key, new long[] { base });
			} else {
				state[0] = base;
			}
		}
	}

	private void typeEach(Protocol feed) {
		int disc = feed.fDiscField;
		for (int k = 0; k < fBlockCount; k++) {
			int len = fMsgLen[k];
			if (disc < 0) {
				fMsgType[k] = feed.fTypeCount;
				continue;
			}
			int dw = feed.fWidth[disc];
			if (len < feed.fDiscOffset + dw) {
				fMsgType[k] = feed.fTypeCount;
				FieldInfo di = feed.fFields[disc];
				expert(Severity.ERROR, feed.name() + ".message.short", di.name(), fMsgOff[k], len, k,
						"message of " + len + " bytes has no room for its " + di.displayName());
				continue;
			}
			long code = read(feed, disc, fMsgOff[k] + feed.fDiscOffset);
			int t = feed.messageType(code);
			fMsgType[k] = t;
			if (t == feed.fTypeCount) {
				FieldInfo di = feed.fFields[disc];
				expert(Severity.WARNING, di.name() + ".unknown", di.name(), fMsgOff[k] + feed.fDiscOffset, dw, k,
						"unknown " + di.displayName() + " " + di.format(code) + ": decoded as " + feed.fTypeLabels[t]);
				continue;
			}
			int spec = feed.fSpecLength[t];
			if (len < spec) {
				expert(Severity.ERROR, feed.name() + ".message.short", feed.name(), fMsgOff[k], len, k,
						feed.fTypeLabels[t] + " needs " + spec + " bytes, the block holds " + len);
			} else if (len > spec) {
				expert(Severity.WARNING, feed.name() + ".message.long", feed.name(), fMsgOff[k] + spec, len - spec, k,
						feed.fTypeLabels[t] + " is " + spec + " bytes, the block holds " + len + " (trailing bytes ignored)");
			}
		}
	}

	// ================================================================== binding

	// ================================================================== reading

	/** Reads an integer field at an index of the frame (no bounds check: callers check, see {@link ByteView}). */
	final long read(Protocol p, int field, int abs) {
		return fView.read(abs, p.fReader[field]);
	}

	/**
	 * Reads an integer of a big-endian frame buffer with a reader code (width | 0x10 if little-endian): for the
	 * message cursor and the protocols, which read the buffer itself ({@link ByteView#read(int, int)}).
	 */
	static long read(ByteBuffer b, int abs, int reader) {
		return ByteView.read(b, abs, reader);
	}

	private void expert(Severity s, String id, String field, int offset, int length, int message, String reason) {
		fExpert.add(new ExpertItem(s, id, field, fFrame, offset, length, message, reason));
	}

	// ================================================================== public view

	/** @return the frame number given to the dissector (of a record file's run: its first record's) */
	public int frame() {
		return fFrame;
	}

	/**
	 * @return the frames this packet covers: 1, but for a run of a record file's records
	 *         ({@link FeedDissector#dissectFrames}), one message per frame from {@link #frame()} on
	 */
	public int frameSpan() {
		return fFrameSpan;
	}

	/** @return the frame bytes (big-endian, absolute offsets); of a record file's run, the bytes its records lie in */
	public ByteBuffer buffer() {
		ByteBuffer b = fBuf;
		if (b == UNMADE) {
			fBuf = b = fView.buffer(); // a frame decoded from an array: a buffer over it, made once, when asked
		}
		return b;
	}

	/** @return the link-layer decode of this frame (addresses, VLANs); meaningless after {@link FeedDissector#dissectPayload} */
	public PacketLayers layers() {
		return fLayers;
	}

	/** @return what the frame is */
	public PacketKind kind() {
		return fKind;
	}

	/** @return the framing protocol (moldudp64, moldudp), or null when {@link #kind()} is NOT_FEED */
	public @Nullable Protocol protocol() {
		return fFraming;
	}

	/** @return the framing protocol's name, {@link #RECORD} for a record of a record file, or "none" */
	public String protocolName() {
		Protocol p = fFraming;
		return p != null ? p.name() : fRecord && fFeed != null ? RECORD : "none";
	}

	/** What {@link #protocolName()} says of a record of a record file (NASDAQ BinaryFILE), which has no framing. */
	public static final String RECORD = "binaryfile";

	/**
	 * @return true if the frame is a record of a record file (NASDAQ BinaryFILE, link type FEEDSCOPE_BINARY_FILE):
	 *         one message of {@link ProtocolSet#recordFeed()}, no framing, its sequence the frame number
	 */
	public boolean isRecord() {
		return fRecord;
	}

	/** @return the feed protocol decoding the messages (itch50), or null */
	public @Nullable Protocol feedProtocol() {
		return fFeed;
	}

	/** @return the packet layout's name ("downstream", "request"), empty if none */
	public String layoutName() {
		Protocol.PacketLayout l = fLayout;
		return l == null ? "" : l.name;
	}

	/** @return why this framing protocol was chosen ("port binding", "heuristic 'strict' (score 90)"), empty if none */
	public String boundBy() {
		return fBinder.boundBy();
	}

	/**
	 * @return true when a heuristic chose the framing ({@link #boundBy()} starts with "heuristic"), without making
	 *         that text: for readers that ask it of every frame
	 */
	public boolean boundByHeuristic() {
		return fBinder.byHeuristic();
	}

	/** @return offset of the UDP payload in the frame */
	public int payloadOffset() {
		return fPayloadOff;
	}

	/** @return length of the UDP payload present */
	public int payloadLength() {
		return fPayloadLen;
	}

	public int sourcePort() {
		return fSrcPort;
	}

	public int destinationPort() {
		return fDstPort;
	}

	/** @return IPv4 source as a big-endian int (0 after {@link FeedDissector#dissectPayload}) */
	public int sourceAddress() {
		return fHasLayers ? fLayers.ipSource() : 0;
	}

	/** @return IPv4 destination as a big-endian int */
	public int destinationAddress() {
		return fDstAddr;
	}

	private boolean headerRead() {
		return fFraming != null && fKind != PacketKind.MALFORMED;
	}

	/** @return true if the framing protocol has a session field and the header was read */
	public boolean hasSession() {
		Protocol p = fFraming;
		return headerRead() && p != null && p.fSessionField >= 0 && fFieldAbs[p.fSessionField] >= 0;
	}

	/**
	 * The session as people and the faces see it, whatever its type: ASCII text with the right padding trimmed
	 * (MoldUDP64 "000004711B"), a number as its field formats it (PITCH unit 9: "9"). Allocates.
	 *
	 * @return the session, empty if the packet has none
	 */
	public String session() {
		Protocol p = fFraming;
		if (!hasSession() || p == null) {
			return "";
		}
		int f = p.fSessionField;
		if (p.fType[f] != Protocol.T_ASCII) {
			// a number (Cboe PITCH: the unit): its value as its field formats it, not its bytes as characters
			return p.fFields[f].format(read(p, f, fFieldAbs[f]));
		}
		byte[] b = new byte[p.fWidth[f]];
		fView.getBytes(fFieldAbs[f], b, 0, b.length);
		return new String(b, StandardCharsets.ISO_8859_1).stripTrailing();
	}

	/** @return the field that holds the session ({@link FieldRole#SESSION}), null if the framing has none */
	public @Nullable FieldInfo sessionField() {
		Protocol p = fFraming;
		return p == null || p.fSessionField < 0 ? null : p.fFields[p.fSessionField];
	}

	/** @return the field that holds the sequence number ({@link FieldRole#SEQUENCE}), null if the framing has none */
	public @Nullable FieldInfo sequenceField() {
		Protocol p = fFraming;
		return p == null || p.fSequenceField < 0 ? null : p.fFields[p.fSequenceField];
	}

	/** @return the field that holds the message count ({@link FieldRole#COUNT}), null if the framing has none */
	public @Nullable FieldInfo countField() {
		Protocol p = fFraming;
		return p == null || p.fCountField < 0 ? null : p.fFields[p.fCountField];
	}

	/** @return the derived per-message sequence field ({@code moldudp64.msgseq}), null if the framing has none */
	public @Nullable FieldInfo messageSequenceField() {
		Protocol p = fFraming;
		return p == null || p.fMsgseqField < 0 ? null : p.fFields[p.fMsgseqField];
	}

	/**
	 * The count as people read it: the number of messages, or the special value's label when the description
	 * names the value (MoldUDP64 0 "Heartbeat", 0xFFFF "End of Session"). Never a number the packet does not hold.
	 *
	 * @return the text, empty if the packet has no count
	 */
	public String countText() {
		Protocol p = fFraming;
		int c = count();
		if (c < 0 || p == null) {
			return "";
		}
		String label = p.fFields[p.fCountField].specialLabel(c);
		return label != null ? label : Integer.toString(c);
	}

	/**
	 * Copies the raw session bytes (no allocation; for keying streams).
	 *
	 * @param dst at least as long as the session field (10 for MoldUDP64)
	 * @return number of bytes copied, 0 if the packet has no session
	 */
	public int copySession(byte[] dst) {
		Protocol p = fFraming;
		if (!hasSession() || p == null) {
			return 0;
		}
		int f = p.fSessionField;
		int w = Math.min(p.fWidth[f], dst.length);
		fView.getBytes(fFieldAbs[f], dst, 0, w);
		return w;
	}

	/**
	 * Whether the raw session bytes are {@code bytes}[0, n), as {@link #copySession(byte[])} into an array as long
	 * as {@code bytes} would give them (n its answer, the bytes those it copied), compared where they lie: for a
	 * reader that keys streams by session and meets the same one packet after packet, which then neither copies
	 * nor compares byte by byte.
	 *
	 * @param bytes a session copied before
	 * @param n its length, 0 for no session (any other value, -1 for none yet, is not this packet's)
	 * @return true if {@link #copySession(byte[])} would copy n bytes, and the same
	 */
	public boolean sameSession(byte[] bytes, int n) {
		Protocol p = fFraming;
		if (!hasSession() || p == null) {
			return n == 0;
		}
		int f = p.fSessionField;
		int w = Math.min(p.fWidth[f], bytes.length);
		if (w != n) {
			return false;
		}
		int abs = fFieldAbs[f];
		byte[] a = fView.array();
		if (a != null) {
			int at = fView.arrayOffset() + abs;
			return Arrays.equals(a, at, at + w, bytes, 0, w);
		}
		for (int i = 0; i < w; i++) {
			if ((byte) fView.u8(abs + i) != bytes[i]) {
				return false;
			}
		}
		return true;
	}

	/** @return sequence number of the first message (MoldUDP64: 8 bytes big-endian), -1 if none */
	public long sequence() {
		if (fRecord) {
			return fFeed == null ? -1 : fFrame; // message i of the file is sequence i
		}
		Protocol p = fFraming;
		if (!headerRead() || p == null || p.fSequenceField < 0 || fFieldAbs[p.fSequenceField] < 0) {
			return -1;
		}
		int f = p.fSequenceField;
		int abs = fFieldAbs[f];
		byte[] a = fView.array();
		if (a != null && p.fReader[f] == 8) {
			// MoldUDP64's, asked of every packet by the analysis: read here, not through three calls under C1
			int at = fView.arrayOffset() + abs;
			int hi = a[at] << 24 | (a[at + 1] & 0xff) << 16 | (a[at + 2] & 0xff) << 8 | a[at + 3] & 0xff;
			int lo = a[at + 4] << 24 | (a[at + 5] & 0xff) << 16 | (a[at + 6] & 0xff) << 8 | a[at + 7] & 0xff;
			return (long) hi << 32 | lo & 0xffffffffL;
		}
		return read(p, f, abs);
	}

	/**
	 * @return the message count as written in the header (raw: 0 heartbeat, 0xFFFF end of session), -1 if none; a
	 *         record's 1 (a run's: its records)
	 */
	public int count() {
		if (fRecord) {
			return fFeed == null ? -1 : fBlockCount;
		}
		Protocol p = fFraming;
		if (!headerRead() || p == null || p.fCountField < 0 || fFieldAbs[p.fCountField] < 0) {
			return -1;
		}
		return (int) read(p, p.fCountField, fFieldAbs[p.fCountField]);
	}

	/** @return number of message blocks actually present and walked (may differ from {@link #count()}: see expert items) */
	public int messageCount() {
		return fBlockCount;
	}

	/** @return true if the framing field is in this packet's header */
	public boolean has(int fieldId) {
		Protocol p = fFraming;
		return headerRead() && p != null && p.owns(fieldId) && fFieldAbs[fieldId & 0xffff] >= 0;
	}

	/**
	 * Reads a framing header field by id (e.g. {@code moldudp64.sequence}).
	 *
	 * @return the unsigned value (as a long; 8-byte values compare unsigned), 0 if absent
	 */
	public long getLong(int fieldId) {
		if (!has(fieldId)) {
			return 0;
		}
		Protocol p = fFraming;
		int f = fieldId & 0xffff;
		return p == null ? 0 : read(p, f, fFieldAbs[f]);
	}

	/** @return a framing text field (session) trimmed, empty if absent */
	public String getString(int fieldId) {
		if (!has(fieldId)) {
			return "";
		}
		Protocol p = fFraming;
		int f = fieldId & 0xffff;
		byte[] b = new byte[Math.max(0, p == null ? 0 : p.fWidth[f])];
		fView.getBytes(fFieldAbs[f], b, 0, b.length);
		return new String(b, StandardCharsets.ISO_8859_1).stripTrailing();
	}

	/** @return the message cursor, positioned before the first message (call {@link FeedMessage#next()}) */
	public FeedMessage messages() {
		FeedMessage c = cursor();
		c.rewind(); // its header values were cached when this packet was decoded (or just now)
		return c;
	}

	/**
	 * The type code of message {@code i} without moving the cursor: what {@link FeedMessage#typeCode()} gives
	 * for it (ITCH: the ASCII letter), from the types found while decoding; the wire is read again only for
	 * a type the description does not know.
	 *
	 * @param i 0-based message index, below {@link #messageCount()}
	 * @return the code, -1 if the message has no room for it (or there is no feed protocol)
	 */
	public int messageTypeCode(int i) {
		Protocol f = fFeed;
		if (f == null || f.fDiscField < 0 || i < 0 || i >= fBlockCount || f.fDiscOffset + f.fWidth[f.fDiscField] > fMsgLen[i]) {
			return -1;
		}
		int t = fMsgType[i];
		return t < f.fTypeCount ? (int) f.fTypeCodes[t] : (int) read(f, f.fDiscField, fMsgOff[i] + f.fDiscOffset);
	}

	/**
	 * @param index 0-based message index
	 * @return the message cursor positioned on that message
	 * @throws IndexOutOfBoundsException if index is not in [0, messageCount())
	 */
	public FeedMessage message(int index) {
		if (index < 0 || index >= fBlockCount) {
			throw new IndexOutOfBoundsException("message " + index + " of " + fBlockCount);
		}
		FeedMessage c = cursor();
		c.moveTo(index);
		return c;
	}

	/** @return expert items of this packet and its messages (empty list shared when none; do not keep) */
	public List<ExpertItem> expertItems() {
		return fExpert.isEmpty() ? Collections.emptyList() : Collections.unmodifiableList(fExpert);
	}

	/** @return the worst severity among the expert items, null if none */
	public @Nullable Severity worstSeverity() {
		Severity worst = null;
		for (ExpertItem e : fExpert) {
			if (worst == null || e.severity().compareTo(worst) > 0) {
				worst = e.severity();
			}
		}
		return worst;
	}

	/**
	 * Visits the whole packet: the framing protocol as a group (header fields), each message block as
	 * a group (block fields, the derived message sequence, then the feed message as a group).
	 */
	public void accept(FieldVisitor v) {
		ByteBuffer buf = buffer(); // made now if the frame was decoded from an array
		Protocol p = fFraming;
		Protocol.PacketLayout l = fLayout;
		if (fRecord && fFeed != null) {
			// a record: the message alone, as a group of its own (a run's records: one group each)
			for (int b = 0; b < fBlockCount; b++) {
				cursor().moveTo(b);
				fCursor.acceptMessage(v, fValue);
			}
			return;
		}
		if (p == null || l == null) {
			return;
		}
		fValue.setGroup(p.name(), p.displayName() + (l.label.isEmpty() ? "" : ", " + l.label), buf, fPayloadOff, fPayloadLen);
		v.beginGroup(fValue);
		int end = fPayloadOff + fPayloadLen;
		for (int k = 0; k < l.topFields.length; k++) {
			int f = l.topFields[k];
			int abs = fPayloadOff + l.topOffsets[k];
			visitField(v, p, f, abs, end, buf);
		}
		for (int b = 0; b < fBlockCount; b++) {
			int bEnd = fMsgOff[b] + fMsgLen[b];
			if (l.trailing == 2) {
				fValue.setGroup(p.name() + ".msgblock", "Message Block " + (b + 1), buf, fBlockStart[b], bEnd - fBlockStart[b]);
				v.beginGroup(fValue);
				for (int k = 0; k < l.blockFields.length; k++) {
					visitField(v, p, l.blockFields[k], fBlockStart[b] + l.blockOffsets[k], end, buf);
				}
			}
			if (p.fMsgseqField >= 0) {
				fValue.setField(p.fFields[p.fMsgseqField], buf, fBlockStart[b], 0, sequence() + b, true);
				v.field(fValue);
			}
			Protocol feed = fFeed;
			boolean handoff = l.trailing == 2 ? l.blockHandoff : l.trailingHandoff;
			if (feed != null && handoff) {
				cursor().moveTo(b);
				fCursor.acceptMessage(v, fValue);
			} else {
				int bf = l.trailing == 2 ? l.blockBytesField : l.trailingField;
				if (bf >= 0) {
					fValue.setField(p.fFields[bf], buf, fMsgOff[b], fMsgLen[b], 0, true);
					v.field(fValue);
				}
			}
			if (l.trailing == 2) {
				v.endGroup();
			}
		}
		v.endGroup();
	}

	private void visitField(FieldVisitor v, Protocol p, int f, int abs, int end, ByteBuffer buf) {
		int w = p.fWidth[f];
		boolean present = abs + w <= end;
		long value = present && p.fType[f] != Protocol.T_ASCII ? read(p, f, abs) : 0;
		// a field beyond the bytes present is shown at the end of the payload with the length that is there
		fValue.setField(p.fFields[f], buf, Math.min(abs, end), present ? w : Math.max(0, end - abs), value, present);
		v.field(fValue);
	}

	@Override
	public String toString() {
		return "frame " + fFrame + ": " + protocolName() + " " + fKind + (headerRead() ? " seq " + sequence() + " count " + count() : "")
				+ " messages " + fBlockCount + (fExpert.isEmpty() ? "" : " " + fExpert);
	}
}
