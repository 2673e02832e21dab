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
 * analyze's everyday command lines read without picocli ({@link AnalyzeCommand#plainArguments}) hold to picocli's
 * reading of the same line: every field of the command is what picocli sets, a run prints the same bytes and
 * exits with the same code ({@code -Dfeedscope.fastArguments=false} has picocli read it), and every other command
 * line is left to picocli.
 */
class FastArgumentsTest {

	@TempDir
	static Path fDir;
	private static String fCapture;

	@BeforeAll
	static void generate() throws IOException {
		Files.writeString(fDir.resolve("exists.json"), "kept\n");
		Path f = fDir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").seed(2).frames(20_000).build()).format(CaptureFormat.PCAP).write(f);
		fCapture = f.toString();
	}

	/** Command lines the fast path reads (each must be: else this test would compare nothing). */
	private static List<String[]> plainLines() {
		return List.of(new String[] { "analyze", "a.pcap" }, new String[] { "analyze", "--format", "json", "a.pcap" },
				new String[] { "analyze", "a.pcap", "--format", "json", "b.pcapng" },
				new String[] { "analyze", "--format", "text", "--format", "json", "a.pcap" },
				new String[] { "analyze", "-o", "r.json", "--force", "--keep-going", "a.pcap", "b.pcap" },
				new String[] { "analyze", "--output", "r.txt", "a.pcap", "--output", "s.txt" },
				new String[] { "analyze", "--freeze-ms", "250", "--gap-timeout", "5ms", "x" },
				new String[] { "analyze", "--format", "yaml", "a.pcap" }, // wrong, but for run() to say
				new String[] { "analyze", "--freeze-ms", "x1", "a.pcap" });
	}

	@Test
	void fieldsAreThoseThatPicocliSets() throws IllegalAccessException {
		PlainArguments.assertFieldsAsPicocliSets(plainLines(), AnalyzeCommand::plainArguments);
	}

	@Test
	void everyOtherCommandLineIsLeftToPicocli() {
		for (String[] args : List.of(new String[] { "analyze" }, new String[] { "decode", "a.pcap" },
				new String[] { "analyze", "--check", "loss", "a.pcap" }, new String[] { "analyze", "--format=json", "a.pcap" },
				new String[] { "analyze", "-or.json", "a.pcap" }, new String[] { "analyze", "@args.txt" },
				new String[] { "analyze", "--", "a.pcap" }, new String[] { "analyze", "-h" }, new String[] { "analyze", "--help" },
				new String[] { "analyze", "-V", "a.pcap" }, new String[] { "analyze", "a.pcap", "--format" },
				new String[] { "analyze", "--format", "--force", "a.pcap" }, new String[] { "analyze", "-o", "@r", "a.pcap" },
				new String[] { "analyze", "--format", "json" }, new String[] { "analyze", "", "a.pcap" },
				new String[] { "analyze", "--filter", "udp", "a.pcap" }, new String[] { "analyze", "--list-checks", "a.pcap" },
				new String[] { "analyze", "--bind", "udp.port==1,moldudp64", "a.pcap" }, new String[] { "analyze", "-", "a.pcap" },
				new String[] { "analyze", "--export-frames", "d", "a.pcap" }, new String[] { "analyze", "--forced", "a.pcap" })) {
			assertNull(AnalyzeCommand.plainArguments(args), () -> "read by the fast path: " + Arrays.toString(args));
		}
	}

	/** A whole run: the same output, messages and exit code either way, on success and on each kind of failure. */
	@Test
	void aRunIsTheSameEitherWay() throws IOException {
		Path out = fDir.resolve("report.json");
		for (String[] args : List.of(new String[] { "analyze", fCapture }, new String[] { "analyze", "--format", "json", fCapture },
				new String[] { "analyze", "--format", "yaml", fCapture }, new String[] { "analyze", "--freeze-ms", "0", fCapture },
				new String[] { "analyze", "--gap-timeout", "soon", fCapture },
				new String[] { "analyze", fCapture, fDir.resolve("missing.pcap").toString() },
				new String[] { "analyze", "--keep-going", fCapture, fDir.resolve("missing.pcap").toString() },
				new String[] { "analyze", "--format", "json", "-o", out.toString(), fCapture },
				new String[] { "analyze", "-o", fDir.resolve("exists.json").toString(), fCapture }, // refused: exists
				new String[] { "analyze", "--force", "--output", out.toString(), fCapture })) {
			assertNotNull(AnalyzeCommand.plainArguments(args), () -> "not read by the fast path: " + Arrays.toString(args));
			Files.deleteIfExists(out);
			String picocli = PlainArguments.run(args, false) + written(out);
			Files.deleteIfExists(out);
			String fast = PlainArguments.run(args, true) + written(out);
			assertEquals(picocli, fast, () -> "run of " + Arrays.toString(args));
		}
	}

	private static String written(Path f) throws IOException {
		return Files.exists(f) ? "--- " + f.getFileName() + "\n" + Files.readString(f) : "";
	}
}
