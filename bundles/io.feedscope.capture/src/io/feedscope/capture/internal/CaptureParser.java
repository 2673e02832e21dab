package io.feedscope.capture.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureInterface;
import io.feedscope.capture.CaptureSection;

/**
 * The one pcap/pcapng record parser: headers, byte orders, sections, interfaces (if_tsresol, if_tsoffset),
 * packet records and blocks, and every problem with its file offset and frame number. Written once and used
 * by both readers, so that they cannot disagree: the index ({@link ParsedCapture}, over a
 * {@link MappedFile}) and the single pass of {@link io.feedscope.capture.StreamedCapture} (over a
 * {@link StreamInput}).
 * <p>
 * A pull parser: {@link #next()} reads up to the next frame and leaves it in the {@code frame*} accessors
 * (where its bytes are in the file, time, lengths, interface, comment); interfaces, sections and problems
 * go to the {@link Sink} as they are met. After damage that stops reading (a record that cannot be
 * framed), {@link #next()} returns false for good.
 */
public abstract class CaptureParser {

	/** What a reader keeps besides frames. */
	public interface Sink {
		/** @param frame 1-based frame concerned, 0 if none */
		void problem(long offset, int frame, String message);

		void addInterface(CaptureInterface i);

		void addSection(CaptureSection s);
	}

	/** Called before each record with its offset: the index reports progress and checks for cancellation. */
	@FunctionalInterface
	public interface RecordHook {
		RecordHook NONE = offset -> {
			// nobody follows
		};

		void at(long offset) throws InterruptedIOException;
	}

	/** Java arrays stop a little below Integer.MAX_VALUE elements; frame numbers are ints. */
	static final int MAX_FRAMES = FrameIndex.MAX_FRAMES;

	protected final RecordInput fIn;
	protected final Sink fSink;
	protected final RecordHook fHook;
	/** bytes of the file that may be read; grows in follow mode ({@link #grownTo(long)}) */
	protected long fSize;
	/**
	 * Follow mode (a file another process is still writing): the end of the file, or a record it cuts, means
	 * "wait for more bytes" rather than the end or damage; see {@link #follow(boolean)}
	 */
	protected boolean fFollow;
	/** offset of the next record */
	protected long fPos;
	/** true once reading stopped (end of file or damage) */
	protected boolean fDone;
	/** frames handed out so far */
	protected int fFrames;

	/** per global interface (index in the sink's interface list): link type, local id */
	protected int[] fLinkTypes = new int[4];
	protected int[] fLocalIds = new int[4];
	protected int fInterfaceCount;

	// the current frame
	protected long fDataOffset;
	protected long fTime;
	protected int fCapLen;
	protected int fOrigLen;
	protected int fInterface;
	protected boolean fHasTime = true;
	protected @Nullable String fComment;

	CaptureParser(RecordInput in, Sink sink, RecordHook hook) {
		fIn = in;
		fSink = sink;
		fHook = hook;
		fSize = in.size();
	}

	/**
	 * The parser for a file's first 4 bytes.
	 *
	 * @return the parser, or null if the magic is neither pcap's nor pcapng's
	 */
	public static @Nullable CaptureParser create(RecordInput in, Sink sink, RecordHook hook) {
		int magic = magic(in);
		if (PcapParser.isPcapMagic(magic)) {
			return new PcapParser(in, sink, hook);
		}
		if (PcapngParser.isPcapngMagic(magic)) {
			return new PcapngParser(in, sink, hook);
		}
		return null;
	}

	/** @return the first 4 bytes, big-endian, 0 for a shorter file */
	public static int magic(RecordInput in) {
		if (in.size() < 4) {
			return 0;
		}
		in.ensure(0, 4);
		return in.getInt(0, ByteOrder.BIG_ENDIAN);
	}

	/** @return true if the file starts with a pcap or pcapng magic */
	public static boolean isMagic(int magic) {
		return PcapParser.isPcapMagic(magic) || PcapngParser.isPcapngMagic(magic);
	}

	/**
	 * @return the format of a file that starts with a pcap or pcapng magic
	 * @throws IllegalArgumentException for other files
	 */
	public static CaptureFormat formatOf(RecordInput in) {
		int magic = magic(in);
		if (PcapngParser.isPcapngMagic(magic)) {
			return CaptureFormat.PCAPNG;
		}
		if (!PcapParser.isPcapMagic(magic)) {
			throw new IllegalArgumentException(String.format("not a pcap or pcapng magic: %08x", magic));
		}
		return magic == PcapParser.MAGIC_NS || Integer.reverseBytes(magic) == PcapParser.MAGIC_NS
				? CaptureFormat.PCAP_NS
				: CaptureFormat.PCAP;
	}

	/**
	 * Follow mode on or off. On: {@link #next()} returns false at the end of the file, and at a record the
	 * end cuts, without ending reading or reporting a problem: after {@link #grownTo(long)} it reads on from
	 * there. Turned off once the writer is done, a record still cut is damage again.
	 */
	public final void follow(boolean on) {
		fFollow = on;
	}

	/**
	 * Follow mode: the file now holds {@code size} bytes, the ones before unchanged (a capture tool only
	 * appends). A stop at damage stays a stop.
	 */
	public final void grownTo(long size) {
		if (size > fSize) {
			fSize = size;
		}
	}

	/** @return the container format */
	public abstract CaptureFormat format();

	/**
	 * Reads up to the next frame.
	 *
	 * @return false at the end of the file or at damage that stops reading (then told to the sink)
	 * @throws InterruptedIOException if the hook canceled
	 */
	public abstract boolean next() throws IOException;

	/**
	 * {@link #next()} for a run of plain records that lie whole in a copy of the file, for a reader that copies the
	 * file's bytes anyway (FrameChunks: a chunk's frames go to one array) and so reads their headers from the copy
	 * with array loads instead of reading each header from the file. A record is plain when {@link #next()} would
	 * read it with nothing to say and nothing to keep but the frame: within the file, its lengths plausible (pcapng:
	 * its block framed, its interface defined, no comment and no option that needs reading). The run stops before the
	 * first record that is not whole in the copy (then {@link #plainNeed()} says up to where the copy must reach) or
	 * not plain (then {@link #next()} reads and reports it: damage, and pcapng's section and interface blocks, which
	 * change the state the run reads frames with). The frames walked are those {@link #next()} gives, numbers, times,
	 * interfaces and link types included, and the parser stands after them as after {@link #next()}.
	 *
	 * @param bytes the file's bytes from {@code base} on, {@code available} of them ({@code base <= }
	 *        {@link #position()}, {@code base + available <=} the file's size)
	 * @param max the most records to walk
	 * @param r where the records go, the first walked at {@code at}
	 * @return the records walked, 0 if none
	 */
	public int nextPlain(byte[] bytes, long base, int available, int max, Records r, int at) {
		fPlainNeed = 0;
		return 0;
	}

	/**
	 * Where an override of {@link #nextPlain} starts: nothing needed yet, and whether a run may start here at all
	 * (not at the end, not following a growing file, no record hook that must see each record, the copy reaching
	 * back to where this parser stands).
	 */
	protected final boolean plainRunMayStart(long base) {
		fPlainNeed = 0;
		return !fDone && !fFollow && fHook == RecordHook.NONE && fPos >= base;
	}

	/** The arrays {@link #nextPlain} fills, one entry per frame (those of a chunk of frames). */
	public static final class Records {
		public final int[] frame;
		public final long[] time;
		public final boolean[] hasTime;
		/** interface id within its section, as {@link #frameLocalInterface()} */
		public final int[] localInterface;
		public final int[] linkType;
		public final int[] capLen;
		public final int[] origLen;
		/** file offset of the frame's bytes */
		public final long[] offset;

		public Records(int[] frame, long[] time, boolean[] hasTime, int[] localInterface, int[] linkType, int[] capLen,
				int[] origLen, long[] offset) {
			this.frame = frame;
			this.time = time;
			this.hasTime = hasTime;
			this.localInterface = localInterface;
			this.linkType = linkType;
			this.capLen = capLen;
			this.origLen = origLen;
			this.offset = offset;
		}
	}

	/** set by {@link #nextPlain}: the file offset the copy must reach for the next record, 0 if more bytes would not help */
	protected long fPlainNeed;

	/** @return after {@link #nextPlain}: the file offset up to which the copy must reach to walk on, 0 when more would not help */
	public final long plainNeed() {
		return fPlainNeed;
	}

	protected final void problem(long offset, int frame, String message) {
		fSink.problem(offset, frame, message);
	}

	protected final void interfaceAdded(CaptureInterface i) {
		int id = fInterfaceCount;
		if (id == fLinkTypes.length) {
			fLinkTypes = Arrays.copyOf(fLinkTypes, id * 2);
			fLocalIds = Arrays.copyOf(fLocalIds, id * 2);
		}
		fLinkTypes[id] = i.linkType();
		fLocalIds[id] = i.localId();
		fInterfaceCount = id + 1;
		fSink.addInterface(i);
	}

	/** @return file offset of the next record to read */
	public final long position() {
		return fPos;
	}

	/** @return frames read so far; the current one's number after {@link #next()} returned true */
	public final int frames() {
		return fFrames;
	}

	/** @return file offset of the current frame's bytes */
	public final long frameOffset() {
		return fDataOffset;
	}

	/** @return capture time in ns since the epoch, 0 without one */
	public final long frameTime() {
		return fTime;
	}

	/** @return false for a frame without time (pcapng Simple Packet Block) */
	public final boolean frameHasTime() {
		return fHasTime;
	}

	public final int frameCapturedLength() {
		return fCapLen;
	}

	public final int frameOriginalLength() {
		return fOrigLen;
	}

	/** @return the frame's interface: its index among all interfaces of the file (all sections) */
	public final int frameInterface() {
		return fInterface;
	}

	/** @return the frame's interface id as in the file (within its section) */
	public final int frameLocalInterface() {
		return fLocalIds[fInterface];
	}

	public final int frameLinkType() {
		return fLinkTypes[fInterface];
	}

	/** @return the frame's comments joined by newlines, or null */
	public final @Nullable String frameComment() {
		return fComment;
	}
}
