package io.feedscope.ui.chart.internal.paint;

import java.util.List;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;

import io.feedscope.ui.chart.ChartData;
import io.feedscope.ui.chart.ChartOverlays.PacketHighlight;
import io.feedscope.ui.chart.ChartOverlays.Severity;
import io.feedscope.ui.chart.internal.ChartViewport;

/** Packets a finding points at (e.g. trashed ones): a bar and a ring, one per column, the worst one. */
public final class HighlightLayer implements ChartLayer {

	@Override
	public void paint(GC gc, ChartPaintContext c) {
		int[] idx = c.highlightIdx;
		if (idx.length == 0) {
			return;
		}
		ChartData data = c.data;
		ChartViewport v = c.viewport;
		int n = data.size();
		int lo = data.lowerBound(v.t0(), n);
		int hi = data.upperBound(v.t1(), n);
		int from = lowerBound(idx, lo);
		int lastX = Integer.MIN_VALUE;
		Severity lastSev = Severity.WARNING;
		List<PacketHighlight> hl = c.overlays.highlights();
		gc.setLineWidth(2);
		for (int h = from; h < idx.length && idx[h] < hi; h++) {
			int i = idx[h];
			int x = (int) v.xd(data.time(i));
			Severity sev = hl.get(h).severity();
			if (x == lastX && (lastSev == Severity.ERROR || sev == Severity.WARNING)) {
				continue; // one per column, the worst one
			}
			lastX = x;
			lastSev = sev;
			Color col = sev == Severity.ERROR ? c.palette.error : c.palette.warning;
			int yTop = v.yClamped(data.endSeq(i));
			int yBot = v.yClamped(data.firstSeq(i));
			gc.setBackground(col);
			gc.setForeground(col);
			gc.fillRectangle(x - 2, yTop, 5, Math.max(2, yBot - yTop));
			// a ring keeps one packet findable at any zoom
			int r = Math.max(9, (yBot - yTop) / 2 + 6);
			gc.drawOval(x - r, (yTop + yBot) / 2 - r, 2 * r, 2 * r);
			c.primitives += 2;
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
}
