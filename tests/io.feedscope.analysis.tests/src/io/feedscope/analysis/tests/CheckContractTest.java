package io.feedscope.analysis.tests;

import static io.feedscope.analysis.tests.FeedScenario.us;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.Annotation;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckContext;
import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckOption;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.FeedCheck;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.PacketView;
import io.feedscope.analysis.RangeList;
import io.feedscope.analysis.Ranges;
import io.feedscope.analysis.Severity;
import io.feedscope.testdata.outputs.ReportSchema;

/**
 * The check contract as a third party builds on it (issue 17 §2): a check cannot change the state the next
 * check reads (at compile time where the API allows it, else an exception), its JSON members are namespaced
 * by its id, the options its contribution declares reach it typed, findings are built with a builder and
 * carry what the views draw as data.
 */
@Timeout(20)
class CheckContractTest {

	/** A check that tries every way the API offers to change shared state, and counts what was refused. */
	public static final class Vandal implements FeedCheck {
		final TreeSet<String> fRefused = new TreeSet<>();
		int fChanged;
		private @Nullable CheckContext fContext;

		@Override
		public void start(CheckContext context) {
			fContext = context;
		}

		@Override
		public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
				PacketFacts facts) {
			try {
				((PacketEvent) e).setFirstSeq(e.firstSeq() + 1000).setMessageCount(0);
				fChanged++;
			} catch (ClassCastException x) {
				fRefused.add("packet event");
			}
			if (line != null) {
				try {
					((RangeList) line.delivered()).add(1, 1_000_000);
					fChanged++;
				} catch (ClassCastException x) {
					fRefused.add("line delivered");
				}
				try {
					((RangeList) line.firstDelivered()).clear();
					fChanged++;
				} catch (ClassCastException x) {
					fRefused.add("line first delivered");
				}
				try {
					((RangeList) line.tapDelivered(e.captureIndex())).clear();
					fChanged++;
				} catch (ClassCastException x) {
					fRefused.add("tap delivered");
				}
			}
			if (session != null) {
				try {
					((RangeList) session.delivered()).clear();
					fChanged++;
				} catch (ClassCastException x) {
					fRefused.add("session delivered");
				}
				try {
					session.lines().clear();
					fChanged++;
				} catch (UnsupportedOperationException x) {
					fRefused.add("session lines");
				}
			}
			CheckContext c = fContext;
			if (c != null) {
				try {
					c.sessions().clear();
					fChanged++;
				} catch (UnsupportedOperationException x) {
					fRefused.add("sessions");
				}
			}
		}
	}

	/** Writes down what it is shown of every packet, to compare runs with and without the vandal before it. */
	public static final class Witness implements FeedCheck {
		final List<String> fSeen = new ArrayList<>();

		@Override
		public void start(CheckContext context) {
			// nothing to keep
		}

		@Override
		public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
				PacketFacts facts) {
			fSeen.add(role + " " + e + " new " + facts.newForSession() + "/" + facts.firstNewForSession() + ".."
					+ facts.lastNewForSession() + " line " + facts.newForLine() + " dup " + facts.duplicatesAtTap()
					+ (line == null ? "" : " " + line.delivered() + " " + line.firstDelivered()) + " "
					+ (session == null ? "" : session.delivered() + " " + session.lines().size()));
		}
	}

	/** Line A loses 11..15, B is 50 us behind and complete; a duplicate on A. */
	private static FeedScenario scenario() {
		FeedScenario s = new FeedScenario();
		long seq = 1;
		for (int k = 0; k < 20; k++) {
			long t = us(100) * k;
			if (seq < 11 || seq > 15) {
				s.data('A', t, seq, 5);
			}
			s.data('B', t + us(50), seq, 5);
			seq += 5;
		}
		s.data('A', us(100) * 20, 91, 5); // a duplicate of A's last packet
		return s;
	}

	private static AnalysisResult run(FeedScenario s, FeedCheck... before) {
		FeedAnalyzer a = new FeedAnalyzer(AnalysisOptions.DEFAULTS);
		for (FeedCheck c : before) {
			a.addCheck("test." + c.getClass().getSimpleName().toLowerCase(), c);
		}
		for (CheckDescriptor d : CheckRegistry.load().defaultChecks()) {
			a.addCheck(d.id(), d.create());
		}
		try (CaptureMerger m = new CaptureMerger(s.sources())) {
			for (int i = 0; i < m.sources().size(); i++) {
				a.addCapture(i, m.sources().get(i).name(), m.sources().get(i).path(), m.sources().get(i).format());
			}
			while (m.advance()) {
				a.accept(m.current());
			}
		}
		return a.finish();
	}

	@Test
	void aCheckThatTriesToChangeSharedStateCannotAndTheNextCheckSeesIntactData() {
		FeedScenario s = scenario();
		Witness alone = new Witness();
		AnalysisResult clean = run(s, alone);
		Vandal vandal = new Vandal();
		Witness after = new Witness();
		AnalysisResult attacked = run(s, vandal, after);

		assertEquals(0, vandal.fChanged, "nothing the vandal tried went through");
		assertEquals(new TreeSet<>(List.of("line delivered", "line first delivered", "packet event", "session delivered",
				"session lines", "sessions", "tap delivered")), vandal.fRefused);
		assertEquals(alone.fSeen, after.fSeen, "the check after the vandal saw what it sees without it");
		assertEquals(40, alone.fSeen.size(), "every packet");
		// and so did the built-in checks: same findings, same report but for the test checks' ids
		assertEquals(clean.findings().stream().map(Finding::toString).toList(),
				attacked.findings().stream().map(Finding::toString).toList());
		assertEquals(clean.summaryText(), attacked.summaryText());
		// the facts a check gets are the independent truth of the scenario: A never delivered 11..15
		FeedSession session = attacked.sessions().get(0);
		assertEquals("[[1,100]]", session.delivered().toString());
		assertEquals("[[1,10],[16,100]]", session.line("A") != null ? session.line("A").delivered().toString()
				: session.line("B").delivered().toString());
	}

	/** What the compiler refuses, stated on the types: no setters, no public fields, no mutators on ranges. */
	@Test
	void theSharedTypesOfferNoWayToWrite() {
		for (Method m : PacketView.class.getMethods()) {
			assertTrue(!m.getName().startsWith("set") && !m.getName().equals("clear"), "PacketView." + m.getName());
		}
		assertEquals(0, PacketFacts.class.getFields().length, "PacketFacts has no public fields");
		for (Method m : PacketFacts.class.getMethods()) {
			assertTrue(m.getDeclaringClass() == Object.class || m.getParameterCount() == 0,
					"PacketFacts." + m.getName() + " takes no argument: a reader");
		}
		for (Method m : Ranges.class.getMethods()) {
			assertTrue(!List.of("add", "addAll", "clear").contains(m.getName()), "Ranges." + m.getName());
		}
		for (Class<?> c : List.of(FeedLine.class, FeedSession.class)) {
			for (Method m : c.getMethods()) {
				assertTrue(m.getReturnType() != RangeList.class, c.getSimpleName() + "." + m.getName() + " hands out a RangeList");
				assertTrue(!Modifier.isPublic(m.getModifiers()) || !m.getName().startsWith("set")
						|| m.getName().equals("setCheckState"), c.getSimpleName() + "." + m.getName());
			}
		}
		// the FeedCheck callbacks take the read-only types
		for (Method m : FeedCheck.class.getMethods()) {
			for (Class<?> p : m.getParameterTypes()) {
				assertTrue(p != PacketEvent.class && p != RangeList.class, "FeedCheck." + m.getName() + " takes " + p);
			}
		}
	}

	/** Writes "count" and a member named by its id, as a plug-in's check would. */
	public static final class Plugin implements FeedCheck {
		private @Nullable CheckContext fContext;

		@Override
		public void start(CheckContext context) {
			fContext = context;
		}

		@Override
		public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
				PacketFacts facts) {
			// nothing per packet
		}

		@Override
		public void writeSession(FeedSession session, JsonWriter json) {
			CheckContext c = fContext;
			json.member("count", 3);
			json.name(c == null ? "" : c.checkId()).beginObject().member("inner", 1).endObject();
		}

		@Override
		public void writeLine(FeedLine line, JsonWriter json) {
			json.member("lines_seen", 1);
		}
	}

	@Test
	void aPluginChecksJsonMembersAreNamespacedByItsId() {
		FeedScenario s = scenario();
		FeedAnalyzer a = new FeedAnalyzer(CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS);
		a.addCheck("com.example.team.counts", new Plugin());
		AnalysisResult r;
		try (CaptureMerger m = new CaptureMerger(s.sources())) {
			while (m.advance()) {
				a.accept(m.current());
			}
		}
		r = a.finish();
		String json = r.toJson();
		assertTrue(json.contains("\"com.example.team.counts.count\": 3"), json);
		assertTrue(json.contains("\"com.example.team.counts\": {"), "a member named by the id stays as it is");
		assertTrue(json.contains("\"inner\": 1"), "members inside its own object are its business");
		assertTrue(json.contains("\"com.example.team.counts.lines_seen\": 1"), "line members too");
		assertTrue(!json.contains("\"count\": 3"), "no bare member");
		ReportSchema.assertValid(json);
		// the built-in checks' members are the report's own, unprefixed
		assertTrue(json.contains("\"b_first\": "), json);
	}

	public static final class Closer implements FeedCheck {
		@Override
		public void start(CheckContext context) {
			// nothing
		}

		@Override
		public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
				PacketFacts facts) {
			// nothing
		}

		@Override
		public void writeSession(FeedSession session, JsonWriter json) {
			json.endObject(); // closes the session object it was given
		}
	}

	@Test
	void aPluginCheckCannotCloseTheObjectItWritesInto() {
		FeedAnalyzer a = new FeedAnalyzer(AnalysisOptions.DEFAULTS).addCheck("com.example.team.closer", new Closer());
		try (CaptureMerger m = new CaptureMerger(scenario().sources())) {
			while (m.advance()) {
				a.accept(m.current());
			}
		}
		AnalysisResult r = a.finish();
		IllegalStateException e = assertThrows(IllegalStateException.class, r::toJson);
		assertTrue(e.getMessage().contains("com.example.team.closer"), e.getMessage());
	}

	/** Reads its declared options; reports one finding with a band over the messages it was told to mark. */
	public static final class Options implements FeedCheck {
		static long sThreshold;
		static long sWindow;
		static boolean sLoud;
		private @Nullable CheckContext fContext;

		@Override
		public void start(CheckContext context) {
			fContext = context;
			sThreshold = context.longOption("threshold");
			sWindow = context.durationOption("window");
			sLoud = context.booleanOption("loud");
		}

		@Override
		public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
				PacketFacts facts) {
			// nothing per packet
		}

		@Override
		public void finish() {
			CheckContext c = fContext;
			if (c != null && !c.sessions().isEmpty()) {
				c.report(c.finding(sLoud ? Severity.ERROR : Severity.INFO).session(c.sessions().get(0))
						.range(1, sThreshold).message("first " + sThreshold)
						.annotate(Annotation.sequenceRange(Annotation.Kind.NOTE, Severity.INFO, null, 1, sThreshold, "mine"))
						.build());
				c.annotate(Annotation.packet(Severity.WARNING, null, Finding.frameRef(0, 1), "first frame"));
			}
		}
	}

	private static final String PLUGIN_XML = """
			<?xml version="1.0" encoding="UTF-8"?>
			<plugin>
			   <extension point="io.feedscope.analysis.checks">
			      <check id="com.example.team.options" name="Options" defaultEnabled="false"
			             class="io.feedscope.analysis.tests.CheckContractTest$Options">
			         <option name="threshold" type="integer" default="5" description="messages to mark"/>
			         <option name="window" type="duration" default="1ms" description="a time"/>
			         <option name="loud" type="boolean" default="false" description="error instead of info"/>
			      </check>
			      <check id="com.example.team.badoption" name="Bad"
			             class="io.feedscope.analysis.tests.CheckContractTest$Options">
			         <option name="colour" type="color" default="red"/>
			      </check>
			   </extension>
			</plugin>
			""";

	@Test
	void optionsDeclaredInTheContributionReachTheCheckTyped() {
		CheckRegistry reg = CheckRegistry.fromPluginXml(
				new ByteArrayInputStream(PLUGIN_XML.getBytes(StandardCharsets.UTF_8)), "test", getClass().getClassLoader());
		assertEquals(1, reg.checks().size(), reg.problems().toString());
		assertEquals(1, reg.problems().size());
		assertTrue(reg.problems().get(0).contains("com.example.team.badoption") && reg.problems().get(0).contains("color"),
				reg.problems().get(0));
		CheckDescriptor d = reg.checks().get(0);
		assertEquals(List.of(new CheckOption("threshold", CheckOption.Type.INTEGER, "5", "messages to mark"),
				new CheckOption("window", CheckOption.Type.DURATION, "1ms", "a time"),
				new CheckOption("loud", CheckOption.Type.BOOLEAN, "false", "error instead of info")), d.options());

		AnalysisResult r = analyze(d, Map.of());
		assertEquals(5, Options.sThreshold);
		assertEquals(1_000_000, Options.sWindow);
		assertEquals(false, Options.sLoud);
		Finding f = r.findings().stream().filter(x -> x.checkId().equals("com.example.team.options")).findFirst()
				.orElseThrow();
		assertEquals(List.of(new Annotation.SequenceRange(Annotation.Kind.NOTE, Severity.INFO, null, 1, 5, "mine")),
				f.annotations());
		assertEquals(List.of(new Annotation.PacketMark(Annotation.Kind.NOTE, Severity.WARNING, null,
				Finding.frameRef(0, 1), "first frame")), r.annotations());

		r = analyze(d, Map.of("com.example.team.options.threshold", "7", "com.example.team.options.loud", "true",
				"com.example.team.options.window", "250us"));
		assertEquals(7, Options.sThreshold);
		assertEquals(250_000, Options.sWindow);
		assertEquals(Severity.ERROR, r.findings().stream().filter(x -> x.checkId().equals(d.id())).findFirst()
				.orElseThrow().severity());

		IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
				() -> analyze(d, Map.of("com.example.team.options.threshold", "many")));
		assertEquals("option threshold takes a whole number, not 'many'", bad.getMessage());
		IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
				() -> analyze(d, Map.of("com.example.team.options.colour", "red")));
		assertTrue(unknown.getMessage().contains("com.example.team.options.colour"), unknown.getMessage());
	}

	private static AnalysisResult analyze(CheckDescriptor d, Map<String, String> values) {
		try (CaptureMerger m = new CaptureMerger(scenario().sources())) {
			return FeedAnalyzer.analyze(m, List.of(d), AnalysisOptions.DEFAULTS, values);
		}
	}

	@Test
	void aFindingIsBuiltWithDefaultsForWhatIsNotSaid() {
		Finding f = Finding.builder(Severity.WARNING, "com.example.team.x").message("m").build();
		assertEquals("x", f.label());
		assertEquals(Finding.NO_SEQ, f.fromSeq());
		assertEquals(Finding.NO_SEQ, f.toSeq());
		assertEquals(0, f.frames().length);
		assertNull(f.session());
		assertEquals(List.of(), f.annotations());
		Finding g = Finding.builder(Severity.ERROR, "com.example.team.x").label("seq+count").range(3, 9).time(10, 20)
				.frames(Finding.frameRef(1, 7)).build();
		assertEquals("seq+count", g.label());
		assertEquals(3, g.fromSeq());
		assertEquals(9, g.toSeq());
		assertEquals(20, g.endNanos());
		assertEquals(7, Finding.refFrame(g.frames()[0]));
		assertEquals(1, Finding.refCapture(g.frames()[0]));
	}
}
