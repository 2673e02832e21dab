package io.feedscope.ui.chart.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

import io.feedscope.ui.chart.SequenceChart;
import io.feedscope.ui.chart.tests.IncidentDataBuilder.Incident;

/**
 * Renders the synthetic incident at four zoom levels into PNG files: all of it, the freeze and catch-up,
 * the catch-up burst, and the trashed packet with the re-request and answer. Used by {@code ScreenshotTest} and runnable by hand:
 * {@code java -cp <swt jar>:<classes> io.feedscope.ui.chart.tests.ChartScreenshots <dir>}.
 */
public final class ChartScreenshots {

	private ChartScreenshots() {
	}

	/** Renders the chart as it is into a PNG of the control's size; @return the rendered pixels */
	public static ImageData save(SequenceChart chart, Path file) throws java.io.IOException {
		Point size = chart.getSize();
		Image image = new Image(chart.getDisplay(), size.x, size.y);
		try {
			GC gc = new GC(image);
			try {
				chart.paintTo(gc);
			} finally {
				gc.dispose();
			}
			ImageData data = image.getImageData();
			Files.createDirectories(file.getParent());
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { data };
			loader.save(file.toString(), SWT.IMAGE_PNG);
			return data;
		} finally {
			image.dispose();
		}
	}

	/** Renders the three views of the incident into {@code dir}; @return the files written */
	public static List<Path> renderIncident(Display display, Path dir) throws java.io.IOException {
		Incident inc = new IncidentDataBuilder().build();
		Shell shell = new Shell(display, SWT.NO_TRIM);
		shell.setLayout(new FillLayout());
		shell.setSize(1400, 800);
		List<Path> files = new ArrayList<>();
		try {
			SequenceChart chart = new SequenceChart(shell, SWT.NONE);
			chart.setChartData(inc.data());
			chart.setOverlays(inc.overlays());
			shell.layout(true, true);
			files.add(dir.resolve("incident-all.png"));
			save(chart, files.get(files.size() - 1));

			long burstEnd = inc.data().endSeq(inc.trashedIndex());
			chart.setWindow(inc.freezeStart() - 15_000_000, inc.freezeEnd() + 15_000_000, inc.freezeSeq() - 400,
					burstEnd + 400);
			files.add(dir.resolve("incident-freeze.png"));
			save(chart, files.get(files.size() - 1));

			long burstStart = inc.data().time(inc.firstBurstIndex());
			long burstLast = inc.data().time(inc.trashedIndex());
			chart.setWindow(burstStart - 300_000, burstLast + 700_000, inc.freezeSeq() - 60, burstEnd + 60);
			files.add(dir.resolve("incident-burst.png"));
			save(chart, files.get(files.size() - 1));

			// the straddle: the trashed packet against what B had delivered, the last full burst packet selected
			chart.setWindow(burstLast - 400_000, burstLast + 4_000_000, inc.data().firstSeq(inc.trashedIndex()) - 90,
					burstEnd + 25);
			chart.select(inc.trashedIndex() - 1);
			files.add(dir.resolve("incident-trashed.png"));
			save(chart, files.get(files.size() - 1));
			return files;
		} finally {
			shell.dispose();
		}
	}

	/** @param args output directory (default target/screenshots) */
	public static void main(String[] args) throws Exception {
		Display display = new Display();
		try {
			for (Path p : renderIncident(display, Path.of(args.length > 0 ? args[0] : "target/screenshots"))) {
				System.out.println(p.toAbsolutePath());
			}
		} finally {
			display.dispose();
		}
	}
}
