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
		return decode(fBuf, dst);
	}

	/** The decoder alone on heap copies of the frames. */
	public long decodeOnlyHeap(long[] dst) {
		return decode(fHeap, dst);
	}

	private long decode(ByteBuffer[] bufs, long[] dst) {
		long acc = 0;
		MessageDecoder d = fDecoder;
		int[] off = fOff;
		int[] type = fType;
		for (int i = 0; i < off.length; i++) {
			int n = d.decode(bufs[i], off[i], type[i], dst, null);
			acc += dst[n - 1];
		}
		return acc;
	}
}
