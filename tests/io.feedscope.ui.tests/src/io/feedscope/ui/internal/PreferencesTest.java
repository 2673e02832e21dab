package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
		PreferenceDialog d = openFeedScopePage();
		try {
			FeedScopePreferences page = assertInstanceOf(FeedScopePreferences.class, d.getSelectedPage());
			List<String> texts = new ArrayList<>();
			collectTextWidgets(page.getControl()).forEach(t -> texts.add(t.getText()));
			assertTrue(texts.contains("50"), "freeze threshold default shown: " + texts);
			assertEquals(50, page.getPreferenceStore().getInt(FeedScopePreferences.FREEZE_THRESHOLD_MS));
			assertEquals(FeedScopePreferences.TIME_ABSOLUTE,
					page.getPreferenceStore().getString(FeedScopePreferences.TIME_FORMAT));
		} finally {
			d.close();
		}
	}

	/** A bad binding is refused while typed, with the command line's message naming it; a good one is taken. */
	@Test
	void badBindingsAreRefusedAsTheyAreTyped() {
		PreferenceDialog d = openFeedScopePage();
		try {
			FeedScopePreferences page = assertInstanceOf(FeedScopePreferences.class, d.getSelectedPage());
			Text bindings = collectTextWidgets(page.getControl()).stream().filter(t -> !t.getText().equals("50")).findFirst().orElseThrow();
			type(bindings, "udp.port==26477,moldudp64; udp.port==70000");
			assertFalse(page.isValid());
			assertEquals("Binding 'udp.port==70000': a port or range N-M within 0..65535 expected", page.getErrorMessage());
			type(bindings, "ip.dst==300.1.1.1 moldudp64");
			assertFalse(page.isValid());
			assertTrue(page.getErrorMessage().contains("IPv4"), page.getErrorMessage());
			type(bindings, "udp.port==26400-26499 moldudp64; ip.dst==233.54.12.0/24");
			assertTrue(page.isValid(), page.getErrorMessage());
			assertEquals(null, page.getErrorMessage());
		} finally {
			d.close();
		}
	}

	private static void type(Text t, String s) {
		t.setText(s);
		t.notifyListeners(org.eclipse.swt.SWT.Modify, new org.eclipse.swt.widgets.Event());
		t.notifyListeners(org.eclipse.swt.SWT.KeyUp, new org.eclipse.swt.widgets.Event());
		UiTestSupport.flush();
	}

	/** Opens Window > Preferences on the FeedScope page, not blocking; the caller closes it. */
	private static PreferenceDialog openFeedScopePage() {
		PreferenceDialog d = PreferencesUtil.createPreferenceDialogOn(
				PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "io.feedscope.ui.preferences", null,
				null);
		d.setBlockOnOpen(false);
		d.open();
		UiTestSupport.flush();
		return d;
	}

	/** @return every text field under c, in widget order */
	private static List<Text> collectTextWidgets(Control c) {
		List<Text> out = new ArrayList<>();
		if (c instanceof Text t) {
			out.add(t);
		}
		if (c instanceof Composite comp) {
			for (Control child : comp.getChildren()) {
				out.addAll(collectTextWidgets(child));
			}
		}
		return out;
	}
}
