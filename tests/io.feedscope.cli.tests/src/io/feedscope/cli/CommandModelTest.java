package io.feedscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.feedscope.analysis.AnalysisOptions;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The picocli models written in code ({@link CommandModel}: {@code feedscope} and its commands on data):
 * every option reaches the field the command runs with, exactly as given (the oracle is the command line the test
 * writes), the fields keep their values when an option is not given, and no part of these models comes from
 * annotations (what made the start slow); a command still modelled from annotations shows that the last check
 * can tell the difference.
 */
class CommandModelTest {

	/** The parser as a run of {@code feedscope COMMAND ...} builds it, and the command object it fills. */
	private static <T extends CliCommand> T parse(Class<T> type, String... args) {
		CommandLine cl = Main.commandLine(args[0]);
		cl.parseArgs(args);
		return type.cast(cl.getSubcommands().get(args[0]).getCommand());
	}

	@Test
	void everyAnalyzeOptionSetsItsField() {
		AnalyzeCommand c = parse(AnalyzeCommand.class, "analyze", "--format", "json", "--check", "loss", "freeze", "--check", "burst,latency",
				"--check-option", "a.b=1", "--check-option", "c.d=2", "--list-checks", "--bind", "udp.port==1", "--bind", "ip.dst==239.0.0.0/8",
				"--protocol", "x.fsp", "--freeze-ms", "7", "--gap-timeout", "5ms", "--filter", "udp.port == 1", "-o", "out.json", "--force",
				"--keep-going", "--export-frames", "frames", "a.pcap", "b.pcap");
		assertEquals("json", c.fFormat);
		assertEquals(List.of("loss", "freeze", "burst,latency"), c.fChecks);
		assertEquals(List.of("a.b=1", "c.d=2"), c.fCheckOptions);
		assertTrue(c.fList);
		assertEquals(List.of("udp.port==1", "ip.dst==239.0.0.0/8"), c.fBinds);
		assertEquals(List.of("x.fsp"), c.fProtocolFiles);
		assertEquals("7", c.fFreezeMs);
		assertEquals("5ms", c.fGapTimeout);
		assertEquals("udp.port == 1", c.fFilter);
		assertEquals("out.json", c.fOutput);
		assertTrue(c.fForce);
		assertTrue(c.fKeepGoing);
		assertEquals("frames", c.fExportFrames);
		assertEquals(List.of("a.pcap", "b.pcap"), c.fFiles);
		// the long name of -o, and the last of a repeated single-value option wins (as the hand parsers did)
		c = parse(AnalyzeCommand.class, "analyze", "--output", "r.json", "--format", "json", "--format", "text", "a.pcap");
		assertEquals("r.json", c.fOutput);
		assertEquals("text", c.fFormat);
	}

	@Test
	void analyzeWithoutOptionsKeepsTheFieldsDefaults() {
		AnalyzeCommand c = parse(AnalyzeCommand.class, "analyze", "a.pcap");
		assertEquals("text", c.fFormat);
		assertEquals(List.of(), c.fChecks);
		assertEquals(List.of(), c.fCheckOptions);
		assertFalse(c.fList);
		assertEquals(List.of(), c.fBinds);
		assertEquals(List.of(), c.fProtocolFiles);
		// the default the help shows is the analysis' own
		assertEquals(String.valueOf(AnalysisOptions.DEFAULTS.freezeNanos() / 1_000_000), c.fFreezeMs);
		assertEquals("auto", c.fGapTimeout);
		assertNull(c.fFilter);
		assertNull(c.fOutput);
		assertFalse(c.fForce);
		assertFalse(c.fKeepGoing);
		assertNull(c.fExportFrames);
		assertEquals(List.of("a.pcap"), c.fFiles);
	}

	@Test
	void everyDecodeOptionSetsItsField() {
		DecodeCommand c = parse(DecodeCommand.class, "decode", "--format", "csv", "--filter", "itch50.price > 100", "--protocol-fields", "itch50",
				"--bind", "udp.port==26477", "--protocol", "y.fsp", "--protocol", "z.fsp", "--frames", "a.pcap", "b.pcap");
		assertEquals("csv", c.fFormat);
		assertEquals("itch50.price > 100", c.fFilter);
		assertEquals("itch50", c.fProtocolFields);
		assertEquals(List.of("udp.port==26477"), c.fBinds);
		assertEquals(List.of("y.fsp", "z.fsp"), c.fProtocolFiles);
		assertTrue(c.fFrames);
		assertEquals(List.of("a.pcap", "b.pcap"), c.fFiles);
		c = parse(DecodeCommand.class, "decode", "a.pcap");
		assertEquals("jsonl", c.fFormat);
		assertNull(c.fFilter);
		assertNull(c.fProtocolFields);
		assertEquals(List.of(), c.fBinds);
		assertEquals(List.of(), c.fProtocolFiles);
		assertFalse(c.fFrames);
	}

	@Test
	void everyGenerateAndCaptureOptionSetsItsField() {
		GenerateCommand g = parse(GenerateCommand.class, "generate", "-o", "x.pcap", "--preset", "incident", "--seed", "7", "--frames", "100",
				"--duration", "2.5", "--rate", "1000", "--format", "pcapng", "--vlan", "100", "200", "--session", "ABC", "--no-udp-checksum",
				"--frame-table", "--force", "--tap", "20us", "--tap", "200us,miss=B@0.6*1", "stray");
		assertEquals("x.pcap", g.fOutput);
		assertEquals("incident", g.fPreset);
		assertEquals("7", g.fSeed);
		assertEquals("100", g.fFrames);
		assertEquals("2.5", g.fDuration);
		assertEquals("1000", g.fRate);
		assertEquals("pcapng", g.fFormat);
		assertEquals(List.of("100", "200"), g.fVlans);
		assertEquals("ABC", g.fSession);
		assertTrue(g.fNoChecksum);
		assertTrue(g.fFrameTable);
		assertTrue(g.fForce);
		assertEquals(List.of("20us", "200us,miss=B@0.6*1"), g.fTaps);
		assertEquals(List.of("stray"), g.fUnexpected);
		g = parse(GenerateCommand.class, "generate", "-o", "x.pcap");
		assertEquals("demo", g.fPreset);
		assertNull(g.fSeed);
		assertNull(g.fFormat);
		assertEquals(List.of(), g.fVlans);
		assertFalse(g.fNoChecksum);
		assertEquals(List.of(), g.fUnexpected);
		CaptureCommand c = parse(CaptureCommand.class, "capture", "-i", "lo", "-f", "udp", "-w", "/tmp/cap", "--ring", "1MB,3", "--analyze",
				"--duration", "5", "--capture-process", "pcap4j", "-D", "--bind", "udp.port==1", "--protocol", "p.fsp", "stray");
		assertEquals("lo", c.fDevice);
		assertEquals("udp", c.fFilter);
		assertEquals("/tmp/cap", c.fDirectory);
		assertEquals("1MB,3", c.fRing);
		assertTrue(c.fAnalyze);
		assertEquals("5", c.fDuration);
		assertEquals("pcap4j", c.fProcess);
		assertTrue(c.fList);
		assertEquals(List.of("udp.port==1"), c.fBinds);
		assertEquals(List.of("p.fsp"), c.fProtocolFiles);
		assertEquals(List.of("stray"), c.fUnexpected);
		c = parse(CaptureCommand.class, "capture", "--interface", "eth0", "--capture-filter", "tcp", "--directory", "d", "--list-interfaces");
		assertEquals("eth0", c.fDevice);
		assertEquals("tcp", c.fFilter);
		assertEquals("d", c.fDirectory);
		assertTrue(c.fList);
		c = parse(CaptureCommand.class, "capture");
		assertEquals("", c.fFilter);
		assertNull(c.fDevice);
		assertFalse(c.fAnalyze);
	}

	@Test
	void theDataCommandsModelsReadNoAnnotations() {
		for (String command : List.of("analyze", "decode", "generate", "capture")) {
			CommandLine root = Main.commandLine(command);
			assertEquals(List.of(command), List.copyOf(root.getSubcommands().keySet()), "only the command that runs is modelled");
			for (CommandSpec spec : List.of(root.getCommandSpec(), root.getSubcommands().get(command).getCommandSpec())) {
				assertTrue(spec.mixins().isEmpty(), spec.qualifiedName() + ": " + spec.mixins().keySet());
				assertFalse(spec.args().isEmpty(), spec.qualifiedName());
				for (ArgSpec a : spec.args()) {
					// an annotated field or method would be the option's user object
					assertNull(a.userObject(), spec.qualifiedName() + " " + a);
				}
			}
		}
		// a command still modelled from its annotations: the check above would see it
		CommandLine bench = Main.commandLine("bench").getSubcommands().get("bench");
		assertInstanceOf(Field.class, bench.getCommandSpec().positionalParameters().get(0).userObject());
	}
}
