package io.feedscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;

/**
 * decode's everyday command lines read without picocli ({@link DecodeCommand#plainArguments}) hold to picocli's
 * reading of the same line, as {@link FastArgumentsTest} holds analyze's: every field of the command is what picocli
 * sets, a run prints the same bytes and exits with the same code, and every other command line is left to picocli.
 */
class DecodeFastArgumentsTest {

	@TempDir
	static Path fDir;
	private static String fCapture;
	private static String fOther;

	@BeforeAll
	static void generate() throws IOException {
		Path f = fDir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").seed(3).frames(400).build()).format(CaptureFormat.PCAP).write(f);
		fCapture = f.toString();
		Path g = fDir.resolve("malformed.pcapng");
		new Generator(Scenario.preset("malformed").seed(5).frames(300).build()).format(CaptureFormat.PCAPNG).write(g);
		fOther = g.toString();
	}

	/** Command lines the fast path reads (each must be: else this test would compare nothing). */
	private static List<String[]> plainLines() {
		return List.of(new String[] { "decode", "a.pcap" }, new String[] { "decode", "--format", "csv", "a.pcap" },
				new String[] { "decode", "a.pcap", "--format", "jsonl", "b.pcapng" },
				new String[] { "decode", "--format", "csv", "--format", "json", "a.pcap" },
				new String[] { "decode", "--filter", "itch50.price > 100", "--protocol-fields", "itch50", "a.pcap" },
				new String[] { "decode", "--frames", "a.pcap", "--frames" },
				new String[] { "decode", "--format", "yaml", "a.pcap" }); // wrong, but for run() to say
	}

	@Test
	void fieldsAreThoseThatPicocliSets() throws IllegalAccessException {
		PlainArguments.assertFieldsAsPicocliSets(plainLines(), DecodeCommand::plainArguments);
	}

	@Test
	void everyOtherCommandLineIsLeftToPicocli() {
		for (String[] args : List.of(new String[] { "decode" }, new String[] { "analyze", "a.pcap" },
				new String[] { "decode", "--format=csv", "a.pcap" }, new String[] { "decode", "@args.txt" },
				new String[] { "decode", "--", "a.pcap" }, new String[] { "decode", "-h" }, new String[] { "decode", "--help" },
				new String[] { "decode", "-V", "a.pcap" }, new String[] { "decode", "a.pcap", "--format" },
				new String[] { "decode", "--format", "--frames", "a.pcap" }, new String[] { "decode", "--filter", "@f", "a.pcap" },
				new String[] { "decode", "--format", "csv" }, new String[] { "decode", "", "a.pcap" },
				new String[] { "decode", "--bind", "udp.port==1,moldudp64", "a.pcap" },
				new String[] { "decode", "--protocol", "x.fsp", "a.pcap" }, new String[] { "decode", "-", "a.pcap" },
				new String[] { "decode", "--frame", "a.pcap" })) {
			assertNull(DecodeCommand.plainArguments(args), () -> "read by the fast path: " + Arrays.toString(args));
		}
	}

	/** A whole run: the same records, messages and exit code either way, on success and on each kind of failure. */
	@Test
	void aRunIsTheSameEitherWay() {
		String missing = fDir.resolve("missing.pcap").toString();
		for (String[] args : List.of(new String[] { "decode", fCapture }, new String[] { "decode", "--format", "csv", fCapture },
				new String[] { "decode", fOther }, new String[] { "decode", "--format", "csv", fOther, fCapture },
				new String[] { "decode", "--format", "yaml", fCapture }, new String[] { "decode", fCapture, missing },
				new String[] { "decode", "--filter", "itch50.price >", fCapture },
				new String[] { "decode", "--filter", "itch50.price > 100", "--format", "csv", fCapture },
				new String[] { "decode", "--protocol-fields", "nothing", fCapture },
				new String[] { "decode", "--frames", fOther }, new String[] { "decode", "--frames", fOther, fCapture })) {
			assertNotNull(DecodeCommand.plainArguments(args), () -> "not read by the fast path: " + Arrays.toString(args));
			assertEquals(PlainArguments.run(args, false), PlainArguments.run(args, true), () -> "run of " + Arrays.toString(args));
		}
	}
}
