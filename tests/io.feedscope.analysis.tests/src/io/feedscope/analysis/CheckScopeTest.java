package io.feedscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.tests.MoldUdp64CaptureSource;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.testdata.TestData;

/**
 * A check's scope ({@link CheckScope}: the {@code protocols} and {@code roles} of its contribution): a recording check
 * with a scope is handed exactly the packets of its protocols and roles that the same check without one is handed, in
 * the same order, on every path of the analysis: the built-in checks straight-line with contributed checks before
 * and after them, the general path ({@link FeedAnalyzer#generalPaths()}), and with check threads (a scoped check on
 * one of them and one on the analysis' thread). The oracle is the unscoped recorder's list, filtered by the test's
 * own reading of the scope. The inputs: the real NASDAQ captures, and a generated incident (retransmission
 * answers and requests, heartbeats, damaged frames: roles beside LINE_DATA). Also: what a declaration says and the
 * one line a bad one gets.
 */
@Timeout(300)
class CheckScopeTest {

	private static final ProtocolSet PROTOCOLS = ProtocolRegistry.getDefault().compile();

	@TempDir
	static Path fDir;

	/** Writes down every packet it is handed: frame, role, protocol. */
	private static final class Recorder implements FeedCheck {
		final boolean fIsolated;
		final List<String> fSeen = new ArrayList<>();

		Recorder(boolean isolated) {
			fIsolated = isolated;
		}

		@Override
		public boolean isolated() {
			return fIsolated;
		}

		@Override
		public void start(CheckContext context) {
			// nothing to declare
		}

		@Override
		public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
				PacketFacts f) {
			fSeen.add(e.captureIndex() + "#" + e.frame() + " " + role + " " + e.protocol());
		}
	}

	/** the scopes tried, as a contribution declares them (protocols, roles; null = attribute left out) */
	private static final @Nullable String[][] DECLARED = { { null, "LINE_DATA" }, { "moldudp64", null },
			{ "moldudp64", "LINE_HEARTBEAT,RETRANSMISSION, REQUEST,MALFORMED" }, { "cboe_suh", null },
			{ "cboe_suh,moldudp64", "LINE_END_OF_SESSION,LINE_DATA" }, { null, "MALFORMED,UNSEQUENCED,OTHER_UNICAST" } };

	/** the test's own reading of a declaration: is a recorded packet in it */
	private static boolean inScope(@Nullable String[] declared, String recorded) {
		String[] f = recorded.split(" ");
		String role = f[1];
		String protocol = f.length > 2 ? f[2] : "";
		String protocols = declared[0];
		String roles = declared[1];
		boolean protocolIn = protocols == null || List.of(protocols.split(",")).contains(protocol);
		boolean roleIn = roles == null || List.of(roles.replace(" ", "").split(",")).contains(role);
		return protocolIn && roleIn;
	}

	private enum Path3 {
		STRAIGHT, GENERAL, CHECK_THREADS
	}

	/**
	 * Runs the default checks with an unscoped recorder first (a contribution listed before the built-in checks), a
	 * scoped recorder of each declaration before and one after them, and on check threads an isolated copy of each.
	 *
	 * @return per declaration, the lists of every recorder with that scope; index 0 of the result is the unscoped one
	 */
	private static List<List<List<String>>> run(Supplier<List<PacketSource>> sources, Path3 path) {
		FeedAnalyzer a = new FeedAnalyzer(AnalysisOptions.DEFAULTS);
		Recorder all = new Recorder(false);
		a.addCheck("test.all", all);
		List<List<Recorder>> scoped = new ArrayList<>();
		for (int i = 0; i < DECLARED.length; i++) {
			Recorder before = new Recorder(false);
			a.addCheck("test.before" + i, before, CheckScope.parse(DECLARED[i][0], DECLARED[i][1]));
			scoped.add(new ArrayList<>(List.of(before)));
		}
		for (CheckDescriptor d : CheckRegistry.load().defaultChecks()) {
			a.addCheck(d.id(), d.create());
		}
		for (int i = 0; i < DECLARED.length; i++) {
			CheckScope scope = CheckScope.parse(DECLARED[i][0], DECLARED[i][1]);
			Recorder after = new Recorder(false);
			a.addCheck("test.after" + i, after, scope);
			scoped.get(i).add(after);
			if (path == Path3.CHECK_THREADS) {
				Recorder isolated = new Recorder(true);
				a.addCheck("test.isolated" + i, isolated, scope);
				scoped.get(i).add(isolated);
			}
		}
		if (path == Path3.GENERAL) {
			a.generalPaths();
		}
		if (path == Path3.CHECK_THREADS) {
			a.checkThreads(2);
		}
		List<PacketSource> s = sources.get();
		try (CaptureMerger m = new CaptureMerger(s)) {
			for (int i = 0; i < s.size(); i++) {
				a.addCapture(i, s.get(i).name(), s.get(i).path(), s.get(i).format());
			}
			while (m.advance()) {
				a.accept(m.current());
			}
			a.finish();
		}
		List<List<List<String>>> out = new ArrayList<>();
		out.add(List.of(all.fSeen));
		for (List<Recorder> rs : scoped) {
			out.add(rs.stream().map(r -> r.fSeen).toList());
		}
		return out;
	}

	/** @return the roles the unscoped recorder saw, for the caller to judge the input by */
	private static Set<PacketRole> assertScoped(String what, Supplier<List<PacketSource>> sources) {
		Set<PacketRole> roles = EnumSet.noneOf(PacketRole.class);
		for (Path3 path : Path3.values()) {
			List<List<List<String>>> seen = run(sources, path);
			List<String> all = seen.get(0).get(0);
			assertTrue(!all.isEmpty(), what + ": no events");
			for (String s : all) {
				roles.add(PacketRole.valueOf(s.split(" ")[1]));
			}
			for (int i = 0; i < DECLARED.length; i++) {
				@Nullable String[] declared = DECLARED[i];
				List<String> expected = all.stream().filter(s -> inScope(declared, s)).toList();
				for (List<String> got : seen.get(i + 1)) {
					assertSame(expected, got, what + ", " + path + ": protocols=" + declared[0] + " roles=" + declared[1]);
				}
			}
		}
		return roles;
	}

	/** the first packet that differs, not the whole lists (tens of thousands of packets) */
	private static void assertSame(List<String> expected, List<String> got, String what) {
		for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
			assertEquals(expected.get(i), got.get(i), what + ": packet " + (i + 1) + " handed to the check");
		}
		assertEquals(expected.size(), got.size(), what + ": packets handed to the check");
	}

	@Test
	void realCaptures() {
		int files = 0;
		for (Path f : TestData.nasdaqPcaps()) {
			boolean sanitized = f.toString().contains("sanitized");
			int port = sanitized ? 0 : 26477;
			Set<PacketRole> roles = assertScoped(f.getFileName().toString(),
					() -> List.of(new MoldUdp64CaptureSource(f, port, -1, sanitized)));
			assertTrue(roles.contains(PacketRole.LINE_DATA), f + ": " + roles);
			if (!sanitized) {
				// the sanitized ones have their ports zeroed: no feed to the heuristic's reading
				assertScoped(f.getFileName() + " serial reading", () -> List.of(serial(f)));
			}
			files++;
		}
		assertTrue(files >= 20, files + " captures");
	}

	/** the roles a real capture does not have: retransmission answers and requests, heartbeats, damaged frames */
	@Test
	void generatedIncident() throws IOException {
		Path f = fDir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").seed(5).frames(20_000).retransmissions(true)
				.loss(Scenario.Line.A, 0.2, 5).lossOnBothLines(0.3, 40).lossOnBothLines(0.7, 3).quiet(0.8, 3_000_000_000L)
				.malformed(Scenario.Line.B, 0.6, Scenario.Malformation.COUNT_BEYOND_BLOCKS).build())
				.format(CaptureFormat.PCAP).write(f);
		Set<PacketRole> roles = assertScoped("incident", () -> List.of(serial(f)));
		for (PacketRole r : List.of(PacketRole.LINE_DATA, PacketRole.LINE_HEARTBEAT, PacketRole.RETRANSMISSION,
				PacketRole.REQUEST, PacketRole.MALFORMED)) {
			assertTrue(roles.contains(r), "the input has " + r + ": " + roles);
		}
	}

	/**
	 * Packets of several protocols by turns in one run, some named by a String equal to another's but not the same
	 * one: a scope's protocols are judged by what the name says, whichever String carries it and however the names
	 * alternate (the analysis remembers the last name it judged per check).
	 */
	@Test
	void protocolsByTurnsInOneRun() throws IOException {
		Path f = fDir.resolve("turns.pcap");
		new Generator(Scenario.preset("incident").seed(9).frames(3_000).build()).format(CaptureFormat.PCAP).write(f);
		Set<PacketRole> roles = assertScoped("protocols by turns", () -> List.of(byTurns(serial(f))));
		assertTrue(roles.contains(PacketRole.LINE_DATA), roles.toString());
	}

	/** the source's packets said to be of the protocols of {@link #TURNS}, by frame number */
	private static PacketSource byTurns(PacketSource s) {
		return new PacketSource() {
			@Override
			public String name() {
				return s.name();
			}

			@Override
			public String path() {
				return s.path();
			}

			@Override
			public String format() {
				return s.format();
			}

			@Override
			public boolean advance() {
				if (!s.advance()) {
					return false;
				}
				PacketEvent e = s.current();
				if (!e.protocol().isEmpty()) {
					e.setProtocol(TURNS[e.frame() % TURNS.length]);
				}
				return true;
			}

			@Override
			public PacketEvent current() {
				return s.current();
			}

			@Override
			public void close() {
				s.close();
			}
		};
	}

	/** runs of one name, single packets, and equal names in Strings of their own */
	private static final String[] TURNS = { "moldudp64", "moldudp64", "cboe_suh", new String("moldudp64"), "pitch",
			"cboe_suh", new String("cboe_suh"), "moldudp64", "pitch", "pitch", new String("cboe_suh") };

	private static PacketSource serial(Path f) {
		try {
			return Captures.canStream(f) ? new DissectedPacketSource(Captures.stream(f), PROTOCOLS)
					: new DissectedPacketSource(Captures.open(f), PROTOCOLS);
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	@Test
	void aDeclarationReadsBackAsDeclared() {
		CheckScope s = CheckScope.parse(" cboe_suh ,moldudp64", "LINE_DATA, LINE_HEARTBEAT");
		assertEquals(List.of("cboe_suh", "moldudp64"), List.copyOf(s.protocols()));
		assertEquals(EnumSet.of(PacketRole.LINE_DATA, PacketRole.LINE_HEARTBEAT), s.roles());
		assertEquals("cboe_suh,moldudp64", s.protocolsAttribute());
		assertEquals("LINE_DATA,LINE_HEARTBEAT", s.rolesAttribute());
		assertEquals(s, CheckScope.parse(s.protocolsAttribute(), s.rolesAttribute()));
		assertTrue(s.includes("cboe_suh", PacketRole.LINE_DATA));
		assertTrue(!s.includes("cboe_suh", PacketRole.RETRANSMISSION));
		assertTrue(!s.includes("pitch", PacketRole.LINE_DATA));
		CheckScope all = CheckScope.parse(null, null);
		assertEquals(CheckScope.ALL, all);
		assertTrue(all.all());
		assertEquals(EnumSet.allOf(PacketRole.class), all.roles());
		assertEquals(null, all.protocolsAttribute());
		assertEquals(null, all.rolesAttribute());
		for (PacketRole r : PacketRole.values()) {
			assertTrue(all.includes("", r) && all.includes("moldudp64", r));
		}
	}

	@Test
	void aBadDeclarationIsOneLineAndTheOtherChecksLoad() {
		String xml = """
				<plugin>
				  <extension point="io.feedscope.analysis.checks">
				    <check id="test.good" name="Good" class="io.feedscope.analysis.internal.GapsCheck"
				           protocols="cboe_suh" roles="LINE_DATA"/>
				    <check id="test.badrole" name="Bad role" class="io.feedscope.analysis.internal.GapsCheck"
				           roles="LINE_DATA,LINE_DAT"/>
				    <check id="test.emptyrole" name="Empty role" class="io.feedscope.analysis.internal.GapsCheck"
				           roles="LINE_DATA,,REQUEST"/>
				    <check id="test.emptyprotocols" name="Empty protocols" class="io.feedscope.analysis.internal.GapsCheck"
				           protocols=""/>
				    <check id="test.badprotocol" name="Bad protocol" class="io.feedscope.analysis.internal.GapsCheck"
				           protocols="cboe suh"/>
				    <check id="test.all" name="All" class="io.feedscope.analysis.internal.LossCheck"/>
				  </extension>
				</plugin>""";
		CheckRegistry r = CheckRegistry.fromPluginXml(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
				"scope-test.jar", CheckScopeTest.class.getClassLoader());
		assertEquals(List.of("test.good", "test.all"), r.checks().stream().map(CheckDescriptor::id).toList());
		assertEquals(CheckScope.parse("cboe_suh", "LINE_DATA"), r.checks().get(0).scope());
		assertEquals(CheckScope.ALL, r.checks().get(1).scope());
		String roles = "(roles: LINE_DATA, LINE_HEARTBEAT, LINE_END_OF_SESSION, RETRANSMISSION, REQUEST, OTHER_UNICAST, "
				+ "MALFORMED, UNSEQUENCED)";
		String ids = "(protocol ids such as moldudp64 or cboe_suh: letters, digits, _, - and .)";
		assertEquals(List.of(
				"scope-test.jar: check test.badrole: attribute roles=\"LINE_DATA,LINE_DAT\": unknown role 'LINE_DAT' " + roles,
				"scope-test.jar: check test.emptyrole: attribute roles=\"LINE_DATA,,REQUEST\": empty entry " + roles,
				"scope-test.jar: check test.emptyprotocols: attribute protocols=\"\": empty entry " + ids,
				"scope-test.jar: check test.badprotocol: attribute protocols=\"cboe suh\": 'cboe suh' is not a protocol id "
						+ ids),
				r.problems());
		for (String p : r.problems()) {
			assertTrue(p.indexOf('\n') < 0, p);
		}
		assertThrows(IllegalArgumentException.class, () -> CheckScope.of(List.of("moldudp64", ""), List.of()));
	}
}
