import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step of the product (run by cli-docs.sh with the product's command-line class path and picocli-codegen):
 * writes, from the picocli models the commands parse with (Main.commandLine()), the bash/zsh completion script
 * ({@code feedscope.bash}, picocli's AutoComplete) and one AsciiDoc man page per command ({@code feedscope.adoc},
 * {@code feedscope-analyze.adoc}, ...: picocli-codegen's ManPageGenerator), which asciidoctor turns into troff.
 * A source-file program ({@code java CliDocs.java OUT}): no module of its own for a dozen lines.
 */
public class CliDocs {

	public static void main(String[] args) throws Exception {
		Path out = Path.of(args[0]);
		Files.createDirectories(out);
		CommandLine cl = io.feedscope.cli.Main.commandLine();
		Files.writeString(out.resolve("feedscope.bash"), AutoComplete.bash("feedscope", cl), StandardCharsets.UTF_8);
		int rc = ManPageGenerator.generateManPage(out.toFile(), (File) null, new boolean[0], true, cl.getCommandSpec());
		if (rc != 0) {
			System.err.println("CliDocs: ManPageGenerator failed with exit code " + rc);
			System.exit(1);
		}
		fix(out.resolve("feedscope.adoc"), cl.getCommandSpec());
		for (CommandLine sub : cl.getSubcommands().values()) {
			fix(out.resolve("feedscope-" + sub.getCommandName() + ".adoc"), sub.getCommandSpec());
		}
	}

	private static final String FOOTER_START = "// tag::picocli-generated-man-section-footer[]";
	private static final String FOOTER_END = "// end::picocli-generated-man-section-footer[]";
	/** troff's end of a sentence (. ? ! and then closing characters) before two or more spaces */
	private static final Pattern SENTENCE_END = Pattern.compile("([.?!][\"')\\]*]*)(  )");

	/**
	 * The generated AsciiDoc takes our help text as markup, and the help text is plain text laid out for a
	 * terminal: "frame.*, eth.*" came out as "frame., eth." in bold, and a footer's table (decode's record
	 * layout) lost its columns to reflowing (and its "PROTOCOL.*" to bold). So: the footer becomes a literal
	 * block under NOTES, as --help prints it; in every other line of text, the characters AsciiDoc takes as
	 * inline markup are written as the attribute references that stand for themselves.
	 */
	static void fix(Path adoc, CommandLine.Model.CommandSpec spec) throws Exception {
		List<String> in = Files.readAllLines(adoc, StandardCharsets.UTF_8);
		List<String> outLines = new ArrayList<>();
		boolean synopsis = false;
		for (int i = 0; i < in.size(); i++) {
			String line = in.get(i);
			if (line.equals(FOOTER_START)) {
				outLines.add(line);
				while (i + 1 < in.size() && !in.get(i + 1).equals(FOOTER_END)) {
					i++; // the generator's footer, replaced
				}
				String[] footer = spec.usageMessage().footer();
				String text = String.join("\n", footer).replace("%n", "\n").strip();
				if (!text.isEmpty()) {
					if (text.contains("{")) { // would be taken as an attribute reference below
						throw new IllegalStateException(adoc + ": a footer with '{' needs escaping here: " + text);
					}
					outLines.add("== Notes");
					outLines.add("");
					// the man page's troff sets sentence space to 0, which in a no-fill block shrinks the spaces
					// after a sentence end ("PROTOCOL.*         every" came out "PROTOCOL.* every"): a
					// zero-width space after such an end keeps the columns
					outLines.add("[subs=\"specialcharacters,attributes\"]");
					outLines.add("....");
					for (String l : text.split("\n", -1)) {
						outLines.add(SENTENCE_END.matcher(l).replaceAll("$1{zwsp}$2"));
					}
					outLines.add("....");
					outLines.add("");
				}
				continue;
			}
			if (line.startsWith("== ")) {
				synopsis = line.equals("== Synopsis");
			}
			boolean markup = line.isBlank() || line.startsWith("//") || line.startsWith(":") || line.startsWith("=")
					|| line.endsWith("::") || line.equals("+") || synopsis;
			outLines.add(markup ? line : plain(line));
		}
		Files.write(adoc, outLines, StandardCharsets.UTF_8);
	}

	/** a line of help text with AsciiDoc's inline markup characters as their attribute references */
	static String plain(String line) {
		StringBuilder b = new StringBuilder(line.length() + 16);
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			switch (c) {
			case '*' -> b.append("{asterisk}");
			case '`' -> b.append("{backtick}");
			case '^' -> b.append("{caret}");
			case '~' -> b.append("{tilde}");
			case '+' -> b.append("{plus}");
			default -> b.append(c);
			}
		}
		return b.toString();
	}
}
