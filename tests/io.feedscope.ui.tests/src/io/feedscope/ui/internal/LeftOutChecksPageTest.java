package io.feedscope.ui.internal;

import static io.feedscope.ui.internal.ThirdPartyCheckTest.openChecksPage;
import static io.feedscope.ui.tests.UiTestSupport.flush;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.ContributorFactorySimple;
import org.eclipse.core.runtime.IExtension;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.RegistryFactory;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Label;
import org.junit.jupiter.api.Test;

import io.feedscope.analysis.CheckRegistry;

/**
 * A plug-in whose check declares {@code roles="LINE_DATA,LINE_DAT"} (a typo) is installed into the running
 * workbench's extension registry: the check is left out of every analysis, and the user must be able to see
 * why where they look for it. The Checks preference page (real widgets) names it above the list with the
 * registry's own sentence and says so in the page's message as a warning; the platform log has the sentence
 * once however often the registry is read again; with the plug-in gone, both are gone.
 */
class LeftOutChecksPageTest {

	private static final String CONTRIBUTOR = "com.example.typochecks";

	@Test
	void aCheckLeftOutIsNamedOnTheChecksPageAndLoggedOnce() throws Exception {
		IExtensionRegistry reg = RegistryFactory.getRegistry();
		// the running registry takes contributions only with its user token (a test's way in; plug-ins come as bundles)
		Object token = reg.getClass().getMethod("getTemporaryUserToken").invoke(reg);
		List<IStatus> logged = new CopyOnWriteArrayList<>();
		ILogListener listener = (status, plugin) -> logged.add(status);
		Platform.addLogListener(listener);
		try {
			String xml = """
					<plugin>
					  <extension id="typo" point="io.feedscope.analysis.checks">
					    <check id="team.gaps" name="Team gaps" class="com.example.typochecks.Gaps" roles="LINE_DATA,LINE_DAT"/>
					  </extension>
					</plugin>
					""";
			assertTrue(reg.addContribution(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
					ContributorFactorySimple.createContributor(CONTRIBUTOR), false, CONTRIBUTOR, null, token), "contribution added");
			List<String> problems = CheckRegistry.load().problems().stream().filter(p -> p.contains("team.gaps")).toList();
			assertEquals(1, problems.size(), "the registry leaves the check out: " + CheckRegistry.load().problems());
			String problem = problems.get(0);
			assertTrue(problem.startsWith(CONTRIBUTOR + ": ") && problem.contains("'LINE_DAT'"), problem);

			for (int round = 0; round < 2; round++) {
				PreferenceDialog d = openChecksPage();
				try {
					ChecksPreferencePage page = assertInstanceOf(ChecksPreferencePage.class, d.getSelectedPage());
					List<String> shown = page.leftOutLabels().stream().map(Label::getText).toList();
					assertEquals(List.of("Left out: " + problem), shown, "round " + round);
					assertTrue(page.leftOutLabels().get(0).isVisible(), "shown");
					assertEquals(IMessageProvider.WARNING, page.getMessageType(), "round " + round + ": " + page.getMessage());
					assertNotNull(page.getMessage());
					assertTrue(page.getMessage().contains("could not be loaded"), page.getMessage());
					assertTrue(page.isValid(), "a left-out check does not stop the user from changing the others");
				} finally {
					d.close();
					flush();
				}
			}
			List<String> warnings = logged.stream().filter(s -> s.getSeverity() == IStatus.WARNING && s.getMessage().contains("team.gaps"))
					.map(IStatus::getMessage).toList();
			assertEquals(List.of("a contributed check was left out: " + problem), warnings, "logged once for two readings");

			IExtension ext = reg.getExtension(CONTRIBUTOR + ".typo");
			assertNotNull(ext, "the contribution's extension");
			assertTrue(reg.removeExtension(ext, token), "removed");
			PreferenceDialog d = openChecksPage();
			try {
				ChecksPreferencePage page = assertInstanceOf(ChecksPreferencePage.class, d.getSelectedPage());
				assertEquals(List.of(), page.leftOutLabels().stream().map(Label::getText).toList(), "the plug-in is gone");
				assertNull(page.getMessage(), "no warning");
			} finally {
				d.close();
				flush();
			}
		} finally {
			Platform.removeLogListener(listener);
			IExtension ext = reg.getExtension(CONTRIBUTOR + ".typo");
			if (ext != null) {
				reg.removeExtension(ext, token);
			}
		}
	}
}
