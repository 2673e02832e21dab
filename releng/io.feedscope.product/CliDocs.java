import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step of the product (run by cli-docs.sh with the product's command-line class path and picocli-codegen):
 * writes, from the picocli annotations of the command classes themselves, the bash/zsh completion script
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
	}
}
