package io.feedscope.ui.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.RGB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.ui.chart.tests.ChartFixture;
import io.feedscope.ui.chart.tests.ChartScreenshots;

/**
 * Writes the incident screenshots (target/screenshots/incident-*.png) for people to look at, and checks
 * that each shows the colours of what it is about.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScreenshotTest {

	private static final RGB LINE_A = new RGB(0x4F, 0xC3, 0xF7), LINE_B = new RGB(0xFF, 0x9E, 0x1F),
			ERROR = new RGB(0xFF, 0x17, 0x44);

	@Test
	void incidentScreenshotsShowBothLinesAndTheTrashedPacket() throws Exception {
		Path dir = Path.of(System.getProperty("feedscope.screenshots", "target/screenshots"));
		List<Path> files = ChartScreenshots.renderIncident(ChartFixture.display(), dir);
		assertEquals(List.of("incident-all.png", "incident-freeze.png", "incident-burst.png", "incident-trashed.png"),
				files.stream().map(p -> p.getFileName().toString()).toList());
		for (Path f : files) {
			assertTrue(Files.size(f) > 10_000, f + " is not an empty picture");
			ImageData img = new ImageLoader().load(f.toString())[0];
			assertEquals(1400, img.width);
			assertTrue(count(img, LINE_A) > 50, f + ": line A visible");
			assertTrue(count(img, LINE_B) > 20, f + ": line B visible");
			assertTrue(count(img, ERROR) > 20, f + ": trashed packet visible");
		}
	}

	private static int count(ImageData img, RGB rgb) {
		int n = 0;
		for (int y = 0; y < img.height; y++) {
			for (int x = 0; x < img.width; x++) {
				if (img.palette.getRGB(img.getPixel(x, y)).equals(rgb)) {
					n++;
				}
			}
		}
		return n;
	}
}
