package io.feedscope.ui.chart;

import java.util.Arrays;

import io.feedscope.dissect.PacketKind;
import io.feedscope.ui.chart.internal.ChartViewport;

/**
 * The chart's level of detail, without SWT: one pass over the packets visible in a viewport bins them into
 * pixel columns, per line (data and heartbeats) and per special kind (end of session, request, answer,
 * malformed), keeping per cell the lowest first and highest end sequence, the kinds met, how many packets
 * fell in it and the last one. Blocks of {@link ChartData#BLOCK} packets of plain kinds that fall into one
 * column are merged from their precomputed summaries without visiting the packets. A painter then draws at
 * most one mark per cell; packets are drawn one by one, with caps and glyphs, only when {@link #detail()}.
 * Allocates nothing per packet; the arrays are reused from paint to paint. Public for the paint layers and
 * tests; it lives beside {@link ChartData} because it reads its columns directly.
 */
public final class LevelOfDetail {

	/** Average pixels between visible packets from which they are drawn one by one, with caps and glyphs. */
	public static final int DETAIL_SPACING = 4;
	/** END_OF_SESSION, REQUEST, ANSWER, MALFORMED: the kinds binned apart from the lines */
	public static final int SPECIAL_KINDS = 4;
	private static final int ORD_DATA = PacketKind.DATA.ordinal();
	private static final int ORD_HEARTBEAT = PacketKind.HEARTBEAT.ordinal();
	private static final int ORD_MALFORMED = PacketKind.MALFORMED.ordinal();

	private long[] fColMin = new long[0];
	private long[] fColMax = new long[0];
	private int[] fColCount = new int[0];
	private int[] fColLast = new int[0];
	private int[] fColKinds = new int[0];
	private long[] fSpecMin = new long[0];
	private long[] fSpecMax = new long[0];
	private int[] fSpecCount = new int[0];
	private int[] fSpecLast = new int[0];
	private int fWidth;
	private int fLines;
	private boolean fDetail;

	/** @return whether {@code visible} packets over {@code width} px are drawn one by one */
	public static boolean detail(int visible, int width) {
		return (long) visible * DETAIL_SPACING <= width;
	}

	/**
	 * Bins the packets visible in {@code v}.
	 *
	 * @return false when there is no packet at all (nothing was binned)
	 */
	public boolean bin(ChartData data, ChartViewport v) {
		int n = data.size(); // first: the columns below are at least this long (see ChartData)
		if (n == 0) {
			fWidth = 0;
			return false;
		}
		long[] time = data.timeColumn();
		long[] firstSeq = data.firstSeqColumn();
		int[] count = data.countColumn();
		byte[] line = data.lineColumn();
		byte[] kind = data.kindColumn();
		long[] bMin = data.blockMinSeqColumn();
		long[] bMax = data.blockMaxEndColumn();
		int[] bMask = data.blockMaskColumn();

		int w = v.plotWidth();
		int lines = Math.max(1, Math.min(ChartData.MAX_LINES, data.lineCount()));
		fWidth = w;
		fLines = lines;
		int cells = w * lines;
		ensureScratch(cells);
		ensureSpecScratch(w * SPECIAL_KINDS);
		Arrays.fill(fColCount, 0, cells, 0);
		Arrays.fill(fSpecCount, 0, w * SPECIAL_KINDS, 0);
		long[] colMin = fColMin, colMax = fColMax;
		int[] colCount = fColCount, colLast = fColLast, colKinds = fColKinds;
		long[] specMin = fSpecMin, specMax = fSpecMax;
		int[] specCount = fSpecCount, specLast = fSpecLast;

		long t0 = v.t0();
		double pxPerNs = (double) w / (v.t1() - t0);
		// a packet is visible if its sequence range meets [sLo, sHi]
		long sLo = (long) Math.floor(v.s0()) - 1;
		long sHi = (long) Math.ceil(v.s1()) + 1;
		int lo = data.lowerBound(t0, n);
		int hi = data.upperBound(v.t1(), n);
		int plainKinds = (1 << ORD_DATA) | (1 << ORD_HEARTBEAT);
		int i = lo;
		while (i < hi) {
			if ((i & (ChartData.BLOCK - 1)) == 0 && i + ChartData.BLOCK <= hi) {
				int b = i / ChartData.BLOCK;
				int mask = bMask[b];
				if ((mask & 0xFFFF & ~plainKinds) == 0) {
					int c0 = (int) ((time[i] - t0) * pxPerNs);
					int c1 = (int) ((time[i + ChartData.BLOCK - 1] - t0) * pxPerNs);
					if (c0 == c1 && c0 < w) {
						// the whole block lands in one column: merge its summary, skip its packets
						for (int ln = 0; ln < lines; ln++) {
							if ((mask & (1 << (16 + ln))) == 0) {
								continue;
							}
							long mn = bMin[b * ChartData.MAX_LINES + ln];
							long mx = bMax[b * ChartData.MAX_LINES + ln];
							if (mx < sLo || mn > sHi) {
								continue;
							}
							int cell = ln * w + c0;
							if (colCount[cell] == 0) {
								colMin[cell] = mn;
								colMax[cell] = mx;
								colKinds[cell] = mask & plainKinds;
							} else {
								colMin[cell] = Math.min(colMin[cell], mn);
								colMax[cell] = Math.max(colMax[cell], mx);
								colKinds[cell] |= mask & plainKinds;
							}
							colCount[cell] += 2; // more than one: drawn as an aggregate
							colLast[cell] = i;
						}
						i += ChartData.BLOCK;
						continue;
					}
				}
			}
			long first = firstSeq[i];
			long end = first + count[i];
			// malformed packets are drawn whatever their claimed sequence: at the edge when it is outside
			if (end >= sLo && first <= sHi || kind[i] == ORD_MALFORMED) {
				int col = (int) ((time[i] - t0) * pxPerNs);
				if (col >= w) {
					col = w - 1;
				}
				int k = kind[i];
				if (k == ORD_DATA || k == ORD_HEARTBEAT) {
					int cell = (line[i] % ChartData.MAX_LINES) * w + col;
					if (cell < cells) {
						if (colCount[cell] == 0) {
							colMin[cell] = first;
							colMax[cell] = end;
							colKinds[cell] = 1 << k;
						} else {
							colMin[cell] = Math.min(colMin[cell], first);
							colMax[cell] = Math.max(colMax[cell], end);
							colKinds[cell] |= 1 << k;
						}
						colCount[cell]++;
						colLast[cell] = i;
					}
				} else {
					int cell = (Math.min(k, ORD_MALFORMED) - PacketKind.END_OF_SESSION.ordinal()) * w + col;
					if (specCount[cell] == 0) {
						specMin[cell] = first;
						specMax[cell] = end;
					} else {
						specMin[cell] = Math.min(specMin[cell], first);
						specMax[cell] = Math.max(specMax[cell], end);
					}
					specCount[cell]++;
					specLast[cell] = i;
				}
			}
			i++;
		}
		fDetail = detail(hi - lo, w);
		return true;
	}

	private void ensureScratch(int cells) {
		if (fColMin.length < cells) {
			fColMin = new long[cells];
			fColMax = new long[cells];
			fColCount = new int[cells];
			fColLast = new int[cells];
			fColKinds = new int[cells];
		}
	}

	private void ensureSpecScratch(int cells) {
		if (fSpecMin.length < cells) {
			fSpecMin = new long[cells];
			fSpecMax = new long[cells];
			fSpecCount = new int[cells];
			fSpecLast = new int[cells];
		}
	}

	/** @return columns of the last binning (the plot's width) */
	public int width() {
		return fWidth;
	}

	/** @return lines of the last binning */
	public int lines() {
		return fLines;
	}

	/** @return whether the last binning's packets are far enough apart to be drawn one by one */
	public boolean detail() {
		return fDetail;
	}

	/** @return packets in line {@code line}'s cell of column {@code col}; more than one when a block merged */
	public int count(int line, int col) {
		return fColCount[line * fWidth + col];
	}

	/** @return the lowest first sequence in the cell */
	public long minSeq(int line, int col) {
		return fColMin[line * fWidth + col];
	}

	/** @return the highest end sequence in the cell */
	public long maxEndSeq(int line, int col) {
		return fColMax[line * fWidth + col];
	}

	/** @return the last packet (index) in the cell */
	public int last(int line, int col) {
		return fColLast[line * fWidth + col];
	}

	/** @return whether the cell holds heartbeats only (drawn as a diamond at the expected sequence) */
	public boolean heartbeatsOnly(int line, int col) {
		return fColKinds[line * fWidth + col] == (1 << ORD_HEARTBEAT);
	}

	/** @return packets of special kind {@code s} (0 = end of session .. 3 = malformed) in column {@code col} */
	public int specialCount(int s, int col) {
		return fSpecCount[s * fWidth + col];
	}

	public long specialMinSeq(int s, int col) {
		return fSpecMin[s * fWidth + col];
	}

	public long specialMaxEndSeq(int s, int col) {
		return fSpecMax[s * fWidth + col];
	}

	/** @return the last packet (index) of special kind {@code s} in column {@code col} */
	public int specialLast(int s, int col) {
		return fSpecLast[s * fWidth + col];
	}
}
