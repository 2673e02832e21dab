package io.feedscope.dissect;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.feedscope.capture.LinkType;

/**
 * Splits the bulk decode's cost into its parts for the benchmarks (in the dissect package of this benchmark
 * module only, to reach the decoder the bundle keeps package-private): the message cursor alone, and the
 * protocol's decoder alone on messages found beforehand (no framing, no cursor), on the same frames as the
 * other benchmarks and on heap copies of them.
 */
public final class DecodeParts {

	private final FeedDissector fDissector;
	private final ByteBuffer[] fFrames;
	private final ByteBuffer[] fBuf;
	private final ByteBuffer[] fHeap;
	private final int[] fOff;
	private final int[] fType;
	private final MessageDecoder fDecoder;
	/** the same messages ordered by type: the type switch then always guesses right (what a mispredict costs) */
	private final ByteBuffer[] fSortedBuf;
	private final int[] fSortedOff;
	private final int[] fSortedType;

	public DecodeParts(FeedDissector dissector, ByteBuffer[] frames) {
		fDissector = dissector;
		fFrames = frames;
		List<ByteBuffer> bufs = new ArrayList<>();
		List<ByteBuffer> heap = new ArrayList<>();
		List<int[]> msgs = new ArrayList<>();
		MessageDecoder decoder = null;
		for (ByteBuffer f : frames) {
			ByteBuffer h = ByteBuffer.allocate(f.limit()).put(0, f, 0, f.limit());
			FeedPacket p = dissector.dissect(f, LinkType.ETHERNET, 0);
			FeedMessage m = p.messages();
			while (m.next()) {
				Protocol feed = m.protocol();
				decoder = feed.fDecoder;
				bufs.add(f);
				heap.add(h);
				msgs.add(new int[] { m.offset(), m.type() });
			}
		}
		fBuf = bufs.toArray(ByteBuffer[]::new);
		fHeap = heap.toArray(ByteBuffer[]::new);
		fOff = msgs.stream().mapToInt(a -> a[0]).toArray();
		fType = msgs.stream().mapToInt(a -> a[1]).toArray();
		fDecoder = decoder;
		Integer[] order = new Integer[fOff.length];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> fType[i]));
		fSortedBuf = new ByteBuffer[order.length];
		fSortedOff = new int[order.length];
		fSortedType = new int[order.length];
		for (int i = 0; i < order.length; i++) {
			fSortedBuf[i] = fBuf[order[i]];
			fSortedOff[i] = fOff[order[i]];
			fSortedType[i] = fType[order[i]];
		}
	}

	/**
	 * The decoder alone on every message of a record file (a day file), found beforehand with the day-file fast
	 * path ({@link FeedDissector#dissectFrames}): what its decode costs per message there, without the runs and the
	 * cursor. {@link #cursorOnly()} does not apply (no frames are kept).
	 */
	public DecodeParts(FeedDissector dissector, io.feedscope.capture.CaptureFile capture) {
		fDissector = dissector;
		fFrames = new ByteBuffer[0];
		int n = capture.frameCount();
		fBuf = new ByteBuffer[n];
		fOff = new int[n];
		fType = new int[n];
		MessageDecoder decoder = null;
		int i = 0;
		for (int f = 1; f <= n;) {
			FeedPacket p = dissector.dissectFrames(capture, f);
			FeedMessage m = p.messages();
			while (m.next()) {
				Protocol feed = m.protocol();
				decoder = feed.fDecoder;
				fBuf[i] = p.buffer();
				fOff[i] = m.offset();
				fType[i] = m.type();
				i++;
			}
			f += p.frameSpan();
		}
		fHeap = fBuf;
		fDecoder = decoder;
		fSortedBuf = fBuf;
		fSortedOff = fOff;
		fSortedType = fType;
	}

	/** The decoder alone on the same messages ordered by type: no type switch mispredicted. */
	public long decodeOnlySorted(long[] dst) {
		return decode(fSortedBuf, fSortedOff, fSortedType, dst);
	}

	/** Framing and the cursor moved over every message (its type read), no field decoded. */
	public long cursorOnly() {
		long acc = 0;
		for (ByteBuffer f : fFrames) {
			FeedPacket p = fDissector.dissect(f, LinkType.ETHERNET, 0);
			FeedMessage m = p.messages();
			while (m.next()) {
				acc += m.type();
			}
		}
		return acc;
	}

	/** The decoder alone on the messages found in set-up, the frames as given (read-only direct slices). */
	public long decodeOnly(long[] dst) {
		return decode(fBuf, fOff, fType, dst);
	}

	/** The decoder alone on heap copies of the frames. */
	public long decodeOnlyHeap(long[] dst) {
		return decode(fHeap, fOff, fType, dst);
	}

	private long decode(ByteBuffer[] bufs, int[] off, int[] type, long[] dst) {
		long acc = 0;
		MessageDecoder d = fDecoder;
		for (int i = 0; i < off.length; i++) {
			int n = d.decode(bufs[i], off[i], type[i], dst, null);
			acc += dst[n - 1];
		}
		return acc;
	}
}
