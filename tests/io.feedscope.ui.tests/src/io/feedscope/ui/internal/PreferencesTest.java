package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.Test;

import io.feedscope.ui.tests.UiTestSupport;

class PreferencesTest {

	@Test
	void feedScopePageOpensWithTheDefaults() {
		PreferenceDialog d = PreferencesUtil.createPreferenceDialogOn(
				PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "io.feedscope.ui.preferences", null,
				null);
		d.setBlockOnOpen(false);
		d.open();
		try {
			UiTestSupport.flush();
			FeedScopePreferences page = assertInstanceOf(FeedScopePreferences.class, d.getSelectedPage());
			List<String> texts = new ArrayList<>();
			collectTexts(page.getControl(), texts);
			assertTrue(texts.contains("50"), "freeze threshold default shown: " + texts);
			assertEquals(50, page.getPreferenceStore().getInt(FeedScopePreferences.FREEZE_THRESHOLD_MS));
			assertEquals(FeedScopePreferences.TIME_ABSOLUTE,
					page.getPreferenceStore().getString(FeedScopePreferences.TIME_FORMAT));
		} finally {
			d.close();
		}
	}

	private static void collectTexts(Control c, List<String> out) {
		if (c instanceof Text t) {
			out.add(t.getText());
		}
		if (c instanceof Composite comp) {
			for (Control child : comp.getChildren()) {
				collectTexts(child, out);
			}
		}
	}
}
