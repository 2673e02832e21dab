package io.feedscope.ui.chart;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

import io.feedscope.ui.chart.ChartOverlays.PacketHighlight;
import io.feedscope.ui.chart.ChartOverlays.SeqBand;
import io.feedscope.ui.chart.ChartOverlays.Severity;
import io.feedscope.ui.chart.ChartOverlays.TimeBand;
import io.feedscope.ui.chart.internal.Messages;
import io.feedscope.ui.chart.internal.Ticks;

import io.feedscope.dissect.PacketKind;

/**
 * The sequence chart: x = capture time, y = message sequence number; each packet is a vertical mark over
 * {@code [first seq, first seq + count)} in its line's colour, heartbeats are diamonds at the next expected
 * sequence, re-requests open triangles, answers green marks with a filled triangle. Overlays from
 * {@link ChartOverlays}: red bands for gaps, shaded time ranges for freezes, tinted sequence ranges for "B
 * delivered first", red rings for trashed packets.
 *
 * <h2>Mouse and keys</h2>
 * <ul>
 * <li>Wheel: zoom around the cursor, both axes; with Ctrl time only, with Shift sequence only; over an axis,
 * that axis only. Horizontal wheel (touchpad): pan in time.</li>
 * <li>Left click on a mark: select it (nearest mark within {@value #HIT_RADIUS} px). Left drag in the plot,
 * middle drag anywhere: pan. Left drag on the time axis (below the plot) or the sequence axis (left of it):
 * pan along that axis only.</li>
 * <li>Ctrl + left drag, Shift + left drag or right drag: draw a box and zoom to it (Esc cancels). A right
 * click without dragging opens the context menu ({@link #setMenu}), if any.</li>
 * <li>Double click on empty space, or Home: reset to the home window ({@link #setHomeWindow}; all packets
 * when none is set).</li>
 * <li>Left / Right: select the previous / next packet (in capture order), scrolling it into view.
 * Shift + Left / Right, Up / Down: pan by a tenth. + / -: zoom in / out around the centre.</li>
 * </ul>
 * A user's selection goes to {@link PacketSelectionListener}s; a user's zoom or pan to
 * {@link WindowRangeListener}s (pan and box zoom once when the button is released). {@link #select(int)}
 * and {@link #setWindow(long, long, long, long)} notify no one.
 * <p>
 * <b>Extent.</b> The user's zooming and panning stay inside the data's extent (all packets, padded; never
 * below sequence 0), so zooming out cannot show negative sequence numbers or empty months. Malformed
 * packets do not count towards the extent: their sequence is only a claim of a damaged header. When their
 * claim is outside the window they are drawn as an arrow glyph at the plot's top or bottom edge.
 *
 * <h2>Drawing</h2>
 * At most one mark per pixel column and line: the visible time range is found by binary search, then one
 * pass over the visible packets keeps, per column and line, the lowest first sequence and highest end
 * sequence; blocks of {@link ChartData#BLOCK} packets that fall into one column are merged from their
 * precomputed summaries without visiting the packets. Single marks with caps and glyphs are drawn only
 * when the visible packets are at least {@value #DETAIL_SPACING} px apart on average. Painting allocates
 * nothing per packet. {@link #getLastPaintPrimitives()} counts the drawing calls of the last paint.
 */
public class SequenceChart extends Canvas {

	/** Pixels a click may be off a mark and still select it. */
	public static final int HIT_RADIUS = 4;
	/** Average pixels between visible packets from which they are drawn one by one, with caps and glyphs. */
	public static final int DETAIL_SPACING = 4;
	/** Wheel notch / key zoom factor. */
	private static final double ZOOM_STEP = 1.25;
	private static final long MIN_TIME_SPAN = 1_000; // ns
	private static final double MIN_SEQ_SPAN = 4;
	private static final int DRAG_THRESHOLD = 3;

	/** BOTTOM holds the time labels, the axis caption and a row for the readout when the legend leaves it no room */
	private static final int LEFT = 78, RIGHT = 14, TOP = 24, BOTTOM = 60;

	private static final int SPECIAL_KINDS = 4; // END_OF_SESSION, REQUEST, ANSWER, MALFORMED
	private static final int ORD_DATA = PacketKind.DATA.ordinal();
	private static final int ORD_HEARTBEAT = PacketKind.HEARTBEAT.ordinal();
	private static final int ORD_MALFORMED = PacketKind.MALFORMED.ordinal();

	private ChartData fData = new ChartData(16);
	private ChartOverlays fOverlays = ChartOverlays.NONE;
	private int[] fHighlightIdx = new int[0];

	// window: time [fT0, fT1) in ns, sequence [fS0, fS1) as doubles so zooming around the cursor is smooth
	private long fT0 = 0, fT1 = Ticks.S;
	private double fS0 = 0, fS1 = 100;
	private boolean fFollowAll = true; // window = "all data": grows with dataChanged()
	/** where Home and reset go; null = all packets */
	private @Nullable ChartWindow fHome;
	/** several captures: frames are named capture:frame (1-based capture numbers, as in every view) */
	private boolean fCaptureNumbers;
	/** Long.MIN_VALUE: times of day; else times are seconds since this capture time (0: since the epoch) */
	private long fTimeOrigin = Long.MIN_VALUE;

	private int fSelected = -1;
	private int fHover = -1;

	private final List<PacketSelectionListener> fSelectionListeners = new CopyOnWriteArrayList<>();
	private final List<WindowRangeListener> fWindowListeners = new CopyOnWriteArrayList<>();

	// colours
	private Color fBackground = new Color(0x12, 0x16, 0x1D);
	private Color fGrid = new Color(0x26, 0x2D, 0x38);
	private Color fAxisText = new Color(0xAF, 0xB8, 0xC4);
	private Color[] fLineColors = { new Color(0x4F, 0xC3, 0xF7), new Color(0xFF, 0x9E, 0x1F),
			new Color(0xB3, 0x88, 0xFF), new Color(0x80, 0xCB, 0xC4) };
	private String[] fLineNames = { "A", "B", "C", "D" };
	private boolean fPlainSeriesNames;
	private Color fRequestColor = new Color(0xFF, 0x5C, 0xD6);
	private Color fAnswerColor = new Color(0x5B, 0xF0, 0x8E);
	private Color fMalformedColor = new Color(0xE0, 0xE0, 0xE0);
	private Color fErrorColor = new Color(0xFF, 0x17, 0x44);
	private Color fWarningColor = new Color(0xFF, 0xE0, 0x40);
	private Color fSelectionColor = new Color(0xFF, 0xFF, 0xFF);
	private Color fFreezeColor = new Color(0x9A, 0xA8, 0xBA);
	private ZoneId fZone = ZoneOffset.UTC;

	// per-paint scratch, reused (sized to columns x lines)
	private long[] fColMin = new long[0];
	private long[] fColMax = new long[0];
	private int[] fColCount = new int[0];
	private int[] fColLast = new int[0];
	private int[] fColKinds = new int[0];
	private long[] fSpecMin = new long[0];
	private long[] fSpecMax = new long[0];
	private int[] fSpecCount = new int[0];
	private int[] fSpecLast = new int[0];
	private final int[] fPoly = new int[8];
	private int fPrimitives;
	private int fLegendRight;
	private long fPaintNanos;

	// interaction state
	private enum Drag {
		NONE, PENDING_CLICK, PAN, PAN_TIME, PAN_SEQ, BOX
	}

	private Drag fDrag = Drag.NONE;
	/** where the context menu was last asked for, in control coordinates */
	private Point fMenuPoint = new Point(0, 0);
	private int fPressX, fPressY, fDragX, fDragY;
	private long fPressT0, fPressT1;
	private double fPressS0, fPressS1;

	/**
	 * @param parent the parent
	 * @param style  Canvas styles; DOUBLE_BUFFERED and NO_BACKGROUND are added
	 */
	public SequenceChart(Composite parent, int style) {
		super(parent, style | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
		addListener(SWT.Paint, e -> paint(e.gc, e.x, e.y, e.width, e.height));
		addListener(SWT.Resize, e -> redraw());
		addListener(SWT.MouseDown, this::onMouseDown);
		addListener(SWT.MouseMove, this::onMouseMove);
		addListener(SWT.MouseUp, this::onMouseUp);
		addListener(SWT.MouseDoubleClick, this::onDoubleClick);
		addListener(SWT.MouseVerticalWheel, this::onWheel);
		addListener(SWT.MouseHorizontalWheel, this::onHorizontalWheel);
		addListener(SWT.MouseExit, e -> setHover(-1));
		addListener(SWT.KeyDown, this::onKey);
		// the mouse's menu is opened on the right button's release when it did not drag (see onMouseUp);
		// the keyboard's menu key opens it at once
		addListener(SWT.MenuDetect, e -> {
			if (e.detail != SWT.MENU_KEYBOARD) {
				e.doit = false;
			} else {
				fMenuPoint = toControl(e.x, e.y);
			}
		});
		addListener(SWT.Traverse, e -> {
			// arrows and Escape belong to the chart, not to focus traversal
			if (e.detail == SWT.TRAVERSE_ARROW_NEXT || e.detail == SWT.TRAVERSE_ARROW_PREVIOUS
					|| e.detail == SWT.TRAVERSE_ESCAPE) {
				e.doit = false;
			}
		});
	}

	// ---------------------------------------------------------------- data and overlays

	/**
	 * Shows another data set: clears the selection and fits the window to all packets (no events).
	 *
	 * @param data the packets; may still grow, see {@link #dataChanged()}
	 */
	public void setChartData(ChartData data) {
		checkWidget();
		fData = data;
		fSelected = -1;
		fHover = -1;
		resetWindow();
	}

	/** @return the data shown (named so as not to shadow {@code Widget.getData()}, the application data slot) */
	public ChartData getChartData() {
		return fData;
	}

	/**
	 * Tells the chart that packets were appended to its data. If the window still shows everything (nothing
	 * zoomed since the last reset), it grows to include the new packets; otherwise the window stays. Call on
	 * the UI thread, once per batch.
	 */
	public void dataChanged() {
		checkWidget();
		if (fFollowAll) {
			fitAll();
		}
		redraw();
	}

	/** @param overlays findings to draw over the packets; packet indices refer to the current data */
	public void setOverlays(ChartOverlays overlays) {
		checkWidget();
		fOverlays = overlays;
		List<PacketHighlight> h = overlays.highlights();
		fHighlightIdx = new int[h.size()];
		for (int i = 0; i < fHighlightIdx.length; i++) {
			fHighlightIdx[i] = h.get(i).packetIndex();
		}
		redraw();
	}

	/** @return the overlays drawn */
	public ChartOverlays getOverlays() {
		return fOverlays;
	}

	// ---------------------------------------------------------------- appearance

	/** Sets the colour of line {@code line} (0 = A); lines beyond the palette reuse it modulo its length. */
	public void setLineColor(int line, RGB rgb) {
		checkWidget();
		if (line >= fLineColors.length) {
			fLineColors = java.util.Arrays.copyOf(fLineColors, line + 1);
			for (int i = 0; i < fLineColors.length; i++) {
				if (fLineColors[i] == null) {
					fLineColors[i] = fLineColors[i % 4];
				}
			}
		}
		fLineColors[line] = new Color(rgb);
		redraw();
	}

	/** @return the colour of line {@code line} */
	public RGB getLineColor(int line) {
		return lineColor(line).getRGB();
	}

	/** @param names display names of lines 0, 1, ... (default A, B, C, D) */
	public void setLineNames(String... names) {
		checkWidget();
		fLineNames = names.clone();
		redraw();
	}

	/**
	 * Whether the series names are shown as they are (true: e.g. capture names when the marks are coloured
	 * by capture) or as line names ("line A"), the default.
	 */
	public void setPlainSeriesNames(boolean plain) {
		checkWidget();
		fPlainSeriesNames = plain;
		redraw();
	}

	private String seriesLabel(int line, String format) {
		return fPlainSeriesNames ? getLineName(line) : Messages.format(format, getLineName(line));
	}

	/** @return the display name of line {@code line} */
	public String getLineName(int line) {
		return line >= 0 && line < fLineNames.length ? fLineNames[line] : Integer.toString(line);
	}

	/** Sets the colour the selected packet is drawn in (default white). */
	public void setSelectionColor(RGB rgb) {
		checkWidget();
		fSelectionColor = new Color(rgb);
		redraw();
	}

	/** @return the colour the selected packet is drawn in */
	public RGB getSelectionColor() {
		return fSelectionColor.getRGB();
	}

	/** Sets the colour of ERROR highlights and gap bands (default red). */
	public void setErrorColor(RGB rgb) {
		checkWidget();
		fErrorColor = new Color(rgb);
		redraw();
	}

	/** @return the colour of ERROR highlights and gap bands */
	public RGB getErrorColor() {
		return fErrorColor.getRGB();
	}

	/** Sets the chart background (default near black). */
	public void setChartBackground(RGB rgb) {
		checkWidget();
		fBackground = new Color(rgb);
		redraw();
	}

	/** @return the chart background */
	public RGB getChartBackground() {
		return fBackground.getRGB();
	}

	/** @param zone zone for time-of-day labels (default UTC, as capture timestamps are) */
	public void setTimeZone(ZoneId zone) {
		checkWidget();
		fZone = zone;
		redraw();
	}

	private Color lineColor(int line) {
		return fLineColors[Math.floorMod(line, fLineColors.length)];
	}

	// ---------------------------------------------------------------- listeners

	/** @param l told when the user picks a packet; see {@link PacketSelectionListener} */
	public void addPacketSelectionListener(PacketSelectionListener l) {
		fSelectionListeners.add(l);
	}

	/** @param l a listener added before */
	public void removePacketSelectionListener(PacketSelectionListener l) {
		fSelectionListeners.remove(l);
	}

	/** @param l told when the user zooms or pans; see {@link WindowRangeListener} */
	public void addWindowRangeListener(WindowRangeListener l) {
		fWindowListeners.add(l);
	}

	/** @param l a listener added before */
	public void removeWindowRangeListener(WindowRangeListener l) {
		fWindowListeners.remove(l);
	}

	private void fireSelection() {
		int i = fSelected;
		long frame = i >= 0 ? fData.frameIdOf(i) : -1;
		for (PacketSelectionListener l : fSelectionListeners) {
			l.packetSelected(i, frame);
		}
	}

	private void fireWindow() {
		ChartWindow w = getWindow();
		for (WindowRangeListener l : fWindowListeners) {
			l.windowChanged(w);
		}
	}

	// ---------------------------------------------------------------- selection and window

	/**
	 * Selects a packet and scrolls it into view if it is outside the window (keeping the zoom). Notifies no
	 * listener: use it to follow another view's selection.
	 *
	 * @param packetIndex index in the data, or -1 to clear
	 */
	public void select(int packetIndex) {
		checkWidget();
		fSelected = packetIndex >= 0 && packetIndex < fData.size() ? packetIndex : -1;
		if (fSelected >= 0) {
			ensureVisible(fSelected);
		}
		redraw();
	}

	/** @return the selected packet index, -1 for none */
	public int getSelection() {
		return fSelected;
	}

	/**
	 * Sets the visible window. Notifies no listener: use it to follow another view's zoom.
	 *
	 * @param startNanos first visible capture time
	 * @param endNanos   end of the visible time (exclusive); at least 1 µs after start
	 * @param firstSeq   lowest visible sequence number
	 * @param endSeq     end of the visible sequence range (exclusive); at least 4 above firstSeq
	 */
	public void setWindow(long startNanos, long endNanos, long firstSeq, long endSeq) {
		checkWidget();
		applyWindow(startNanos, endNanos, firstSeq, endSeq);
		fFollowAll = false;
		redraw();
	}

	/** @return the visible window, sequence range rounded outwards to whole numbers */
	public ChartWindow getWindow() {
		return new ChartWindow(fT0, fT1, (long) Math.floor(fS0), (long) Math.ceil(fS1));
	}

	/** Fits the window to all packets, as Home does, but notifies no listener. */
	public void resetWindow() {
		checkWidget();
		fitAll();
		fFollowAll = true;
		redraw();
	}

	private void fitAll() {
		if (fHome != null) {
			applyWindow(fHome.startNanos(), fHome.endNanos(), fHome.firstSeq(), fHome.endSeq());
			return;
		}
		ChartWindow x = getExtent();
		applyWindow(x.startNanos(), x.endNanos(), x.firstSeq(), x.endSeq());
	}

	/**
	 * @return every packet's time and sequence range, padded a little, never below sequence 0; malformed
	 *         packets' claimed sequences do not count. The user's zoom and pan stay inside it.
	 */
	public ChartWindow getExtent() {
		int n = fData.size();
		if (n == 0) {
			return new ChartWindow(0, Ticks.S, 0, 100);
		}
		long t0 = fData.time(0);
		long t1 = fData.time(n - 1);
		long tPad = Math.max(MIN_TIME_SPAN, (t1 - t0) / 50);
		long s0 = fData.minSeq();
		long s1 = fData.maxEndSeq();
		if (s0 > s1) { // only malformed packets: their claims are all there is
			s0 = Long.MAX_VALUE;
			s1 = Long.MIN_VALUE;
			for (int i = 0; i < n; i++) {
				s0 = Math.min(s0, fData.firstSeq(i));
				s1 = Math.max(s1, fData.endSeq(i));
			}
		}
		s1 = Math.max(s1, s0 + 1);
		long sPad = Math.max(2, (s1 - s0) / 30);
		return new ChartWindow(t0 - tPad, t1 + tPad, Math.max(0, s0 - sPad), s1 + sPad);
	}

	/**
	 * Sets the window Home, double click and {@link #resetWindow()} go to, e.g. the busiest session's range
	 * when a capture holds several; null for all packets. Takes effect at the next reset.
	 */
	public void setHomeWindow(@Nullable ChartWindow home) {
		fHome = home;
	}

	/** @return the window Home goes to, null for all packets */
	public @Nullable ChartWindow getHomeWindow() {
		return fHome;
	}

	/** Applies a window the user asked for (zoom, pan), kept inside {@link #getExtent()}. */
	private void applyUserWindow(long t0, long t1, double s0, double s1) {
		ChartWindow x = getExtent();
		long tSpan = Math.min(t1 - t0, x.endNanos() - x.startNanos());
		long a = Math.max(x.startNanos(), Math.min(t0, x.endNanos() - tSpan));
		double sSpan = Math.min(s1 - s0, x.endSeq() - x.firstSeq());
		double b = Math.max(x.firstSeq(), Math.min(s0, x.endSeq() - sSpan));
		applyWindow(a, a + tSpan, b, b + sSpan);
	}

	private void applyWindow(long t0, long t1, double s0, double s1) {
		if (t1 - t0 < MIN_TIME_SPAN) {
			long mid = t0 + (t1 - t0) / 2;
			t0 = mid - MIN_TIME_SPAN / 2;
			t1 = t0 + MIN_TIME_SPAN;
		}
		if (s1 - s0 < MIN_SEQ_SPAN) {
			double mid = (s0 + s1) / 2;
			s0 = mid - MIN_SEQ_SPAN / 2;
			s1 = s0 + MIN_SEQ_SPAN;
		}
		fT0 = t0;
		fT1 = t1;
		fS0 = s0;
		fS1 = s1;
	}

	/** Scrolls (keeping the spans) so that packet {@code i} is inside the window; @return whether it moved */
	private boolean ensureVisible(int i) {
		long t = fData.time(i);
		long first = fData.firstSeq(i);
		long end = fData.endSeq(i);
		boolean moved = false;
		long tSpan = fT1 - fT0;
		if (t < fT0 || t >= fT1) {
			long t0 = t - tSpan / 2;
			applyWindow(t0, t0 + tSpan, fS0, fS1);
			moved = true;
		}
		double sSpan = fS1 - fS0;
		if (fData.kind(i) != PacketKind.MALFORMED && !(first < fS1 && Math.max(end, first + 1) > fS0)) {
			double mid = (first + Math.max(end, first + 1)) / 2.0;
			applyWindow(fT0, fT1, mid - sSpan / 2, mid + sSpan / 2);
			moved = true;
		}
		if (moved) {
			fFollowAll = false;
		}
		return moved;
	}

	// ---------------------------------------------------------------- coordinates

	/** @return the plot area (inside the axes) in control coordinates */
	public Rectangle getPlotArea() {
		Rectangle c = getClientArea();
		return new Rectangle(LEFT, TOP, Math.max(1, c.width - LEFT - RIGHT), Math.max(1, c.height - TOP - BOTTOM));
	}

	/** @return the x pixel of capture time {@code t} in the current window (may be outside the plot) */
	public int xOf(long t) {
		Rectangle p = getPlotArea();
		return (int) Math.floor(p.x + (double) (t - fT0) * p.width / (fT1 - fT0));
	}

	/** @return the y pixel of the lower edge of sequence number {@code seq} (may be outside the plot) */
	public int yOf(long seq) {
		Rectangle p = getPlotArea();
		return (int) Math.floor(p.y + p.height - (seq - fS0) * p.height / (fS1 - fS0));
	}

	/** @return the capture time at pixel column {@code x} */
	public long timeAt(int x) {
		Rectangle p = getPlotArea();
		return fT0 + (long) ((double) (x - p.x) * (fT1 - fT0) / p.width);
	}

	/** @return the sequence number (fractional) at pixel row {@code y} */
	public double seqAt(int y) {
		Rectangle p = getPlotArea();
		return fS0 + (double) (p.y + p.height - y) * (fS1 - fS0) / p.height;
	}

	/**
	 * @return the packet whose mark is nearest to {@code (x, y)} within {@value #HIT_RADIUS} px, or -1; on ties
	 *         the lower line (drawn on top) wins
	 */
	public int packetAt(int x, int y) {
		Rectangle p = getPlotArea();
		int n = fData.size();
		if (n == 0 || x < p.x - HIT_RADIUS || x > p.x + p.width + HIT_RADIUS) {
			return -1;
		}
		double nsPerPx = (double) (fT1 - fT0) / p.width;
		double pxPerSeq = p.height / (fS1 - fS0);
		long tLo = fT0 + (long) Math.floor((x - HIT_RADIUS - 1 - p.x) * nsPerPx);
		long tHi = fT0 + (long) Math.ceil((x + HIT_RADIUS + 1 - p.x) * nsPerPx);
		int lo = fData.lowerBound(tLo, n);
		int hi = fData.upperBound(tHi, n);
		int best = -1;
		double bestD = Double.MAX_VALUE;
		int bestLine = Integer.MAX_VALUE;
		double bottom = p.y + p.height;
		for (int i = lo; i < hi; i++) {
			double px = p.x + (fData.time(i) - fT0) / nsPerPx;
			double dx = Math.abs(px - x);
			if (dx > HIT_RADIUS + 1) {
				continue;
			}
			long first = fData.firstSeq(i);
			long end = fData.endSeq(i);
			double yBot = bottom - (first - fS0) * pxPerSeq;
			double yTop = end > first ? bottom - (end - fS0) * pxPerSeq : yBot;
			double dy = y < yTop - 1 ? yTop - 1 - y : y > yBot + 1 ? y - yBot - 1 : 0;
			double d = Math.max(dx, dy);
			int line = fData.line(i);
			if (d <= HIT_RADIUS && (d < bestD - 0.5 || (Math.abs(d - bestD) <= 0.5 && line < bestLine))) {
				best = i;
				bestD = d;
				bestLine = line;
			}
		}
		return best;
	}

	/** @return a one-line description of packet {@code i}: line, frame, time, sequence range, count */
	public String describePacket(int i) {
		if (i < 0 || i >= fData.size()) {
			return "";
		}
		long fid = fData.frameIdOf(i);
		long t = fData.time(i);
		long first = fData.firstSeq(i);
		int count = fData.count(i);
		PacketKind kind = fData.kind(i);
		StringBuilder b = new StringBuilder(96);
		b.append(seriesLabel(fData.line(i), Messages.PACKET_LINE));
		String frame = Integer.toUnsignedString(ChartData.frameOf(fid));
		if (fCaptureNumbers) {
			frame = (ChartData.captureIndexOf(fid) + 1) + ":" + frame;
		}
		b.append("  ").append(Messages.format(Messages.PACKET_FRAME, frame));
		b.append("  ").append(readoutTime(t));
		switch (kind) {
		case HEARTBEAT -> b.append("  ").append(Messages.format(Messages.PACKET_HEARTBEAT, Ticks.formatSeq(first)));
		case END_OF_SESSION ->
			b.append("  ").append(Messages.format(Messages.PACKET_END_OF_SESSION, Ticks.formatSeq(first)));
		default -> {
			switch (kind) {
			case REQUEST -> b.append("  ").append(Messages.PACKET_REQUEST);
			case ANSWER -> b.append("  ").append(Messages.PACKET_ANSWER);
			case MALFORMED -> b.append("  ").append(Messages.PACKET_MALFORMED);
			default -> {
				// plain data
			}
			}
			String range = Ticks.formatSeq(first) + (count > 1 ? "\u2013" + Ticks.formatSeq(first + count - 1) : "");
			b.append("  ").append(Messages.format(Messages.PACKET_SEQ, range));
			b.append("  ").append(Messages.format(count == 1 ? Messages.PACKET_ONE_MESSAGE : Messages.PACKET_MESSAGES,
					Integer.toString(count)));
		}
		}
		int h = java.util.Arrays.binarySearch(fHighlightIdx, i);
		if (h >= 0) {
			b.append("  [").append(fOverlays.highlights().get(h).category()).append(']');
		}
		return b.toString();
	}

	/** @return the packet under the mouse, -1 for none */
	public int getHover() {
		return fHover;
	}

	/** @return the status text: the hovered packet's description, else the selected one's, else empty */
	public String getStatusText() {
		return describePacket(fHover >= 0 ? fHover : fSelected);
	}

	private void setHover(int i) {
		if (i == fHover) {
			return;
		}
		fHover = i;
		setToolTipText(i >= 0 ? describePacket(i) : null);
		Rectangle c = getClientArea();
		redraw(0, 0, c.width, TOP, false);
		Rectangle p = getPlotArea();
		if (fLegendRight + 200 > c.width - RIGHT) {
			// a narrow chart shows the readout on the time axis's caption line (see paintStatus)
			redraw(p.x, p.y + p.height + 4, p.width, Math.max(1, c.height - p.y - p.height - 4), false);
		}
	}

	private long zoneOffset(long t) {
		if (fZone == ZoneOffset.UTC) {
			return 0;
		}
		return fZone.getRules().getOffset(Instant.ofEpochSecond(Math.floorDiv(t, Ticks.S))).getTotalSeconds()
				* Ticks.S;
	}

	// ---------------------------------------------------------------- interaction

	private void onMouseDown(Event e) {
		setFocus();
		Rectangle p = getPlotArea();
		fPressX = fDragX = e.x;
		fPressY = fDragY = e.y;
		fPressT0 = fT0;
		fPressT1 = fT1;
		fPressS0 = fS0;
		fPressS1 = fS1;
		if (e.button == 3 || (e.button == 1 && (e.stateMask & (SWT.SHIFT | SWT.MOD1)) != 0)) {
			fDrag = Drag.BOX;
		} else if (e.button == 2) {
			fDrag = Drag.PAN;
		} else if (e.button == 1) {
			if (e.y > p.y + p.height) {
				fDrag = Drag.PAN_TIME;
			} else if (e.x < p.x) {
				fDrag = Drag.PAN_SEQ;
			} else {
				fDrag = Drag.PENDING_CLICK;
			}
		}
	}

	private void onMouseMove(Event e) {
		switch (fDrag) {
		case NONE -> setHover(packetAt(e.x, e.y));
		case PENDING_CLICK -> {
			if (Math.abs(e.x - fPressX) > DRAG_THRESHOLD || Math.abs(e.y - fPressY) > DRAG_THRESHOLD) {
				fDrag = Drag.PAN;
				panTo(e.x, e.y, true, true);
			}
		}
		case PAN -> panTo(e.x, e.y, true, true);
		case PAN_TIME -> panTo(e.x, e.y, true, false);
		case PAN_SEQ -> panTo(e.x, e.y, false, true);
		case BOX -> {
			fDragX = e.x;
			fDragY = e.y;
			redraw();
		}
		}
	}

	private void panTo(int x, int y, boolean time, boolean seq) {
		Rectangle p = getPlotArea();
		long dt = time ? (long) ((double) (x - fPressX) * (fPressT1 - fPressT0) / p.width) : 0;
		double ds = seq ? (y - fPressY) * (fPressS1 - fPressS0) / p.height : 0;
		applyUserWindow(fPressT0 - dt, fPressT1 - dt, fPressS0 + ds, fPressS1 + ds);
		fFollowAll = false;
		redraw();
	}

	private void onMouseUp(Event e) {
		Drag d = fDrag;
		fDrag = Drag.NONE;
		switch (d) {
		case PENDING_CLICK -> {
			int i = packetAt(e.x, e.y);
			if (i >= 0) {
				fSelected = i;
				redraw();
				fireSelection();
			}
		}
		case PAN, PAN_TIME, PAN_SEQ -> {
			if (fT0 != fPressT0 || fS0 != fPressS0) {
				fireWindow();
			}
		}
		case BOX -> {
			fDragX = e.x;
			fDragY = e.y;
			int x0 = Math.min(fPressX, e.x), x1 = Math.max(fPressX, e.x);
			int y0 = Math.min(fPressY, e.y), y1 = Math.max(fPressY, e.y);
			if (x1 - x0 >= 5 && y1 - y0 >= 5) {
				long t0 = timeAt(x0), t1 = timeAt(x1);
				double s1 = seqAt(y0), s0 = seqAt(y1);
				applyWindow(t0, t1, s0, s1);
				fFollowAll = false;
				fireWindow();
			} else if (e.button == 3 && x1 - x0 <= DRAG_THRESHOLD && y1 - y0 <= DRAG_THRESHOLD) {
				// a right click, not a box: the context menu (held back on MenuDetect so right drag can zoom)
				int i = packetAt(e.x, e.y);
				if (i >= 0 && i != fSelected) {
					fSelected = i;
					fireSelection();
				}
				fMenuPoint = new Point(e.x, e.y);
				org.eclipse.swt.widgets.Menu menu = getMenu();
				if (menu != null && !menu.isDisposed()) {
					menu.setLocation(toDisplay(e.x, e.y));
					menu.setVisible(true);
				}
			}
			redraw();
		}
		case NONE -> {
			// a button released that started nothing (e.g. a button we do not use)
		}
		}
	}

	private void onDoubleClick(Event e) {
		if (e.button == 1 && packetAt(e.x, e.y) < 0) {
			fDrag = Drag.NONE;
			userReset();
		}
	}

	private void userReset() {
		resetWindow();
		fireWindow();
	}

	/** Zooms in a step around the centre, as '+' does; tells the window listeners (toolbar, menus). */
	public void zoomIn() {
		checkWidget();
		keyZoom(true, getPlotArea());
	}

	/** Zooms out a step around the centre, as '-' does (never beyond the extent); tells the window listeners. */
	public void zoomOut() {
		checkWidget();
		keyZoom(false, getPlotArea());
	}

	/** Goes to the home window, as Home does; tells the window listeners. */
	public void reset() {
		checkWidget();
		userReset();
	}

	/** Shows every packet (the whole extent), whatever the home window; tells the window listeners. */
	public void showAll() {
		checkWidget();
		ChartWindow x = getExtent();
		applyWindow(x.startNanos(), x.endNanos(), x.firstSeq(), x.endSeq());
		fFollowAll = fHome == null;
		redraw();
		fireWindow();
	}

	/**
	 * Zooms on the selected packet: centred on it, an eighth of the spans (at least its own range); tells the
	 * window listeners. Nothing happens without a selection.
	 */
	public void zoomToSelection() {
		checkWidget();
		int i = fSelected;
		if (i < 0 || i >= fData.size()) {
			return;
		}
		long t = fData.time(i);
		long tSpan = Math.max(MIN_TIME_SPAN, (fT1 - fT0) / 8);
		double first = fData.firstSeq(i);
		double end = Math.max(fData.endSeq(i), first + 1);
		double sSpan = Math.max(Math.max(MIN_SEQ_SPAN, (end - first) * 2), (fS1 - fS0) / 8);
		double mid = (first + end) / 2;
		if (fData.kind(i) == PacketKind.MALFORMED) {
			mid = (fS0 + fS1) / 2; // its sequence is only a claim: keep the feed's range
			sSpan = fS1 - fS0;
		}
		applyWindow(t - tSpan / 2, t - tSpan / 2 + tSpan, mid - sSpan / 2, mid + sSpan / 2);
		fFollowAll = false;
		redraw();
		fireWindow();
	}

	/** @return where the context menu was last opened, in control coordinates */
	public Point getMenuPoint() {
		return new Point(fMenuPoint.x, fMenuPoint.y);
	}

	/**
	 * Shows times as times of day (the default), or as seconds since an origin: the capture set's first frame
	 * ("seconds since the first frame"), or 0 ("seconds since the epoch"), the way the packet table shows them,
	 * on the time axis and in the readout.
	 *
	 * @param origin {@code Long.MIN_VALUE} for times of day, else the time seconds are counted from
	 */
	public void setTimeOrigin(long origin) {
		fTimeOrigin = origin;
		redraw();
	}

	/** A capture time as the readout shows it: time of day with ns, or seconds since the origin. */
	private String readoutTime(long t) {
		if (fTimeOrigin == Long.MIN_VALUE) {
			return Ticks.formatTimeOfDay(t, zoneOffset(t), 9);
		}
		long d = t - fTimeOrigin;
		// relative times with µs as the table shows them; epoch seconds with ns
		int digits = fTimeOrigin == 0 ? 9 : 6;
		return seconds(d, digits);
	}

	private static String seconds(long d, int digits) {
		long frac = Math.abs(d) % Ticks.S;
		String f = Long.toString(frac + Ticks.S).substring(1, 1 + digits);
		return (d < 0 ? "-" : "") + Math.abs(d) / Ticks.S + (digits > 0 ? "." + f : "");
	}

	/**
	 * Names frames capture:frame with 1-based capture numbers (several captures open), or by frame number
	 * alone (one capture), the way the packet table and the findings number them.
	 */
	public void setCaptureNumbers(boolean several) {
		fCaptureNumbers = several;
		redraw();
	}

	private void onWheel(Event e) {
		if (e.count == 0) {
			return;
		}
		Rectangle p = getPlotArea();
		boolean time = (e.stateMask & SWT.SHIFT) == 0;
		boolean seq = (e.stateMask & SWT.CTRL) == 0;
		if (e.y > p.y + p.height) {
			seq = false; // over the time axis
		} else if (e.x < p.x) {
			time = false; // over the sequence axis
		}
		if (!time && !seq) {
			return;
		}
		double factor = Math.pow(ZOOM_STEP, -e.count); // count > 0: wheel up: zoom in
		zoomAround(e.x, e.y, time ? factor : 1, seq ? factor : 1);
		fireWindow();
	}

	/** Touchpad sideways scroll (or tilt wheel): pans the time axis a twentieth per notch. */
	private void onHorizontalWheel(Event e) {
		if (e.count == 0) {
			return;
		}
		long dt = (fT1 - fT0) / 20 * -e.count;
		applyUserWindow(fT0 + dt, fT1 + dt, fS0, fS1);
		fFollowAll = false;
		redraw();
		fireWindow();
	}

	/** Scales the spans by the factors keeping the data point under {@code (x, y)} at {@code (x, y)}. */
	private void zoomAround(int x, int y, double timeFactor, double seqFactor) {
		Rectangle p = getPlotArea();
		double fx = Math.max(0, Math.min(1, (double) (x - p.x) / p.width));
		double fy = Math.max(0, Math.min(1, (double) (p.y + p.height - y) / p.height));
		long tAt = fT0 + (long) (fx * (fT1 - fT0));
		long tSpan = Math.max(MIN_TIME_SPAN, (long) ((fT1 - fT0) * timeFactor));
		long t0 = tAt - (long) (fx * tSpan);
		double sAt = fS0 + fy * (fS1 - fS0);
		double sSpan = Math.max(MIN_SEQ_SPAN, (fS1 - fS0) * seqFactor);
		double s0 = sAt - fy * sSpan;
		applyUserWindow(t0, t0 + tSpan, s0, s0 + sSpan);
		fFollowAll = false;
		redraw();
	}

	private void onKey(Event e) {
		Rectangle p = getPlotArea();
		boolean shift = (e.stateMask & SWT.SHIFT) != 0;
		switch (e.keyCode) {
		case SWT.ARROW_LEFT, SWT.ARROW_RIGHT -> {
			int dir = e.keyCode == SWT.ARROW_RIGHT ? 1 : -1;
			if (shift) {
				long dt = (fT1 - fT0) / 10 * dir;
				applyUserWindow(fT0 + dt, fT1 + dt, fS0, fS1);
				fFollowAll = false;
				redraw();
				fireWindow();
			} else {
				stepSelection(dir);
			}
		}
		case SWT.ARROW_UP, SWT.ARROW_DOWN -> {
			double ds = (fS1 - fS0) / 10 * (e.keyCode == SWT.ARROW_UP ? 1 : -1);
			applyUserWindow(fT0, fT1, fS0 + ds, fS1 + ds);
			fFollowAll = false;
			redraw();
			fireWindow();
		}
		case SWT.HOME -> userReset();
		case SWT.ESC -> {
			if (fDrag == Drag.BOX) {
				fDrag = Drag.NONE;
				redraw();
			}
		}
		case SWT.KEYPAD_ADD, SWT.KEYPAD_SUBTRACT -> keyZoom(e.keyCode == SWT.KEYPAD_ADD, p);
		default -> {
			if (e.character == '+' || e.character == '=') {
				keyZoom(true, p);
			} else if (e.character == '-') {
				keyZoom(false, p);
			}
		}
		}
	}

	private void keyZoom(boolean in, Rectangle p) {
		double f = in ? 1 / ZOOM_STEP : ZOOM_STEP;
		zoomAround(p.x + p.width / 2, p.y + p.height / 2, f, f);
		fireWindow();
	}

	private void stepSelection(int dir) {
		int n = fData.size();
		if (n == 0) {
			return;
		}
		int i;
		if (fSelected < 0) {
			// start from the window: first visible packet going right, last going left
			i = dir > 0 ? Math.min(n - 1, fData.lowerBound(fT0, n)) : Math.max(0, fData.lowerBound(fT1, n) - 1);
		} else {
			i = Math.max(0, Math.min(n - 1, fSelected + dir));
		}
		if (i == fSelected) {
			return;
		}
		fSelected = i;
		boolean moved = ensureVisible(i);
		redraw();
		fireSelection();
		if (moved) {
			fireWindow();
		}
	}

	// ---------------------------------------------------------------- painting

	/** @return drawing calls (lines, rectangles, polygons) the last full paint made for packets and overlays */
	public int getLastPaintPrimitives() {
		return fPrimitives;
	}

	/** @return nanoseconds the last full paint took (its own drawing, not the copy to the screen) */
	public long getLastPaintNanos() {
		return fPaintNanos;
	}

	/**
	 * Paints the whole chart, as it appears on screen at the control's current size, into {@code gc}: for
	 * screenshots, e.g. into an {@code Image} of {@link #getSize()}.
	 */
	public void paintTo(GC gc) {
		checkWidget();
		Rectangle c = getClientArea();
		paint(gc, 0, 0, c.width, c.height);
	}

	private void paint(GC gc, int cx, int cy, int cw, int ch) {
		Rectangle c = getClientArea();
		Rectangle p = getPlotArea();
		if (cy + ch <= TOP && cw > 0) {
			// hover change: only the status line is stale; keep the last full paint's count
			int primitives = fPrimitives;
			paintStatus(gc, c);
			fPrimitives = primitives;
			return;
		}
		long started = System.nanoTime();
		fPrimitives = 0;
		gc.setAntialias(SWT.OFF);
		gc.setLineWidth(1);
		gc.setAlpha(255);
		gc.setBackground(fBackground);
		gc.fillRectangle(c);
		gc.setClipping(p);
		paintTimeBands(gc, p);
		paintSeqBands(gc, p);
		paintGrid(gc, p);
		paintPackets(gc, p);
		paintHighlights(gc, p);
		paintGlyphs(gc, p);
		paintSelection(gc, p);
		paintBandLabels(gc, p);
		gc.setClipping((Rectangle) null);
		paintAxes(gc, c, p);
		paintStatus(gc, c);
		if (fDrag == Drag.BOX) {
			gc.setForeground(fSelectionColor);
			gc.setLineStyle(SWT.LINE_DASH);
			gc.drawRectangle(Math.min(fPressX, fDragX), Math.min(fPressY, fDragY), Math.abs(fDragX - fPressX),
					Math.abs(fDragY - fPressY));
			gc.setLineStyle(SWT.LINE_SOLID);
		}
		fPaintNanos = System.nanoTime() - started;
	}

	private double xd(long t, Rectangle p) {
		return p.x + (double) (t - fT0) * p.width / (fT1 - fT0);
	}

	private int yClamped(double seq, Rectangle p) {
		double y = p.y + p.height - (seq - fS0) * p.height / (fS1 - fS0);
		return (int) Math.floor(Math.max(p.y - 8, Math.min(p.y + p.height + 8, y)));
	}

	private int xClamped(long t, Rectangle p) {
		return (int) Math.floor(Math.max(p.x - 8, Math.min(p.x + p.width + 8, xd(t, p))));
	}

	/*
	 * Bands come sorted by start (ChartOverlays sorts them); neighbours of the same kind and line that meet
	 * in pixels are drawn as one rectangle, so thousands of small gaps cost at most one rectangle per pixel
	 * row or column, like the packets.
	 */
	private void paintTimeBands(GC gc, Rectangle p) {
		int pendX0 = 0, pendX1 = -1, pendLine = 0;
		for (TimeBand b : fOverlays.timeBands()) {
			if (b.endNanos() <= fT0 || b.startNanos() >= fT1) {
				continue;
			}
			int x0 = xClamped(b.startNanos(), p);
			int x1 = Math.max(x0 + 2, xClamped(b.endNanos(), p));
			if (pendX1 >= 0 && b.line() == pendLine && x0 <= pendX1 + 1) {
				pendX1 = Math.max(pendX1, x1);
				continue;
			}
			if (pendX1 >= 0) {
				fillTimeBand(gc, p, pendX0, pendX1, pendLine);
			}
			pendX0 = x0;
			pendX1 = x1;
			pendLine = b.line();
		}
		if (pendX1 >= 0) {
			fillTimeBand(gc, p, pendX0, pendX1, pendLine);
		}
	}

	private void fillTimeBand(GC gc, Rectangle p, int x0, int x1, int line) {
		gc.setAlpha(46);
		gc.setBackground(fFreezeColor);
		gc.fillRectangle(x0, p.y, x1 - x0, p.height);
		gc.setAlpha(150);
		gc.setForeground(line >= 0 ? lineColor(line) : fFreezeColor);
		gc.setLineStyle(SWT.LINE_DOT);
		gc.drawLine(x0, p.y, x0, p.y + p.height);
		gc.drawLine(x1, p.y, x1, p.y + p.height);
		gc.setLineStyle(SWT.LINE_SOLID);
		gc.setAlpha(255);
		fPrimitives += 3;
	}

	private void paintSeqBands(GC gc, Rectangle p) {
		// one pending rectangle per band kind; y grows downwards, so later (higher) bands extend the top
		int kinds = ChartOverlays.SeqBandKind.values().length;
		int[] pendTop = new int[kinds], pendBot = new int[kinds], pendLine = new int[kinds];
		java.util.Arrays.fill(pendBot, Integer.MIN_VALUE);
		for (SeqBand b : fOverlays.seqBands()) {
			if (b.endSeq() <= fS0 || b.firstSeq() >= fS1) {
				continue;
			}
			int yTop = yClamped(b.endSeq(), p);
			int yBot = yClamped(b.firstSeq(), p);
			if (yBot - yTop < 3) {
				// keep a loss visible when zoomed out
				int mid = (yTop + yBot) / 2;
				yTop = mid - 1;
				yBot = mid + 2;
			}
			int k = b.kind().ordinal();
			if (pendBot[k] != Integer.MIN_VALUE && pendLine[k] == b.line() && yBot >= pendTop[k] - 1) {
				pendTop[k] = Math.min(pendTop[k], yTop);
				pendBot[k] = Math.max(pendBot[k], yBot);
				continue;
			}
			if (pendBot[k] != Integer.MIN_VALUE) {
				fillSeqBand(gc, p, k, pendTop[k], pendBot[k], pendLine[k]);
			}
			pendTop[k] = yTop;
			pendBot[k] = yBot;
			pendLine[k] = b.line();
		}
		for (int k = 0; k < kinds; k++) {
			if (pendBot[k] != Integer.MIN_VALUE) {
				fillSeqBand(gc, p, k, pendTop[k], pendBot[k], pendLine[k]);
			}
		}
	}

	private void fillSeqBand(GC gc, Rectangle p, int kind, int yTop, int yBot, int line) {
		switch (ChartOverlays.SeqBandKind.values()[kind]) {
		case GAP -> {
			gc.setAlpha(110);
			gc.setBackground(fErrorColor);
		}
		case LINE_GAP -> {
			gc.setAlpha(50);
			gc.setBackground(fErrorColor);
		}
		case LINE_FIRST -> {
			gc.setAlpha(40);
			gc.setBackground(line >= 0 ? lineColor(line) : fFreezeColor);
		}
		case NOTE -> {
			gc.setAlpha(50);
			gc.setBackground(fWarningColor);
		}
		}
		gc.fillRectangle(p.x, yTop, p.width, yBot - yTop);
		gc.setAlpha(255);
		fPrimitives++;
	}

	private void paintBandLabels(GC gc, Rectangle p) {
		int fh = gc.getFontMetrics().getHeight();
		int row = 0;
		int lastRight = Integer.MIN_VALUE;
		for (TimeBand b : fOverlays.timeBands()) {
			String label = b.label();
			if (label == null || b.endNanos() <= fT0 || b.startNanos() >= fT1) {
				continue;
			}
			int x0 = Math.max(p.x + 2, xClamped(b.startNanos(), p) + 3);
			if (x0 < lastRight && row >= 2) {
				continue; // three rows of labels are full here: the band is still drawn
			}
			row = x0 < lastRight ? row + 1 : 0;
			labelBox(gc, label, x0, p.y + 3 + row * fh, b.line() >= 0 ? lineColor(b.line()) : fAxisText);
			lastRight = Math.max(lastRight, x0 + gc.textExtent(label).x);
		}
		int lastY = Integer.MAX_VALUE;
		java.util.Set<String> drawn = new java.util.HashSet<>();
		for (SeqBand b : fOverlays.seqBands()) {
			String label = b.label();
			if (label == null || b.endSeq() <= fS0 || b.firstSeq() >= fS1 || drawn.contains(label)) {
				continue; // the same words twice say nothing new: the bands themselves show each range
			}
			int yTop = yClamped(b.endSeq(), p);
			int yBot = yClamped(b.firstSeq(), p);
			int y = Math.max(p.y + 2, Math.min(p.y + p.height - fh - 2, (yTop + yBot) / 2 - fh / 2));
			if (Math.abs(y - lastY) < fh) {
				continue; // would overprint the previous label
			}
			lastY = y;
			drawn.add(label);
			labelBox(gc, label, p.x + 4, y, switch (b.kind()) {
			case GAP, LINE_GAP -> fErrorColor;
			case LINE_FIRST -> b.line() >= 0 ? lineColor(b.line()) : fAxisText;
			case NOTE -> fWarningColor;
			});
		}
	}

	/** A label on a dark box, so that red text stays readable on a red band. */
	private void labelBox(GC gc, String label, int x, int y, Color colour) {
		Point e = gc.textExtent(label);
		gc.setBackground(fBackground);
		gc.setAlpha(220);
		gc.fillRectangle(x - 2, y, e.x + 4, e.y);
		gc.setAlpha(255);
		gc.setForeground(colour);
		gc.drawText(label, x, y, true);
	}

	private void paintGrid(GC gc, Rectangle p) {
		gc.setForeground(fGrid);
		long tStep = timeStep(p);
		for (long t = Ticks.firstTick(fT0, tStep); t <= fT1; t += tStep) {
			int x = (int) xd(t, p);
			gc.drawLine(x, p.y, x, p.y + p.height);
		}
		long sStep = seqStep(p);
		for (long s = Ticks.firstTick((long) Math.ceil(fS0), sStep); s <= fS1; s += sStep) {
			int y = yClamped(s, p);
			gc.drawLine(p.x, y, p.x + p.width, y);
		}
	}

	private long timeStep(Rectangle p) {
		return Ticks.niceStep((double) (fT1 - fT0) * 130 / p.width);
	}

	private long seqStep(Rectangle p) {
		return Ticks.niceStep((fS1 - fS0) * 40 / p.height);
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

	/**
	 * One pass over the visible packets into per-column, per-line cells, then at most one mark per cell.
	 */
	private void paintPackets(GC gc, Rectangle p) {
		ChartData data = fData;
		int n = data.size(); // first: the columns below are at least this long (see ChartData)
		if (n == 0) {
			return;
		}
		long[] time = data.timeColumn();
		long[] firstSeq = data.firstSeqColumn();
		int[] count = data.countColumn();
		byte[] line = data.lineColumn();
		byte[] kind = data.kindColumn();
		long[] bMin = data.blockMinSeqColumn();
		long[] bMax = data.blockMaxEndColumn();
		int[] bMask = data.blockMaskColumn();

		int w = p.width;
		int lines = Math.max(1, Math.min(ChartData.MAX_LINES, data.lineCount()));
		int cells = w * lines;
		ensureScratch(cells);
		ensureSpecScratch(w * SPECIAL_KINDS);
		java.util.Arrays.fill(fColCount, 0, cells, 0);
		java.util.Arrays.fill(fSpecCount, 0, w * SPECIAL_KINDS, 0);
		long[] colMin = fColMin, colMax = fColMax;
		int[] colCount = fColCount, colLast = fColLast, colKinds = fColKinds;
		long[] specMin = fSpecMin, specMax = fSpecMax;
		int[] specCount = fSpecCount, specLast = fSpecLast;

		long t0 = fT0;
		double pxPerNs = (double) w / (fT1 - fT0);
		// a packet is visible if its sequence range meets [sLo, sHi]
		long sLo = (long) Math.floor(fS0) - 1;
		long sHi = (long) Math.ceil(fS1) + 1;
		int lo = data.lowerBound(t0, n);
		int hi = data.upperBound(fT1, n);
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
					int cell = (Math.min(k, PacketKind.MALFORMED.ordinal()) - PacketKind.END_OF_SESSION.ordinal()) * w
							+ col;
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

		boolean detail = (long) (hi - lo) * DETAIL_SPACING <= w;
		// draw higher lines first so that line A ends up on top
		for (int ln = lines - 1; ln >= 0; ln--) {
			Color color = lineColor(ln);
			gc.setForeground(color);
			gc.setBackground(color);
			int base = ln * w;
			for (int col = 0; col < w; col++) {
				int cell = base + col;
				int cnt = colCount[cell];
				if (cnt == 0) {
					continue;
				}
				int x = p.x + col;
				if (detail && cnt == 1) {
					drawPacket(gc, p, colLast[cell], x, color);
				} else if (colKinds[cell] == (1 << ORD_HEARTBEAT)) {
					// only heartbeats in this column: a small diamond at the expected sequence
					diamond(gc, x, yClamped(colMin[cell], p), 2, false);
				} else {
					int yTop = yClamped(colMax[cell], p);
					int yBot = yClamped(colMin[cell], p);
					gc.fillRectangle(x, yTop, 1, Math.max(1, yBot - yTop));
					fPrimitives++;
				}
			}
		}
		for (int s = 0; s < SPECIAL_KINDS; s++) {
			int base = s * w;
			for (int col = 0; col < w; col++) {
				int cell = base + col;
				if (specCount[cell] == 0) {
					continue;
				}
				int idx = specLast[cell];
				drawSpecial(gc, p, data.kind(idx), p.x + col, specMin[cell], specMax[cell]);
			}
		}
	}

	/** A single packet: a 3 px wide mark with caps, or a diamond for a heartbeat. */
	private void drawPacket(GC gc, Rectangle p, int i, int x, Color color) {
		long first = fData.firstSeq(i);
		int count = fData.count(i);
		if (count == 0) {
			int y = yClamped(first, p);
			diamond(gc, x, y, 3, false);
			return;
		}
		int yTop = yClamped(first + count, p);
		int yBot = yClamped(first, p);
		gc.fillRectangle(x - 1, yTop, 3, Math.max(1, yBot - yTop));
		gc.drawLine(x - 3, yTop, x + 3, yTop);
		gc.drawLine(x - 3, yBot, x + 3, yBot);
		fPrimitives += 3;
	}

	private void drawSpecial(GC gc, Rectangle p, PacketKind kind, int x, long first, long end) {
		int yTop = yClamped(end, p);
		int yBot = yClamped(first, p);
		int yMid = (yTop + yBot) / 2;
		switch (kind) {
		case REQUEST -> {
			// the requested range as a dashed bracket, an open triangle pointing at it
			gc.setForeground(fRequestColor);
			gc.setLineStyle(SWT.LINE_DASH);
			gc.drawLine(x, yTop, x, Math.max(yTop + 1, yBot));
			gc.setLineStyle(SWT.LINE_SOLID);
			triangle(gc, x, yMid, false, fRequestColor);
			fPrimitives++;
		}
		case ANSWER -> {
			gc.setBackground(fAnswerColor);
			gc.setForeground(fAnswerColor);
			gc.fillRectangle(x - 1, yTop, 3, Math.max(1, yBot - yTop));
			triangle(gc, x, yMid, true, fAnswerColor);
			fPrimitives++;
		}
		case END_OF_SESSION -> {
			gc.setForeground(fMalformedColor);
			gc.drawRectangle(x - 3, yBot - 3, 6, 6);
			fPrimitives++;
		}
		default -> {
			gc.setForeground(fMalformedColor);
			if (first >= fS1 || end < fS0) {
				// the claimed sequence is outside the window (often far outside: a damaged header): an arrow
				// at the edge pointing where the claim lies, and the malformed cross under it
				boolean above = first >= fS1;
				int d = above ? 1 : -1;
				int y = above ? p.y + 1 : p.y + p.height - 2;
				int[] pts = { x, y, x - 5, y + 7 * d, x + 5, y + 7 * d };
				gc.setBackground(fErrorColor);
				gc.fillPolygon(pts);
				int yc = y + 12 * d;
				gc.drawLine(x - 3, yc - 3, x + 3, yc + 3);
				gc.drawLine(x - 3, yc + 3, x + 3, yc - 3);
				fPrimitives += 3;
			} else {
				gc.drawLine(x - 3, yBot - 3, x + 3, yBot + 3);
				gc.drawLine(x - 3, yBot + 3, x + 3, yBot - 3);
				fPrimitives += 2;
			}
		}
		}
	}

	/** A triangle left of x pointing right at (x, y). */
	private void triangle(GC gc, int x, int y, boolean filled, Color color) {
		int[] pts = { x - 11, y - 6, x - 3, y, x - 11, y + 6 };
		if (filled) {
			gc.setBackground(color);
			gc.fillPolygon(pts);
		} else {
			gc.setForeground(color);
			gc.drawPolygon(pts);
		}
		fPrimitives++;
	}

	private void diamond(GC gc, int x, int y, int r, boolean filled) {
		int[] pts = fPoly;
		pts[0] = x;
		pts[1] = y - r;
		pts[2] = x + r;
		pts[3] = y;
		pts[4] = x;
		pts[5] = y + r;
		pts[6] = x - r;
		pts[7] = y;
		if (filled) {
			gc.fillPolygon(pts);
		} else {
			gc.drawPolygon(pts);
		}
		fPrimitives++;
	}

	private void paintHighlights(GC gc, Rectangle p) {
		int[] idx = fHighlightIdx;
		if (idx.length == 0) {
			return;
		}
		int n = fData.size();
		int lo = fData.lowerBound(fT0, n);
		int hi = fData.upperBound(fT1, n);
		int from = lowerBound(idx, lo);
		int lastX = Integer.MIN_VALUE;
		Severity lastSev = Severity.WARNING;
		List<PacketHighlight> hl = fOverlays.highlights();
		gc.setLineWidth(2);
		for (int h = from; h < idx.length && idx[h] < hi; h++) {
			int i = idx[h];
			int x = (int) xd(fData.time(i), p);
			Severity sev = hl.get(h).severity();
			if (x == lastX && (lastSev == Severity.ERROR || sev == Severity.WARNING)) {
				continue; // one per column, the worst one
			}
			lastX = x;
			lastSev = sev;
			Color c = sev == Severity.ERROR ? fErrorColor : fWarningColor;
			int yTop = yClamped(fData.endSeq(i), p);
			int yBot = yClamped(fData.firstSeq(i), p);
			gc.setBackground(c);
			gc.setForeground(c);
			gc.fillRectangle(x - 2, yTop, 5, Math.max(2, yBot - yTop));
			// a ring keeps one packet findable at any zoom
			int r = Math.max(9, (yBot - yTop) / 2 + 6);
			gc.drawOval(x - r, (yTop + yBot) / 2 - r, 2 * r, 2 * r);
			fPrimitives += 2;
		}
		gc.setLineWidth(1);
	}

	/** Glyphs come sorted by time; at most one per pixel column and severity. */
	private void paintGlyphs(GC gc, Rectangle p) {
		List<ChartOverlays.Glyph> glyphs = fOverlays.glyphs();
		if (glyphs.isEmpty()) {
			return;
		}
		int lastX = Integer.MIN_VALUE;
		gc.setLineWidth(2);
		for (ChartOverlays.Glyph g : glyphs) {
			if (g.timeNanos() < fT0 || g.timeNanos() > fT1 || g.seq() < fS0 || g.seq() > fS1) {
				continue;
			}
			int x = (int) xd(g.timeNanos(), p);
			if (x == lastX) {
				continue;
			}
			lastX = x;
			int y = yClamped(g.seq() + 0.5, p);
			Color c = g.severity() == Severity.ERROR ? fErrorColor : fWarningColor;
			gc.setForeground(c);
			gc.setBackground(c);
			int r = 6;
			switch (g.shape()) {
			// pointing down at the message, above the packet's mark so both stay visible
			case TRIANGLE -> gc.fillPolygon(new int[] { x, y - 3, x - r, y - 3 - 2 * r, x + r, y - 3 - 2 * r });
			case DIAMOND -> gc.fillPolygon(new int[] { x, y - r, x + r, y, x, y + r, x - r, y });
			case CROSS -> {
				gc.drawLine(x - r, y - r, x + r, y + r);
				gc.drawLine(x - r, y + r, x + r, y - r);
			}
			case CIRCLE -> gc.drawOval(x - r, y - r, 2 * r, 2 * r);
			}
			fPrimitives++;
		}
		gc.setLineWidth(1);
	}

	private static int lowerBound(int[] a, int v) {
		int lo = 0, hi = a.length;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (a[mid] < v) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}

	private void paintSelection(GC gc, Rectangle p) {
		int i = fSelected;
		if (i < 0 || i >= fData.size()) {
			return;
		}
		long t = fData.time(i);
		if (t < fT0 || t > fT1) {
			return;
		}
		int x = (int) xd(t, p);
		int yTop = yClamped(fData.endSeq(i), p);
		int yBot = yClamped(fData.firstSeq(i), p);
		gc.setBackground(fSelectionColor);
		gc.setForeground(fSelectionColor);
		if (fData.count(i) == 0) {
			diamond(gc, x, yBot, 5, true);
		} else {
			gc.fillRectangle(x - 2, yTop, 5, Math.max(2, yBot - yTop));
			gc.drawLine(x - 6, yTop, x + 6, yTop);
			gc.drawLine(x - 6, yBot, x + 6, yBot);
			fPrimitives += 3;
		}
		// corner brackets so the selection is found when zoomed out
		int r = 10;
		int yc = (yTop + yBot) / 2;
		gc.drawLine(x - r, yc - r - (yBot - yTop) / 2, x - r, yc + r + (yBot - yTop) / 2);
		gc.drawLine(x + r, yc - r - (yBot - yTop) / 2, x + r, yc + r + (yBot - yTop) / 2);
		fPrimitives += 2;
	}

	private void paintAxes(GC gc, Rectangle c, Rectangle p) {
		gc.setForeground(fAxisText);
		gc.drawRectangle(p.x - 1, p.y - 1, p.width + 1, p.height + 1);
		int fh = gc.getFontMetrics().getHeight();
		// time axis
		long tStep = timeStep(p);
		long offset = zoneOffset(fT0);
		long anchor = Ticks.anchorFor(fT0);
		int lastRight = Integer.MIN_VALUE;
		for (long t = Ticks.firstTick(fT0, tStep); t <= fT1; t += tStep) {
			int x = (int) xd(t, p);
			gc.drawLine(x, p.y + p.height, x, p.y + p.height + 4);
			String s = fTimeOrigin == Long.MIN_VALUE ? Ticks.timeLabel(t, tStep, anchor, offset)
					: seconds(t - fTimeOrigin, Math.max(Ticks.fractionDigitsFor(tStep), 0));
			Point e = gc.textExtent(s);
			int lx = x - e.x / 2;
			if (lx > lastRight + 6 && lx + e.x <= c.width) {
				gc.drawText(s, lx, p.y + p.height + 5, true);
				lastRight = lx + e.x;
			}
		}
		String axis = fTimeOrigin != Long.MIN_VALUE
				? Messages.format(fTimeOrigin == 0 ? Messages.AXIS_TIME_EPOCH : Messages.AXIS_TIME_RELATIVE,
						Ticks.formatDuration(tStep))
				: tStep >= Ticks.MS
				? Messages.format(Messages.AXIS_TIME, zoneName(), Ticks.formatDuration(tStep))
				: Messages.format(Messages.AXIS_TIME_OFFSET, Ticks.formatTimeOfDay(anchor, offset, 3), zoneName(),
						Ticks.formatDuration(tStep));
		gc.drawText(axis, p.x, p.y + p.height + 5 + fh, true);
		// sequence axis
		long sStep = seqStep(p);
		for (long s = Ticks.firstTick((long) Math.ceil(fS0), sStep); s <= fS1; s += sStep) {
			int y = yClamped(s, p);
			gc.drawLine(p.x - 4, y, p.x, y);
			String label = Ticks.formatSeq(s);
			Point e = gc.textExtent(label);
			gc.drawText(label, Math.max(1, p.x - 6 - e.x), y - e.y / 2, true);
		}
	}

	private String zoneName() {
		return fZone == ZoneOffset.UTC ? "UTC" : fZone.getId();
	}

	private void paintStatus(GC gc, Rectangle c) {
		gc.setBackground(fBackground);
		gc.fillRectangle(0, 0, c.width, TOP - 1);
		int fh = gc.getFontMetrics().getHeight();
		int y = Math.max(0, (TOP - 1 - fh) / 2);
		int x = LEFT;
		int lines = Math.max(2, Math.min(ChartData.MAX_LINES, fData.lineCount()));
		for (int ln = 0; ln < lines; ln++) {
			Color col = lineColor(ln);
			gc.setBackground(col);
			gc.fillRectangle(x, y + fh / 2 - 5, 3, 11);
			gc.setForeground(col);
			String name = seriesLabel(ln, Messages.LEGEND_LINE);
			gc.drawText(name, x + 6, y, true);
			x += 6 + gc.textExtent(name).x + 12;
		}
		// the glyph keys, whole or not at all: the loss key first, the rest as room allows, so that no
		// key is ever cut off half-way ("gap / tras") at small sizes
		int right = c.width - RIGHT;
		String error = Messages.LEGEND_ERROR;
		int errorW = gc.textExtent(error).x;
		if (x + errorW <= right) {
			gc.setForeground(fErrorColor);
			gc.drawText(error, x, y, true);
			x += errorW + 16;
		}
		int hbW = 9 + gc.textExtent(Messages.LEGEND_HEARTBEAT).x;
		if (x + hbW <= right) {
			gc.setForeground(fAxisText);
			gc.setBackground(fAxisText);
			diamond(gc, x + 3, y + fh / 2, 3, false);
			gc.drawText(Messages.LEGEND_HEARTBEAT, x + 9, y, true);
			x += hbW + 12;
		}
		int rqW = 13 + gc.textExtent(Messages.LEGEND_REQUEST).x;
		if (x + rqW <= right) {
			triangle(gc, x + 11, y + fh / 2, false, fRequestColor);
			gc.setForeground(fRequestColor);
			gc.drawText(Messages.LEGEND_REQUEST, x + 13, y, true);
			x += rqW + 12;
		}
		int anW = 13 + gc.textExtent(Messages.LEGEND_ANSWER).x;
		if (x + anW <= right) {
			triangle(gc, x + 11, y + fh / 2, true, fAnswerColor);
			gc.setForeground(fAnswerColor);
			gc.drawText(Messages.LEGEND_ANSWER, x + 13, y, true);
			x += anW + 16;
		}
		fLegendRight = x;
		String status = getStatusText();
		if (!status.isEmpty()) {
			// the readout goes where there is room: after the legend, else on the time axis's caption line
			gc.setForeground(fHover >= 0 ? fAxisText : fSelectionColor);
			Point e = gc.textExtent(status);
			if (x + e.x <= right) {
				gc.drawText(status, right - e.x, y, true);
			} else {
				// its own row under the axis caption, the full width; what does not fit ends in an ellipsis
				Rectangle p = getPlotArea();
				int yRow = p.y + p.height + 5 + 2 * fh;
				int room = right - LEFT / 4;
				String shown = status;
				if (e.x > room) {
					int n = status.length();
					while (n > 1 && gc.textExtent(status.substring(0, n) + "\u2026").x > room) {
						n--;
					}
					shown = status.substring(0, n) + "\u2026";
				}
				gc.setBackground(fBackground);
				gc.fillRectangle(0, yRow, c.width, fh);
				gc.drawText(shown, Math.max(LEFT / 4, right - gc.textExtent(shown).x), yRow, true);
			}
		}
	}

	/** @return the x where the last paint's legend ended (for tests: nothing of it was cut off before this) */
	public int getLegendRight() {
		return fLegendRight;
	}
}
