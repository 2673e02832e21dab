package io.feedscope.ui.chart.internal.paint;

import java.util.Arrays;

import org.eclipse.swt.graphics.Color;

import io.feedscope.dissect.PacketKind;
import io.feedscope.ui.chart.internal.PacketPresentation;

/** The chart's colours; the line colours repeat modulo the palette's length. */
public final class ChartPalette {

	public Color background = new Color(0x12, 0x16, 0x1D);
	public Color grid = new Color(0x26, 0x2D, 0x38);
	public Color axisText = new Color(0xAF, 0xB8, 0xC4);
	public Color[] lineColors = { new Color(0x4F, 0xC3, 0xF7), new Color(0xFF, 0x9E, 0x1F),
			new Color(0xB3, 0x88, 0xFF), new Color(0x80, 0xCB, 0xC4) };
	public Color error = new Color(0xFF, 0x17, 0x44);
	public Color warning = new Color(0xFF, 0xE0, 0x40);
	public Color selection = new Color(0xFF, 0xFF, 0xFF);
	public Color freeze = new Color(0x9A, 0xA8, 0xBA);
	/** the fixed colour of each kind's presentation (unused for kinds drawn in their line's colour) */
	private final Color[] fKindColors;

	public ChartPalette(PacketPresentation presentation) {
		PacketKind[] kinds = PacketKind.values();
		fKindColors = new Color[kinds.length];
		for (PacketKind k : kinds) {
			int rgb = presentation.style(k).rgb();
			fKindColors[k.ordinal()] = rgb == PacketPresentation.LINE_COLOUR ? axisText
					: new Color((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
		}
	}

	/** @return the colour of line {@code line} */
	public Color lineColor(int line) {
		return lineColors[Math.floorMod(line, lineColors.length)];
	}

	/** Sets line {@code line}'s colour; lines beyond the palette first get its colours modulo its length. */
	public void setLineColor(int line, Color colour) {
		if (line >= lineColors.length) {
			lineColors = Arrays.copyOf(lineColors, line + 1);
			for (int i = 0; i < lineColors.length; i++) {
				if (lineColors[i] == null) {
					lineColors[i] = lineColors[i % 4];
				}
			}
		}
		lineColors[line] = colour;
	}

	/** @return the fixed colour packets of {@code kind} are drawn in (see {@link PacketPresentation}) */
	public Color kindColor(PacketKind kind) {
		return fKindColors[kind.ordinal()];
	}
}
