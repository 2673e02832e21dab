package io.feedscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.Test;

/**
 * How {@code analyze-archive} forms capture sets from what its first tasks found, without Spark: the readable
 * files by day and session, an unreadable file by path convention (beside the readable files of its directory
 * that share its name's stem, when those are in one set), everything else alone. Expected sets written by hand.
 */
class CaptureSetGroupingTest {

	private static final String DAY = "file:/archive/2026-11-24/";

	private static FileFacts readable(String path, @Nullable String day, String... sessions) {
		return new FileFacts(path, 1000, 1, "c", day, List.of(sessions), null);
	}

	private static FileFacts unreadable(String path) {
		return new FileFacts(path, 1000, 1, "c", null, List.of(), "not a capture FeedScope reads (first bytes 74686973)");
	}

	/** key | day | sessions | file names */
	private static List<String> sets(List<FileFacts> facts, ArchiveJob.Grouping grouping) {
		List<String> l = new ArrayList<>();
		for (CaptureSet s : ArchiveJob.group(facts, grouping)) {
			List<String> names = s.files().stream().map(f -> f.path().substring(f.path().lastIndexOf('/') + 1)).toList();
			l.add(s.key() + " | " + s.day() + " | " + s.sessions() + " | " + String.join(" ", names));
		}
		return l;
	}

	@Test
	void pathStemIsTheNameUpToItsFirstDot() {
		assertEquals(DAY + "feed2", ArchiveJob.pathStem(DAY + "feed2.pcap"));
		assertEquals(DAY + "feed2", ArchiveJob.pathStem(DAY + "feed2.tap1.pcap"));
		assertEquals(DAY + "feed2", ArchiveJob.pathStem(DAY + "feed2.tap1.pcap.gz"));
		assertEquals(DAY + "feed2", ArchiveJob.pathStem(DAY + "feed2"));
		assertEquals("file:/a.b/c", ArchiveJob.pathStem("file:/a.b/c.pcap"), "a dot in a folder's name is not the stem's end");
	}

	@Test
	void anUnreadableFileJoinsTheSetOfItsStem() {
		List<FileFacts> facts = List.of(
				// the damaged tap sorts first in the list the tasks return; its set still takes its day and session
				// from the readable files
				unreadable(DAY + "feed2.tap1.pcap"),
				readable(DAY + "feed2.pcap", "2026-11-24", "FEED2"),
				readable(DAY + "feed1.pcap", "2026-11-24", "FEED1"),
				readable(DAY + "feed1.tap1.pcap", "2026-11-24", "FEED1"),
				unreadable(DAY + "feed2.tap2.pcap.gz"),
				// no readable file shares its stem: alone, named by its path, as before
				unreadable(DAY + "lonely.pcap"),
				// a readable file without a frame: no day, alone (not placed by its name)
				readable(DAY + "feed1.tap2.pcap", null),
				// a stem whose readable files are in two sets (a capture across midnight): no set is its, alone
				readable("file:/archive/mixed/x.pcap", "2026-11-24", "FEED1"),
				readable("file:/archive/mixed/x.tap1.pcap", "2026-11-25", "FEED1"),
				unreadable("file:/archive/mixed/x.tap2.pcap"));
		assertEquals(List.of(
				"2026-11-24 FEED1 | 2026-11-24 | FEED1 | feed1.pcap feed1.tap1.pcap x.pcap",
				"2026-11-24 FEED2 | 2026-11-24 | FEED2 | feed2.pcap feed2.tap1.pcap feed2.tap2.pcap.gz",
				"2026-11-25 FEED1 | 2026-11-25 | FEED1 | x.tap1.pcap",
				DAY + "feed1.tap2.pcap | null |  | feed1.tap2.pcap",
				DAY + "lonely.pcap | null |  | lonely.pcap",
				"file:/archive/mixed/x.tap2.pcap | null |  | x.tap2.pcap"), sets(facts, ArchiveJob.Grouping.SESSION));
	}

	@Test
	void byFileEveryFileIsAloneReadableOrNot() {
		List<FileFacts> facts = List.of(unreadable(DAY + "feed2.tap1.pcap"), readable(DAY + "feed2.pcap", "2026-11-24", "FEED2"));
		assertEquals(List.of(
				DAY + "feed2.pcap | 2026-11-24 | FEED2 | feed2.pcap",
				DAY + "feed2.tap1.pcap | null |  | feed2.tap1.pcap"), sets(facts, ArchiveJob.Grouping.FILE));
	}
}
