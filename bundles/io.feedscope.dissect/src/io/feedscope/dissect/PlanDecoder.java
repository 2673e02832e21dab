package io.feedscope.dissect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Reads a whole message of a covered type without a branch on its type: per type, a row of a flat plan holds each
 * field's entry (where its 8-byte big-endian read starts in the message, the right shift that brings its last byte
 * down) and mask, and every message reads the first {@link #ROW} entries of its row by the same straight-line code,
 * entries past its type's fields masked to 0. A switch on the type (a decoder with a case per type, as SBE-style code
 * generation writes) is an indirect jump that the processor mispredicts on a feed's mix of types (such a decoder alone
 * on messages ordered by type took 9.3 ns a message against 15.9 in the feed's order); reading a few unused entries
 * costs less than the mispredict where the types mix.
 * Only the fields past the row (ITCH: Stock Directory, NOII, Direct Listing) take a loop. Where the first fields of
 * every covered type lie in the message's first 8 bytes (a common header), they share one read.
 * <p>
 * Covers a type whose fields are all big-endian and at most 8 bytes wide, none derived (all of ITCH 5.0: integers,
 * prices, times, chars and 8-byte text read as its packed bytes), and whose spec length is at least 8 (no read starts
 * before the message); the caller has checked the message holds its type's spec length. It writes {@link #ROW} values
 * at least (the unused ones 0), so it needs a {@code dst} that long. The values are the ones
 * {@link FeedMessage#getLong(int)} reads (DecoderPathsTest). {@code -Dfeedscope.decoder=interpreted} turns it off.
 */
final class PlanDecoder extends MessageDecoder {

	/**
	 * the entries every message reads: as many as most messages of a market-data feed have (ITCH: its frequent types
	 * but NOII), written out (a loop of a field's bound is not unrolled by the JIT, and the loop was slower)
	 */
	static final int ROW = 10;

	/** 8 bytes big-endian at an index of any buffer, heap or direct */
	private static final VarHandle BE8 = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	/** per type, a row of {@link #fStride} entries, one per field ({@code at << 6 | right}), unused ones 0 */
	private final int[] fPlan;
	/** per entry of {@link #fPlan}: the mask keeping the field's bytes once shifted right (0 for an unused entry) */
	private final long[] fMask;
	/** per type: its field count, or -1 when it is not covered */
	private final int[] fCount;
	/** entries per row: the most fields a covered type has, at least {@link #ROW} */
	private final int fStride;
	/**
	 * true when the first {@link #HEAD} entries of every covered row read the message's first 8 bytes (ITCH: message
	 * type, stock locate and tracking number, common to all its types): they then share that one read
	 */
	private final boolean fHeadShared;

	/**
	 * the entries {@link #fHeadShared} may cover: a feed's common header of small fields (ITCH's first three). Each read
	 * saved is a load of its entry, a bounds check and a load of 8 bytes per message: with three the decoder alone took
	 * 10.8-11.3 ns a message of the day-file mix against 12.7-13.1 ns with a read per entry
	 */
	static final int HEAD = 3;

	private PlanDecoder(int[] plan, long[] mask, int[] count, int stride) {
		fPlan = plan;
		fMask = mask;
		fCount = count;
		fStride = stride;
		boolean shared = true;
		for (int t = 0; t < count.length; t++) {
			for (int k = 0; count[t] >= 0 && k < HEAD; k++) {
				shared &= plan[t * stride + k] >>> 6 == 0; // an unused entry reads at 0 too (its mask gives 0)
			}
		}
		fHeadShared = shared;
	}

	/** @return true when the first {@link #HEAD} fields of every covered type share one read (DecoderPathsTest) */
	boolean sharesHead() {
		return fHeadShared;
	}

	/** @return a plan of the protocol's covered types, or null when it covers none */
	static @Nullable PlanDecoder of(Protocol p) {
		int types = p.fTypeCount;
		int[] count = new int[types];
		int stride = ROW;
		boolean any = false;
		for (int t = 0; t < types; t++) {
			count[t] = covers(p, t) ? p.fTypeSlots[t].length : -1;
			any |= count[t] >= 0;
			stride = Math.max(stride, count[t]);
		}
		if (!any) {
			return null;
		}
		int[] plan = new int[types * stride];
		long[] mask = new long[types * stride];
		for (int t = 0; t < types; t++) {
			long[] slots = p.fTypeSlots[t];
			for (int k = 0; count[t] >= 0 && k < slots.length; k++) {
				int start = (int) (slots[k] >>> 32);
				int w = (int) slots[k] & 0xff;
				// the 8 bytes ending at the field's end, or the message's first 8 for a field ending before byte 8
				int at = Math.max(0, start + w - 8);
				plan[t * stride + k] = at << 6 | 8 * (at + 8 - start - w);
				mask[t * stride + k] = -1L >>> 64 - 8 * w;
			}
		}
		return new PlanDecoder(plan, mask, count, stride);
	}

	private static boolean covers(Protocol p, int t) {
		int spec = p.fSpecLength[t];
		if (spec < 8) {
			return false;
		}
		for (long slot : p.fTypeSlots[t]) {
			int end = (int) (slot >>> 32) + ((int) slot & 0xff);
			if ((slot & Protocol.SLOT_FAST) == 0 || (slot & Protocol.SLOT_DERIVED) != 0 || end > spec) {
				return false;
			}
		}
		return true;
	}

	@Override
	int decode(ByteBuffer b, int off, int type, long[] dst, FeedMessage m) {
		int n = fCount[type];
		if (n < 0 || dst.length < ROW) {
			return -1;
		}
		int[] plan = fPlan;
		long[] mask = fMask;
		int r = type * fStride;
		// Java's shift takes the low 6 bits of the entry: the right shift; the bits above are the read's offset
		int e;
		if (fHeadShared) {
			// the first entries of every row read the message's first 8 bytes: one read serves them all
			long head = (long) BE8.get(b, off);
			dst[0] = head >>> plan[r] & mask[r];
			dst[1] = head >>> plan[r + 1] & mask[r + 1];
			dst[2] = head >>> plan[r + 2] & mask[r + 2];
		} else {
			e = plan[r];
			dst[0] = (long) BE8.get(b, off + (e >>> 6)) >>> e & mask[r];
			e = plan[r + 1];
			dst[1] = (long) BE8.get(b, off + (e >>> 6)) >>> e & mask[r + 1];
			e = plan[r + 2];
			dst[2] = (long) BE8.get(b, off + (e >>> 6)) >>> e & mask[r + 2];
		}
		e = plan[r + 3];
		dst[3] = (long) BE8.get(b, off + (e >>> 6)) >>> e & mask[r + 3];
		e = plan[r + 4];
		dst[4] = (long) BE8.get(b, off + (e >>> 6)) >>> e & mask[r + 4];
		e = plan[r + 5];
		dst[5] = (long) BE8.get(b, off + (e >>> 6)) >>> e & mask[r + 5];
		e = plan[r + 6];
		dst[6] = (long) BE8.get(b, off + (e >>> 6)) >>> e & mask[r + 6];
		e = plan[r + 7];
		dst[7] = (long) BE8.get(b, off + (e >>> 6)) >>> e & mask[r + 7];
		e = plan[r + 8];
		dst[8] = (long) BE8.get(b, off + (e >>> 6)) >>> e & mask[r + 8];
		e = plan[r + 9];
		dst[9] = (long) BE8.get(b, off + (e >>> 6)) >>> e & mask[r + 9];
		for (int k = ROW; k < n; k++) {
			e = plan[r + k];
			dst[k] = (long) BE8.get(b, off + (e >>> 6)) >>> e & mask[r + k];
		}
		return n;
	}
}
