package io.feedscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckRegistry;

/**
 * A contributed check left out of the analysis (here a bad {@code roles} scope) is said on analyze's stderr, one
 * line per check, in the registry's words; the checks that loaded run and nothing is said of them.
 */
class LeftOutChecksTest {

	@Test
	void aCheckLeftOutIsSaidOnStderr() {
		String xml = """
				<plugin>
				  <extension point="io.feedscope.analysis.checks">
				    <check id="team.good" name="Good" class="io.feedscope.analysis.internal.GapsCheck" roles="LINE_DATA"/>
				    <check id="team.typo" name="Typo" class="io.feedscope.analysis.internal.LossCheck" roles="LINE_DAT"/>
				  </extension>
				</plugin>""";
		CheckRegistry registry = CheckRegistry.fromPluginXml(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
				"team-checks.jar", CheckRegistry.class.getClassLoader());
		assertEquals(List.of("team.good"), registry.checks().stream().map(CheckDescriptor::id).toList());
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
			AnalyzeCommand.warnLeftOut(registry, err);
		}
		List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
		assertEquals(1, lines.size(), String.join("\n", lines));
		assertEquals("feedscope analyze: warning: team-checks.jar: check team.typo: attribute roles=\"LINE_DAT\": unknown role "
				+ "'LINE_DAT' (roles: LINE_DATA, LINE_HEARTBEAT, LINE_END_OF_SESSION, RETRANSMISSION, REQUEST, OTHER_UNICAST, "
				+ "MALFORMED, UNSEQUENCED)", lines.get(0));
	}

	@Test
	void theInstalledChecksLeaveNothingOut() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
			AnalyzeCommand.warnLeftOut(CheckRegistry.load(), err);
		}
		assertEquals("", bytes.toString(StandardCharsets.UTF_8));
	}
}
