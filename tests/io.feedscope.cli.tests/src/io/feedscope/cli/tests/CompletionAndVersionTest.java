package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.cli.Main;
import picocli.AutoComplete;

/**
 * The picocli command line as a user meets it: --version and --help on every command, and the bash completion
 * script that the product build generates (releng/io.feedscope.product/CliDocs.java makes the same
 * {@code AutoComplete.bash("feedscope", Main.commandLine())} call) loaded into a real bash.
 */
class CompletionAndVersionTest {

	@TempDir
	Path fDir;

	private final ByteArrayOutputStream fOut = new ByteArrayOutputStream();
	private final ByteArrayOutputStream fErr = new ByteArrayOutputStream();

	private int run(String... args) {
		fOut.reset();
		fErr.reset();
		return Main.run(args, new PrintStream(fOut, true, StandardCharsets.UTF_8), new PrintStream(fErr, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return fOut.toString(StandardCharsets.UTF_8);
	}

	@Test
	void versionAndHelpEverywhere() {
		assertEquals(0, run("--version"));
		String version = out();
		// the bundle's version (this fragment's host): 1.0.0 and a build qualifier, or a source tree's
		assertTrue(version.startsWith("feedscope 1.0.0"), version);
		assertTrue(version.lines().anyMatch(l -> l.startsWith("Java " + Runtime.version().feature())), version);
		for (String command : List.of("generate", "decode", "analyze", "bench", "filter-fields", "protocols", "export-lua")) {
			assertEquals(0, run(command, "--version"), command);
			assertEquals(version, out(), command);
			assertEquals(0, run(command, "--help"), command);
			String help = out();
			assertTrue(help.startsWith("usage: feedscope " + command), help);
			assertTrue(help.contains("-h, --help") && help.contains("-V, --version"), help);
			assertEquals(0, run("help", command), command);
			assertEquals(help, out(), "feedscope help " + command + " is feedscope " + command + " --help");
		}
		assertEquals(0, run("analyze", "--help"));
		assertTrue(out().contains("--gap-timeout D") && out().contains("--freeze-ms N"), out());
		// the default shown is the analysis' own
		assertTrue(out().contains("(default " + io.feedscope.analysis.AnalysisOptions.DEFAULTS.freezeNanos() / 1_000_000 + ")"), out());
	}

	@Test
	void usageErrorsNameTheOptionAndExit2() {
		assertEquals(2, run("analyze", "--gap-timeout"));
		String err = fErr.toString(StandardCharsets.UTF_8);
		assertTrue(err.startsWith("feedscope analyze: ") && err.contains("'--gap-timeout'"), err);
		assertTrue(err.contains("(feedscope analyze --help shows the options)"), err);
		assertEquals(2, run("decode", "--nonsense", "x.pcap"));
		err = fErr.toString(StandardCharsets.UTF_8);
		assertTrue(err.contains("'--nonsense'"), err);
		assertEquals("", out());
	}

	@Test
	void completionScriptLoadsInBashAndCompletesCommandsOptionsAndValues() throws IOException, InterruptedException {
		Path script = fDir.resolve("feedscope.bash");
		Files.writeString(script, AutoComplete.bash("feedscope", Main.commandLine()));
		// c WORDS...: what the completion function offers for the last word, as bash calls it on TAB
		String probe = """
				. "$1" || exit 1
				complete -p feedscope
				c() { COMP_LINE="$*"; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _complete_feedscope 2>/dev/null; echo "${COMPREPLY[*]}"; }
				c feedscope ana
				c feedscope analyze --gap
				c feedscope analyze --format ""
				c feedscope generate --preset ""
				c feedscope decode --for
				c feedscope ""
				""";
		ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", probe, "probe", script.toString());
		pb.environment().keySet().removeIf(k -> k.startsWith("BASH"));
		pb.redirectErrorStream(true);
		Process p = pb.start();
		String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(30, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), text);
		List<String> lines = text.lines().toList();
		assertEquals(7, lines.size(), text);
		assertTrue(lines.get(0).matches("complete( -o default)? -F _complete_feedscope feedscope"), lines.get(0));
		assertEquals("analyze", lines.get(1));
		assertEquals("--gap-timeout", lines.get(2));
		assertEquals(Set.of("text", "json"), words(lines.get(3)));
		// the generator's own presets and whatever the installed plug-ins contribute (none here: no feed plug-in)
		Set<String> presets = new TreeSet<>(io.feedscope.generator.Scenario.PRESETS);
		io.feedscope.generator.feed.FeedPresets.getDefault().presets().forEach(c -> presets.add(c.name()));
		assertEquals(presets, words(lines.get(4)));
		assertEquals(Set.of("--format"), words(lines.get(5)));
		assertTrue(words(lines.get(6)).containsAll(Set.of("generate", "decode", "analyze", "bench", "filter-fields", "protocols",
				"export-lua", "help")), lines.get(6));
	}

	private static Set<String> words(String line) {
		return new TreeSet<>(Arrays.asList(line.trim().split("\\s+")));
	}
}
