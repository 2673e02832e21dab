package io.feedscope.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.analysis.PacketSource;

@Timeout(10)
class CaptureMergerTest {

	private static List<PacketEvent> events(long... times) {
		List<PacketEvent> out = new ArrayList<>();
		int frame = 1;
		for (long t : times) {
			out.add(new PacketEvent().setFrame(frame++, t));
		}
		return out;
	}

	private static List<String> drain(CaptureMerger m) {
		List<String> out = new ArrayList<>();
		while (m.advance()) {
			PacketEvent e = m.current();
			out.add(e.captureIndex() + ":" + e.frame() + "@" + e.timeNanos() + "/" + e.captureName());
		}
		return out;
	}

	@Test
	void mergesTwoCapturesByTimestampKeepingCaptureAndFrame() {
		CaptureMerger m = new CaptureMerger(List.of(new FeedScenario.ListSource("a.pcap", events(1, 3, 5)),
				new FeedScenario.ListSource("b.pcap", events(2, 3, 4))));
		// equal timestamps (3) keep capture order
		assertEquals(List.of("0:1@1/a.pcap", "1:1@2/b.pcap", "0:2@3/a.pcap", "1:2@3/b.pcap", "1:3@4/b.pcap",
				"0:3@5/a.pcap"), drain(m));
		assertFalse(m.advance());
		assertEquals(0, m.outOfOrderFrames());
	}

	@Test
	void mergesManyCapturesIncludingEmptyOnes() {
		List<PacketSource> sources = new ArrayList<>();
		sources.add(new FeedScenario.ListSource("empty", events()));
		for (int c = 0; c < 5; c++) {
			long[] t = new long[20];
			for (int i = 0; i < t.length; i++) {
				t[i] = i * 5L + c; // capture c holds times = c (mod 5)
			}
			sources.add(new FeedScenario.ListSource("c" + c, events(t)));
		}
		CaptureMerger m = new CaptureMerger(sources);
		long expected = 0;
		int n = 0;
		while (m.advance()) {
			assertEquals(expected++, m.current().timeNanos());
			assertEquals(1 + m.current().timeNanos() % 5, m.current().captureIndex());
			n++;
		}
		assertEquals(100, n);
	}

	@Test
	void currentIsTheSourcesOwnEventNotACopy() {
		FeedScenario.ListSource a = new FeedScenario.ListSource("a", events(1));
		CaptureMerger m = new CaptureMerger(List.of(a));
		m.advance();
		assertSame(a.current(), m.current());
	}

	@Test
	void countsBackwardTimestamps() {
		CaptureMerger m = new CaptureMerger(List.of(new FeedScenario.ListSource("a", events(1, 5, 4, 6))));
		assertEquals(4, drain(m).size());
		assertEquals(1, m.outOfOrderFrames());
	}
}
