package io.feedscope.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.ReadAheadSource;
import io.feedscope.capture.CaptureClosedException;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;

/**
 * The workbench's case: the capture set closes a capture while an analysis reads it ahead. The read-ahead
 * thread holds a lease, so the close waits for it (and the capture is never released under it), it stops
 * promptly even when the consumer does not take events, and the consumer gets the events read before,
 * then a clean {@link CaptureClosedException}.
 */
@Timeout(60)
class ReadAheadLeaseTest {

	private static final ProtocolSet PROTOCOLS = ProtocolRegistry.getDefault().compile();

	@TempDir
	Path dir;

	@Test
	void closingTheCaptureStopsTheReaderAndTheConsumerSeesACleanEnd() throws IOException {
		Path f = dir.resolve("demo.pcap");
		new Generator(Scenario.preset("demo").seed(5).build()).format(CaptureFormat.PCAP).write(f);
		CaptureFile capture = Captures.open(f);
		int frames = capture.frameCount();
		assertTrue(frames > 4 * 2048 * 2, "enough frames that the reader is ahead when the capture closes: " + frames);
		ReadAheadSource source = new ReadAheadSource(DissectedPacketSource.borrowing(capture, PROTOCOLS));
		int seen = 0;
		for (int i = 0; i < 100; i++) {
			assertTrue(source.advance());
			assertEquals(++seen, source.current().frame());
		}
		// the consumer stops taking events: the reader fills its batches and waits for it; close must not
		// wait for the consumer, only for the reader, which the close interrupts
		capture.close();
		CaptureClosedException end = null;
		try {
			while (source.advance()) {
				assertEquals(++seen, source.current().frame(), "the events read before the close, in order");
			}
		} catch (CaptureClosedException e) {
			end = e;
		}
		assertTrue(end != null, "ended by the close, not as if the capture were whole");
		assertTrue(seen < frames, "stopped early: " + seen + " of " + frames);
		assertTrue(end.getMessage().contains("demo.pcap"), end.getMessage());
		assertThrows(CaptureClosedException.class, capture::lease, "closed for good");
		source.close();
		assertFalse(source.advance(), "ended");
	}

	@Test
	void aCaptureClosedBeforeReadingStartsEndsCleanly() throws IOException {
		Path f = dir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").seed(2).build()).format(CaptureFormat.PCAP).write(f);
		CaptureFile capture = Captures.open(f);
		ReadAheadSource source = new ReadAheadSource(DissectedPacketSource.borrowing(capture, PROTOCOLS));
		capture.close();
		assertThrows(CaptureClosedException.class, source::advance);
		source.close();
	}
}
