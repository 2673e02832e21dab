package io.feedscope.ui.chart;

import java.time.ZoneId;
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

import io.feedscope.dissect.PacketKind;
import io.feedscope.ui.chart.ChartOverlays.PacketHighlight;
import io.feedscope.ui.chart.internal.ChartTimeFormat;
import io.feedscope.ui.chart.internal.ChartViewport;
import io.feedscope.ui.chart.internal.HitTest;
import io.feedscope.ui.chart.internal.Messages;
import io.feedscope.ui.chart.internal.PacketPresentation;
import io.feedscope.ui.chart.internal.Ticks;
import io.feedscope.ui.chart.internal.paint.AxesLayer;
import io.feedscope.ui.chart.internal.paint.BandLabelLayer;
import io.feedscope.ui.chart.internal.paint.ChartLayer;
import io.feedscope.ui.chart.internal.paint.ChartPaintContext;
import io.feedscope.ui.chart.internal.paint.ChartPalette;
import io.feedscope.ui.chart.internal.paint.GlyphLayer;
import io.feedscope.ui.chart.internal.paint.GridLayer;
import io.feedscope.ui.chart.internal.paint.HighlightLayer;
import io.feedscope.ui.chart.internal.paint.PacketLayer;
import io.feedscope.ui.chart.internal.paint.SeqBandLayer;
import io.feedscope.ui.chart.internal.paint.SelectionLayer;
import io.feedscope.ui.chart.internal.paint.StatusLayer;
import io.feedscope.ui.chart.internal.paint.TimeBandLayer;

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
	public static final int DETAIL_SPACING = LevelOfDetail.DETAIL_SPACING;

	private static final int LEFT = ChartPaintContext.LEFT, RIGHT = ChartPaintContext.RIGHT,
			TOP = ChartPaintContext.TOP, BOTTOM = ChartPaintContext.BOTTOM;

	/** the layers over the plot, clipped to it, in drawing order */
	private static final ChartLayer[] PLOT_LAYERS = { new TimeBandLayer(), new SeqBandLayer(), new GridLayer(),
			new PacketLayer(), new HighlightLayer(), new GlyphLayer(), new SelectionLayer(), new BandLabelLayer() };
	private static final ChartLayer AXES = new AxesLayer();
	private static final ChartLayer STATUS = new StatusLayer();

	private final ChartViewport fViewport = new ChartViewport();
	private final ChartTimeFormat fTime = new ChartTimeFormat();
	private final ChartPaintContext fPaint = new ChartPaintContext(fViewport, PacketPresentation.DEFAULT, fTime);
	private final ChartPalette fPalette = fPaint.palette;
	private final ChartInputHandler fInput;

	private ChartData fData = fPaint.data;
	private ChartOverlays fOverlays = ChartOverlays.NONE;
	private int[] fHighlightIdx = new int[0];

	private boolean fFollowAll = true; // window = "all data": grows with dataChanged()
	/** where Home and reset go; null = all packets */
	private @Nullable ChartWindow fHome;
	/** several captures: frames are named capture:frame (1-based capture numbers, as in every view) */
	private boolean fCaptureNumbers;

	private String[] fLineNames = { "A", "B", "C", "D" };
	private boolean fPlainSeriesNames;

	private int fSelected = -1;
	private int fHover = -1;

	private final List<PacketSelectionListener> fSelectionListeners = new CopyOnWriteArrayList<>();
	private final List<WindowRangeListener> fWindowListeners = new CopyOnWriteArrayList<>();

	private int fPrimitives;
	private int fLegendRight;
	private long fPaintNanos;

	/**
	 * @param parent the parent
	 * @param style  Canvas styles; DOUBLE_BUFFERED and NO_BACKGROUND are added
	 */
	public SequenceChart(Composite parent, int style) {
		super(parent, style | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
		addListener(SWT.Paint, e -> paint(e.gc, e.x, e.y, e.width, e.height));
		addListener(SWT.Resize, e -> redraw());
		fInput = new ChartInputHandler(this);
		fPaint.seriesLabel = ln -> seriesLabel(ln, Messages.LEGEND_LINE);
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
		fPalette.setLineColor(line, new Color(rgb));
		redraw();
	}

	/** @return the colour of line {@code line} */
	public RGB getLineColor(int line) {
		return fPalette.lineColor(line).getRGB();
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
		fPalette.selection = new Color(rgb);
		redraw();
	}

	/** @return the colour the selected packet is drawn in */
	public RGB getSelectionColor() {
		return fPalette.selection.getRGB();
	}

	/** Sets the colour of ERROR highlights and gap bands (default red). */
	public void setErrorColor(RGB rgb) {
		checkWidget();
		fPalette.error = new Color(rgb);
		redraw();
	}

	/** @return the colour of ERROR highlights and gap bands */
	public RGB getErrorColor() {
		return fPalette.error.getRGB();
	}

	/** Sets the chart background (default near black). */
	public void setChartBackground(RGB rgb) {
		checkWidget();
		fPalette.background = new Color(rgb);
		redraw();
	}

	/** @return the chart background */
	public RGB getChartBackground() {
		return fPalette.background.getRGB();
	}

	/** @param zone zone for time-of-day labels (default UTC, as capture timestamps are) */
	public void setTimeZone(ZoneId zone) {
		checkWidget();
		fTime.setZone(zone);
		redraw();
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

	/** Tells the window listeners the current window (the user zoomed or panned). */
	void fireWindow() {
		ChartWindow w = getWindow();
		for (WindowRangeListener l : fWindowListeners) {
			l.windowChanged(w);
		}
	}

	/** The user picked packet {@code i}: select it and tell the selection listeners. */
	void userSelect(int i) {
		fSelected = i;
		redraw();
		fireSelection();
	}

	/** The user zoomed or panned: the window no longer follows all data. */
	void userMoved() {
		fFollowAll = false;
		redraw();
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
		fViewport.set(startNanos, endNanos, firstSeq, endSeq);
		fFollowAll = false;
		redraw();
	}

	/** @return the visible window, sequence range rounded outwards to whole numbers */
	public ChartWindow getWindow() {
		return fViewport.window();
	}

	/** Fits the window to all packets, as Home does, but notifies no listener. */
	public void resetWindow() {
		checkWidget();
		fitAll();
		fFollowAll = true;
		redraw();
	}

	private void fitAll() {
		ChartWindow home = fHome;
		ChartWindow x = home != null ? home : getExtent();
		fViewport.set(x.startNanos(), x.endNanos(), x.firstSeq(), x.endSeq());
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
		long tPad = Math.max(ChartViewport.MIN_TIME_SPAN, (t1 - t0) / 50);
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

	/** Scrolls (keeping the spans) so that packet {@code i} is inside the window; @return whether it moved */
	private boolean ensureVisible(int i) {
		boolean moved = fViewport.ensureVisible(fData.time(i), fData.firstSeq(i), fData.endSeq(i),
				fData.kind(i) == PacketKind.MALFORMED);
		if (moved) {
			fFollowAll = false;
		}
		return moved;
	}

	// ---------------------------------------------------------------- coordinates

	/** @return the viewport, its plot area set to the control's current size */
	ChartViewport viewport() {
		Rectangle c = getClientArea();
		fViewport.setPlot(LEFT, TOP, c.width - LEFT - RIGHT, c.height - TOP - BOTTOM);
		return fViewport;
	}

	/** @return the plot area (inside the axes) in control coordinates */
	public Rectangle getPlotArea() {
		ChartViewport v = viewport();
		return new Rectangle(v.plotX(), v.plotY(), v.plotWidth(), v.plotHeight());
	}

	/** @return the x pixel of capture time {@code t} in the current window (may be outside the plot) */
	public int xOf(long t) {
		return viewport().xOf(t);
	}

	/** @return the y pixel of the lower edge of sequence number {@code seq} (may be outside the plot) */
	public int yOf(long seq) {
		return viewport().yOf(seq);
	}

	/** @return the capture time at pixel column {@code x} */
	public long timeAt(int x) {
		return viewport().timeAt(x);
	}

	/** @return the sequence number (fractional) at pixel row {@code y} */
	public double seqAt(int y) {
		return viewport().seqAt(y);
	}

	/**
	 * @return the packet whose mark is nearest to {@code (x, y)} within {@value #HIT_RADIUS} px, or -1; on ties
	 *         the lower line (drawn on top) wins
	 */
	public int packetAt(int x, int y) {
		return HitTest.packetAt(fData, viewport(), x, y, HIT_RADIUS);
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
		b.append("  ").append(fTime.readout(t));
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

	/** The mouse is over packet {@code i} (-1: none): the readout and the tooltip describe it. */
	void setHover(int i) {
		if (i == fHover) {
			return;
		}
		fHover = i;
		setToolTipText(i >= 0 ? describePacket(i) : null);
		Rectangle c = getClientArea();
		redraw(0, 0, c.width, TOP, false);
		Rectangle p = getPlotArea();
		if (fLegendRight + 200 > c.width - RIGHT) {
			// a narrow chart shows the readout on the time axis's caption line (see StatusLayer)
			redraw(p.x, p.y + p.height + 4, p.width, Math.max(1, c.height - p.y - p.height - 4), false);
		}
	}

	// ---------------------------------------------------------------- commands

	/** Zooms in a step around the centre, as '+' does; tells the window listeners (toolbar, menus). */
	public void zoomIn() {
		checkWidget();
		keyZoom(true);
	}

	/** Zooms out a step around the centre, as '-' does (never beyond the extent); tells the window listeners. */
	public void zoomOut() {
		checkWidget();
		keyZoom(false);
	}

	private void keyZoom(boolean in) {
		double f = in ? 1 / ChartInputHandler.ZOOM_STEP : ChartInputHandler.ZOOM_STEP;
		ChartViewport v = viewport();
		v.zoomAround(v.plotX() + v.plotWidth() / 2, v.plotY() + v.plotHeight() / 2, f, f, getExtent());
		userMoved();
		fireWindow();
	}

	/** Goes to the home window, as Home does; tells the window listeners. */
	public void reset() {
		checkWidget();
		resetWindow();
		fireWindow();
	}

	/** Shows every packet (the whole extent), whatever the home window; tells the window listeners. */
	public void showAll() {
		checkWidget();
		ChartWindow x = getExtent();
		fViewport.set(x.startNanos(), x.endNanos(), x.firstSeq(), x.endSeq());
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
		fViewport.zoomOn(fData.time(i), fData.firstSeq(i), fData.endSeq(i), fData.kind(i) == PacketKind.MALFORMED);
		fFollowAll = false;
		redraw();
		fireWindow();
	}

	/** @return where the context menu was last opened, in control coordinates */
	public Point getMenuPoint() {
		return fInput.menuPoint();
	}

	/**
	 * Shows times as times of day (the default), or as seconds since an origin: the capture set's first frame
	 * ("seconds since the first frame"), or 0 ("seconds since the epoch"), the way the packet table shows them,
	 * on the time axis and in the readout.
	 *
	 * @param origin {@code Long.MIN_VALUE} for times of day, else the time seconds are counted from
	 */
	public void setTimeOrigin(long origin) {
		fTime.setOrigin(origin);
		redraw();
	}

	/**
	 * Names frames capture:frame with 1-based capture numbers (several captures open), or by frame number
	 * alone (one capture), the way the packet table and the findings number them.
	 */
	public void setCaptureNumbers(boolean several) {
		fCaptureNumbers = several;
		redraw();
	}

	/** Left / Right: the previous / next packet in capture order, scrolled into view. */
	void stepSelection(int dir) {
		int n = fData.size();
		if (n == 0) {
			return;
		}
		int i;
		if (fSelected < 0) {
			// start from the window: first visible packet going right, last going left
			i = dir > 0 ? Math.min(n - 1, fData.lowerBound(fViewport.t0(), n))
					: Math.max(0, fData.lowerBound(fViewport.t1(), n) - 1);
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

	/** Fills the layers' context with what this paint shows. */
	private ChartPaintContext paintContext() {
		ChartPaintContext ctx = fPaint;
		ctx.client = getClientArea();
		ctx.plot = getPlotArea(); // also sets the viewport's plot area
		ctx.data = fData;
		ctx.overlays = fOverlays;
		ctx.highlightIdx = fHighlightIdx;
		ctx.selected = fSelected;
		ctx.status = getStatusText();
		ctx.hovering = fHover >= 0;
		return ctx;
	}

	private void paint(GC gc, int cx, int cy, int cw, int ch) {
		ChartPaintContext ctx = paintContext();
		Rectangle c = ctx.client;
		if (cy + ch <= TOP && cw > 0) {
			// hover change: only the status line is stale; keep the last full paint's count
			STATUS.paint(gc, ctx);
			fLegendRight = ctx.legendRight;
			return;
		}
		long started = System.nanoTime();
		ctx.primitives = 0;
		gc.setAntialias(SWT.OFF);
		gc.setLineWidth(1);
		gc.setAlpha(255);
		gc.setBackground(fPalette.background);
		gc.fillRectangle(c);
		gc.setClipping(ctx.plot);
		for (ChartLayer layer : PLOT_LAYERS) {
			layer.paint(gc, ctx);
		}
		gc.setClipping((Rectangle) null);
		AXES.paint(gc, ctx);
		STATUS.paint(gc, ctx);
		fPrimitives = ctx.primitives;
		fLegendRight = ctx.legendRight;
		int[] box = fInput.box();
		if (box != null) {
			gc.setForeground(fPalette.selection);
			gc.setLineStyle(SWT.LINE_DASH);
			gc.drawRectangle(box[0], box[1], box[2], box[3]);
			gc.setLineStyle(SWT.LINE_SOLID);
		}
		fPaintNanos = System.nanoTime() - started;
	}

	/** @return the x where the last paint's legend ended (for tests: nothing of it was cut off before this) */
	public int getLegendRight() {
		return fLegendRight;
	}
}
