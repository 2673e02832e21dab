package io.feedscope.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.LinkType;
import io.feedscope.dissect.tests.TestFrames;

/**
 * The on-disk cache of compiled protocols: a protocol loaded from it must be indistinguishable from one
 * compiled from its description (same API answers, same dissection of every frame of a corpus that
 * includes damaged frames), and anything doubtful about a cache file means compiling instead.
 */
public class ProtocolCacheTest {

	private static ProtocolRegistry shipped() {
		return ProtocolRegistry.getDefault();
	}

	private static List<Path> files(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> p.getFileName().toString().endsWith(".fspc")).sorted().toList();
		}
	}

	private static boolean allFromCache(ProtocolSet set) {
		return set.protocols().stream().allMatch(Protocol::fromCache);
	}

	@Test
	public void secondCompileLoadsFromTheCacheAndDissectsIdentically(@TempDir Path dir) throws IOException {
		ProtocolCache cache = new ProtocolCache(dir);
		ProtocolSet compiled = shipped().compile(cache);
		assertTrue(compiled.diagnostics().isEmpty(), compiled.diagnostics()::toString);
		assertFalse(compiled.protocols().stream().anyMatch(Protocol::fromCache), "first run compiles");
		assertEquals(shipped().sources().size(), files(dir).size(), "one cache file per description: " + files(dir));

		ProtocolSet cached = shipped().compile(cache);
		assertTrue(cached.diagnostics().isEmpty(), cached.diagnostics()::toString);
		assertTrue(allFromCache(cached), "second run loads every protocol from the cache");
		assertEquals(describe(compiled), describe(cached));

		// dissection: every frame of the corpus, bound and by heuristic, plus seeded damage
		List<byte[]> frames = new ArrayList<>(TestFrames.seeds());
		Random r = new Random(7);
		int n = frames.size();
		for (int i = 0; i < 3000; i++) {
			byte[] b = frames.get(r.nextInt(n)).clone();
			if (b.length > 42) {
				b[42 + r.nextInt(b.length - 42)] ^= (byte) (1 << r.nextInt(8));
			}
			frames.add(r.nextBoolean() ? b : java.util.Arrays.copyOf(b, r.nextInt(b.length + 1)));
		}
		for (boolean bound : new boolean[] { false, true }) {
			FeedDissector a = new FeedDissector(bound ? compiled.toBuilder().bindPorts("moldudp64", 0, 65535).build() : compiled);
			FeedDissector b = new FeedDissector(bound ? cached.toBuilder().bindPorts("moldudp64", 0, 65535).build() : cached);
			for (int i = 0; i < frames.size(); i++) {
				byte[] f = frames.get(i);
				String da = dump(a.dissect(ByteBuffer.wrap(f), LinkType.ETHERNET, i + 1));
				String db = dump(b.dissect(ByteBuffer.wrap(f), LinkType.ETHERNET, i + 1));
				assertEquals(da, db, "frame " + (i + 1) + (bound ? " (bound)" : " (heuristic)"));
			}
		}
	}

	@Test
	public void aCachedProtocolStillHasItsModel(@TempDir Path dir) {
		ProtocolCache cache = new ProtocolCache(dir);
		Protocol compiled = shipped().compile(cache).protocol("itch50");
		Protocol cached = shipped().compile(cache).protocol("itch50");
		assertNotNull(compiled);
		assertNotNull(cached);
		assertTrue(cached.fromCache());
		// rebuilt from the text on demand, equal to the one compiled directly
		assertTrue(org.eclipse.emf.ecore.util.EcoreUtil.equals(compiled.model(), cached.model()));
		assertTrue(cached.model() == cached.model(), "built once");
	}

	@Test
	public void damagedOrForeignCacheFilesAreIgnoredAndRewritten(@TempDir Path dir) throws IOException {
		ProtocolCache cache = new ProtocolCache(dir);
		String reference = describe(shipped().compile(cache));
		List<Path> files = files(dir);
		// cut in half, fingerprint of another compiler, and garbage, in turn over every file
		for (int k = 0; k < files.size(); k++) {
			byte[] bytes = Files.readAllBytes(files.get(k));
			switch (k % 3) {
			case 0 -> bytes = java.util.Arrays.copyOf(bytes, bytes.length / 2);
			case 1 -> bytes[12] ^= 1; // inside the compiler fingerprint (bytes 8..15)
			default -> bytes = new byte[] { 1, 2, 3 };
			}
			Files.write(files.get(k), bytes);
		}

		ProtocolSet again = shipped().compile(cache);
		assertTrue(again.diagnostics().isEmpty(), again.diagnostics()::toString);
		assertFalse(again.protocols().stream().anyMatch(Protocol::fromCache), "nothing doubtful is used");
		assertEquals(reference, describe(again));
		ProtocolSet third = shipped().compile(cache);
		assertTrue(allFromCache(third), "the files were rewritten");
		assertEquals(reference, describe(third));
	}

	@Test
	public void anotherTextIsCompiledNotLoaded(@TempDir Path dir) throws IOException {
		ProtocolCache cache = new ProtocolCache(dir);
		String text = ProtocolCompiler.read(org.eclipse.core.runtime.Platform.getBundle("io.feedscope.protocols.moldudp64").getEntry("protocols/moldudp64.fsp"));
		CompileResult first = cache.compile("moldudp64.fsp", text, null);
		assertNotNull(first.protocol());
		String changed = text.replace("field count : u16 \"Count\"", "field count : u16 \"Messages\"");
		assertFalse(changed.equals(text), "the test changes the description");
		CompileResult second = cache.compile("moldudp64.fsp", changed, null);
		Protocol p = second.protocol();
		assertNotNull(p);
		assertFalse(p.fromCache());
		assertEquals("Messages", p.field(p.fieldId("moldudp64.count")).displayName());
		// a cache file holding another text under the same name is not used either
		Path f = files(dir).get(0);
		Files.copy(f, dir.resolve("copy"));
		for (Path g : files(dir)) {
			Files.copy(dir.resolve("copy"), g, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		CompileResult third = cache.compile("moldudp64.fsp", changed, null);
		assertFalse(third.protocol().fromCache());
		assertEquals("Messages", third.protocol().field(third.protocol().fieldId("moldudp64.count")).displayName());
	}

	/** The fingerprint is made of the compiler's class files, readable here (OSGi) as on a plain class path. */
	@Test
	public void theFingerprintReadsEveryCompilerClassFile() throws IOException {
		for (String c : ProtocolCache.COMPILER_CLASSES) {
			try (java.io.InputStream in = ProtocolCache.class.getResourceAsStream(c)) {
				assertNotNull(in, c + " not readable: the fingerprint would not change with the compiler");
				assertTrue(in.readAllBytes().length > 500, c);
			}
		}
	}

	@Test
	public void theCacheDirectoryComesFromTheSystemPropertyOrTheUsersCacheFolder(@TempDir Path dir) {
		String before = System.getProperty("feedscope.protocolCache");
		try {
			System.setProperty("feedscope.protocolCache", dir.toString());
			assertEquals(dir, ProtocolCache.getDefault().directory());
			System.setProperty("feedscope.protocolCache", "off");
			assertEquals(null, ProtocolCache.getDefault().directory());
			System.clearProperty("feedscope.protocolCache");
			Path d = ProtocolCache.getDefault().directory();
			assertNotNull(d);
			assertTrue(d.endsWith(Path.of("feedscope", "protocols")), d::toString);
		} finally {
			if (before == null) {
				System.clearProperty("feedscope.protocolCache");
			} else {
				System.setProperty("feedscope.protocolCache", before);
			}
		}
	}

	@Test
	public void anUnwritableCacheOnlyCostsSpeed(@TempDir Path dir) throws IOException {
		Path notADir = dir.resolve("file");
		Files.writeString(notADir, "x");
		ProtocolCache cache = new ProtocolCache(notADir.resolve("protocols"));
		ProtocolSet set = shipped().compile(cache);
		assertTrue(set.diagnostics().isEmpty(), set.diagnostics()::toString);
		assertEquals(shipped().sources().size(), set.protocols().size());
		assertEquals(describe(shipped().compile(new ProtocolCache(null))), describe(set));
	}

	/** Everything the public API says about a set's protocols. */
	private static String describe(ProtocolSet set) {
		StringBuilder b = new StringBuilder();
		for (Protocol p : set.protocols()) {
			b.append(p).append(' ').append(p.displayName()).append(' ').append(p.kind()).append(' ').append(p.carriedBy())
					.append(' ').append(p.heuristics()).append('\n');
			for (int[] pr : p.portBindings()) {
				b.append(" port ").append(pr[0]).append('-').append(pr[1]);
			}
			for (int[] g : p.groupBindings()) {
				b.append(" group ").append(g[0]).append('/').append(g[1]);
			}
			for (FieldInfo f : p.fields()) {
				b.append(' ').append(f.id() & 0xffff).append(' ').append(f).append(' ').append(f.displayName()).append(' ')
						.append(f.doc()).append(' ').append(f.isBigEndian()).append(' ').append(f.scale()).append(' ')
						.append(f.unit()).append(' ').append(f.role()).append(' ').append(f.isDerived()).append(' ')
						.append(f.hasEnum()).append(" =");
				for (long v : new long[] { 0, 1, 'A', 'B', 'S', 'Y', 'N', ' ', 65535, 0xffffffffL, 1234500 }) {
					b.append(' ').append(f.format(v)).append('|').append(f.specialName(v));
				}
				b.append(' ').append(f.formatText("T1")).append('\n');
			}
			// framing protocols have no message types, not even the fallback
			for (int t = 0; p.messageTypeCount() > 0 && t <= p.messageTypeCount(); t++) {
				b.append(" type ").append(t < p.messageTypeCount() ? p.messageTypeCode(t) : -1).append(' ')
						.append(p.messageTypeName(t)).append(' ').append(p.messageTypeLabel(t)).append(' ')
						.append(p.messageTypeLength(t)).append(' ');
				p.messageTypeFields(t).forEach(f -> b.append(f.name()).append(','));
				b.append('\n');
			}
		}
		for (String name : new String[] { "moldudp64", "moldudp" }) {
			Protocol feed = set.feedProtocol(name);
			b.append(name).append(" carries ").append(feed == null ? null : feed.name()).append('\n');
		}
		return b.toString();
	}

	/** A packet as the packet details view would see it. */
	static String dump(FeedPacket p) {
		StringBuilder b = new StringBuilder();
		b.append(p.kind()).append(' ').append(p.protocolName()).append(' ').append(p.boundBy()).append(' ')
				.append(p.session()).append(' ').append(p.sequence()).append(' ').append(p.count()).append(' ')
				.append(p.messageCount()).append(' ').append(p.expertItems()).append('\n');
		p.accept(new FieldVisitor() {
			@Override
			public void beginGroup(FieldValue g) {
				b.append('{').append(g.name()).append(' ').append(g.offset()).append('+').append(g.length()).append(' ')
						.append(g.display()).append('\n');
			}

			@Override
			public void field(FieldValue f) {
				b.append(f.name()).append(' ').append(f.offset()).append('+').append(f.length()).append(' ')
						.append(f.display()).append('\n');
			}

			@Override
			public void endGroup() {
				b.append("}\n");
			}
		});
		FeedMessage m = p.messages();
		while (m.next()) {
			b.append(m.index()).append(' ').append(m.typeName()).append(' ').append(m.msgseq()).append('\n');
		}
		return b.toString();
	}
}
