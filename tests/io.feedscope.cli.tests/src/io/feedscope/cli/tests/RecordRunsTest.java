package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.capture.IndexMonitor;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.FieldValue;
import io.feedscope.dissect.FieldVisitor;
import io.feedscope.dissect.FieldKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.testdata.TestData;

/**
 * The day-file fast path ({@code FeedDissector.dissectFrames}: a NASDAQ BinaryFILE's records in runs, each record a
 * message of one packet) against the general path it stands in for (each record's frame dissected alone, what
 * {@code decode}, {@code analyze} and the workbench do): on every record of generated day files (the generator's
 * demo days, one with timestamps that go backwards), of a day file of the real NASDAQ messages of tests/data, and of
 * seeded damaged day files (records cut short, oversized, of unknown types; a length of 0 and a file cut inside a
 * record, where reading stops), every message must be the same: frame, sequence, type, every field read every way
 * (bulk, by id, as text, as shown) and the detail tree's fields; a run holds only records that alone carry no expert
 * item, and a record that does comes alone, with the general path's expert items. The test checks that runs of many
 * records were taken, and that damaged records were not.
 */
class RecordRunsTest {

	@TempDir
	static Path fDir;

	static ProtocolSet fSet;
	static Protocol fItch;

	@BeforeAll
	static void protocols() {
		fSet = ProtocolRegistry.getDefault().compile();
		fItch = fSet.recordFeed();
		assertTrue(fItch != null && fItch.name().equals("itch50"), "the record feed is ITCH 5.0: " + fItch);
	}

	/** What the two paths must agree on, for the record that is frame {@code m.frame()}. */
	private static String describe(FeedPacket p, FeedMessage m) {
		StringBuilder b = new StringBuilder();
		b.append(p.kind()).append(' ').append(p.protocolName()).append(" record ").append(p.isRecord()).append(" feed ")
				.append(p.feedProtocol() == null ? "-" : p.feedProtocol().name()).append('\n');
		b.append("frame ").append(m.frame()).append(" msgseq ").append(m.msgseq()).append(" type ").append(m.type()).append(' ')
				.append(m.typeCode()).append(' ').append(m.typeName()).append(" / ").append(m.typeLabel()).append(" known ")
				.append(m.isKnownType()).append(" length ").append(m.length()).append('\n');
		byte[] bytes = new byte[m.length()];
		p.buffer().get(m.offset(), bytes);
		b.append("bytes ").append(Arrays.toString(bytes)).append('\n');
		long[] values = new long[64];
		int n = m.readFields(values);
		b.append("fields ").append(Arrays.toString(Arrays.copyOf(values, n))).append('\n');
		byte[] scratch = new byte[64];
		for (FieldInfo f : fItch.fields()) {
			int id = f.id();
			b.append(f.name()).append(' ').append(m.has(id)).append(' ').append(m.getLong(id)).append(" '").append(m.display(id))
					.append("' ").append(m.scale(id)).append(' ').append(m.fieldOffset(id) < 0 ? -1 : m.fieldOffset(id) - m.offset());
			if (f.kind() == FieldKind.ASCII) {
				b.append(" '").append(m.getRawString(id)).append("' ").append(m.copyBytes(id, scratch));
			}
			b.append('\n');
		}
		int start = m.offset();
		m.accept(new FieldVisitor() {
			@Override
			public void beginGroup(FieldValue g) {
				b.append("group ").append(g.name()).append(' ').append(g.display()).append(' ').append(g.offset() - start).append('+')
						.append(g.length()).append('\n');
			}

			@Override
			public void field(FieldValue v) {
				b.append("  ").append(v.name()).append(' ').append(v.offset() - start).append('+').append(v.length()).append(' ')
						.append(v.isPresent()).append(' ').append(v.isDerived()).append(' ').append(v.rawValue()).append(" '")
						.append(v.display()).append("'\n");
			}

			@Override
			public void endGroup() {
				b.append("end\n");
			}
		});
		return b.toString();
	}

	/** Counts of what a walk of one file saw: frames; of them in runs of several; the longest run; packets of one frame, with expert items */
	private record Walk(int frames, int inRuns, int longestRun, int alone, int aloneWithItems) {
	}

	/** Walks the file both ways and compares every record. */
	private static Walk compare(Path file) throws IOException {
		FeedDissector fast = new FeedDissector(fSet);
		FeedDissector general = new FeedDissector(fSet);
		int inRuns = 0;
		int longest = 0;
		int alone = 0;
		int aloneWithItems = 0;
		try (CaptureFile c = Captures.open(file, IndexMonitor.NONE, fSet.recordClock())) {
			int f = 1;
			while (f <= c.frameCount()) {
				FeedPacket p = fast.dissectFrames(c, f);
				int span = p.frameSpan();
				String what = file.getFileName() + " frame " + f;
				assertTrue(span >= 1 && f + span - 1 <= c.frameCount(), what + ": span " + span);
				if (span > 1) {
					assertEquals(List.of(), p.expertItems(), what + ": a run holds plain records only");
					inRuns += span;
					longest = Math.max(longest, span);
				} else {
					alone++;
					aloneWithItems += p.expertItems().isEmpty() ? 0 : 1;
				}
				assertEquals(span, p.messageCount(), what + ": one message per frame of the span");
				// the messages first (the general path's dissector overwrites nothing of the fast one's packet)
				List<String> got = new ArrayList<>();
				FeedMessage m = p.messages();
				while (m.next()) {
					got.add(describe(p, m));
				}
				List<String> expertOfRun = p.expertItems().stream().map(Object::toString).toList();
				for (int i = 0; i < span; i++) {
					FeedPacket g = general.dissect(c, f + i);
					assertEquals(1, g.messageCount(), what + "+" + i);
					FeedMessage gm = g.messages();
					assertTrue(gm.next());
					assertEquals(describe(g, gm), got.get(i), file.getFileName() + " frame " + (f + i));
					if (span > 1) {
						assertEquals(List.of(), g.expertItems(), "frame " + (f + i) + " alone has no expert item: it may be in a run");
					} else {
						assertEquals(g.expertItems().stream().map(Object::toString).toList(), expertOfRun, "frame " + (f + i));
					}
				}
				f += span;
			}
			return new Walk(c.frameCount(), inRuns, longest, alone, aloneWithItems);
		}
	}

	@Test
	void generatedDayFilesGiveTheSameMessagesBothWays() throws IOException {
		int runs = 0;
		for (long seed : new long[] { 21, 22 }) {
			Path day = fDir.resolve(String.format("01%02d2019.NASDAQ_ITCH50", seed)); // dated: times on that day
			Generator g = new Generator(Scenario.preset("demo").seed(seed).frames(6_000).build()).format(CaptureFormat.BINARY_FILE);
			if (seed == 22) {
				g.backwardTimestamps(100, 4_000);
			}
			g.write(day);
			Walk w = compare(day);
			assertTrue(w.frames() > 5_000, w.toString());
			assertEquals(0, w.aloneWithItems(), "a sound day file: " + w);
			assertTrue(w.inRuns() > w.frames() * 9 / 10 && w.longestRun() > 1000, "read in runs: " + w);
			runs++;
		}
		assertEquals(2, runs);
	}

	/** @return every ITCH message of the real NASDAQ captures, as their packets carry them */
	static List<byte[]> realMessages() throws IOException {
		ProtocolSet bound = fSet.toBuilder().bindPorts("moldudp64", 0, 0).build(); // the sanitized captures' zeroed ports
		List<byte[]> out = new ArrayList<>();
		for (Path p : TestData.nasdaqPcaps()) {
			FeedDissector d = new FeedDissector(bound).learnPorts();
			try (CaptureFile c = Captures.open(p)) {
				for (int f = 1; f <= c.frameCount(); f++) {
					FeedPacket packet = d.dissect(c, f);
					FeedMessage m = packet.messages();
					while (m.next()) {
						byte[] b = new byte[m.length()];
						packet.buffer().get(m.offset(), b);
						out.add(b);
					}
				}
			}
		}
		return out;
	}

	private static byte[] dayFile(List<byte[]> records) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] r : records) {
			out.write(r.length >>> 8);
			out.write(r.length);
			out.write(r, 0, r.length);
		}
		return out.toByteArray();
	}

	@Test
	void aDayFileOfRealMessagesGivesTheSameMessagesBothWays() throws IOException {
		List<byte[]> real = realMessages();
		assertTrue(real.size() > 50, real.size() + " real messages");
		Path day = Files.write(fDir.resolve("08222023.NASDAQ_ITCH50"), dayFile(real));
		Walk w = compare(day);
		assertEquals(real.size(), w.frames());
		assertEquals(0, w.aloneWithItems(), "real messages are sound records: " + w);
		assertTrue(w.inRuns() > w.frames() / 2, "read in runs: " + w);
	}

	@Test
	void damagedRecordsComeAloneWithTheGeneralPathsItems() throws IOException {
		Path source = fDir.resolve("damage-source.NASDAQ_ITCH50");
		new Generator(Scenario.preset("demo").seed(23).frames(3_000).build()).format(CaptureFormat.BINARY_FILE).write(source);
		List<byte[]> clean = new ArrayList<>();
		ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(source));
		while (all.remaining() >= 2) {
			byte[] r = new byte[all.getShort() & 0xffff];
			all.get(r);
			clean.add(r);
		}
		Random rnd = new Random(1412);
		int aloneWithItems = 0;
		int files = 0;
		for (int ending = 0; ending < 3; ending++) {
			List<byte[]> records = new ArrayList<>();
			for (byte[] r : clean) {
				byte[] d = r;
				switch (rnd.nextInt(40)) {
				case 0 -> d = Arrays.copyOf(r, Math.max(1, r.length - 1 - rnd.nextInt(r.length))); // cut short
				case 1 -> d = Arrays.copyOf(r, r.length + 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 400)); // oversized
				case 2 -> {
					d = r.clone();
					d[0] = (byte) "zO?a0".charAt(rnd.nextInt(5)); // unknown types (and 'O', which is known)
				}
				case 3 -> d = Arrays.copyOf(r, 1); // the type byte alone
				default -> {
				}
				}
				records.add(d);
			}
			byte[] bytes = dayFile(records);
			if (ending == 1) {
				// a length of 0 two thirds in: reading stops there
				int at = 0;
				for (int i = 0; i < records.size() * 2 / 3; i++) {
					at += 2 + records.get(i).length;
				}
				bytes[at] = 0;
				bytes[at + 1] = 0;
			} else if (ending == 2) {
				bytes = Arrays.copyOf(bytes, bytes.length - 5); // the last record cut
			}
			Path day = Files.write(fDir.resolve("damaged" + ending + ".NASDAQ_ITCH50"), bytes);
			Walk w = compare(day);
			assertTrue(w.inRuns() > w.frames() / 2 && w.longestRun() > 20, w.toString());
			assertTrue(w.alone() > 100 && w.aloneWithItems() > 100, "damaged records were read alone: " + w);
			aloneWithItems += w.aloneWithItems();
			files++;
		}
		assertEquals(3, files);
		assertTrue(aloneWithItems > 300, aloneWithItems + " damaged records");
	}
}
