package io.feedscope.ui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckOption;
import io.feedscope.analysis.CheckRegistry;

/**
 * Window &gt; Preferences &gt; FeedScope &gt; Checks: every check contributed to
 * {@code io.feedscope.analysis.checks} (the built-in ones and those of installed plug-ins), each with a box
 * that turns it on or off, its description, where it comes from, and the options its contribution declares
 * (type, default, description), as the analysis uses them ({@link CheckPreferences}). OK re-runs the analysis
 * of the open captures. Contributions the registry left out (a bad scope, an id given twice) are named above the
 * list, each with the registry's sentence, and the page's message warns of them ({@link LeftOutChecks}).
 */
public class ChecksPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

	/** the page id in plugin.xml */
	public static final String ID = "io.feedscope.ui.preferences.checks";

	private final Map<String, Button> fBoxes = new LinkedHashMap<>();
	private final Map<String, Text> fOptions = new LinkedHashMap<>();
	private final List<Label> fLeftOut = new ArrayList<>();
	private CheckRegistry fRegistry = CheckRegistry.load();

	public ChecksPreferencePage() {
		setDescription("The checks the analysis runs. Checks contributed by plug-ins are listed with the built-in ones.");
	}

	@Override
	public void init(IWorkbench workbench) {
		fRegistry = CheckRegistry.load();
		List<String> leftOut = LeftOutChecks.log(fRegistry);
		if (!leftOut.isEmpty()) {
			setMessage(leftOut.size() == 1 ? "A contributed check could not be loaded: the analysis runs without it (see below)."
					: leftOut.size() + " contributed checks could not be loaded: the analysis runs without them (see below).",
					IMessageProvider.WARNING);
		}
	}

	@Override
	protected Control createContents(Composite parent) {
		ScrolledComposite scroll = new ScrolledComposite(parent, SWT.V_SCROLL);
		scroll.setExpandHorizontal(true);
		scroll.setExpandVertical(true);
		scroll.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		Composite body = new Composite(scroll, SWT.NONE);
		body.setLayout(new GridLayout(1, false));
		for (String p : fRegistry.problems()) {
			// first, where a user who misses a check looks; the text names the file, the check and what is wrong
			Label left = new Label(body, SWT.WRAP);
			left.setText("Left out: " + p);
			left.setForeground(body.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
			GridData ld = new GridData(SWT.FILL, SWT.TOP, true, false);
			ld.widthHint = 480;
			left.setLayoutData(ld);
			fLeftOut.add(left);
		}
		if (!fLeftOut.isEmpty()) {
			new Label(body, SWT.NONE);
		}
		for (CheckDescriptor d : fRegistry.checks()) {
			Button box = new Button(body, SWT.CHECK);
			box.setText(d.name());
			box.setToolTipText(d.id());
			box.setSelection(CheckPreferences.enabled(d));
			box.setData(d.id());
			fBoxes.put(d.id(), box);
			Label about = new Label(body, SWT.WRAP);
			about.setText(d.description() + (d.description().isEmpty() ? "" : "\n") + d.id()
					+ (d.id().startsWith("io.feedscope.analysis.") ? "" : "  (from " + d.contributor() + ")"));
			GridData ad = new GridData(SWT.FILL, SWT.TOP, true, false);
			ad.horizontalIndent = 20;
			ad.widthHint = 480;
			about.setLayoutData(ad);
			if (!d.options().isEmpty()) {
				Composite opts = new Composite(body, SWT.NONE);
				opts.setLayout(new GridLayout(3, false));
				GridData od = new GridData(SWT.FILL, SWT.TOP, true, false);
				od.horizontalIndent = 20;
				opts.setLayoutData(od);
				for (CheckOption o : d.options()) {
					new Label(opts, SWT.NONE).setText(o.name() + " (" + o.type().xmlName() + "):");
					Text t = new Text(opts, SWT.BORDER);
					t.setText(CheckPreferences.option(d, o));
					t.setMessage(o.defaultValue());
					t.setToolTipText(o.description() + " Default: " + o.defaultValue());
					GridData td = new GridData(SWT.LEFT, SWT.CENTER, false, false);
					td.widthHint = 100;
					t.setLayoutData(td);
					t.addModifyListener(e -> validate());
					fOptions.put(d.id() + "." + o.name(), t);
					Label what = new Label(opts, SWT.WRAP);
					what.setText(o.description() + " (default " + o.defaultValue() + ")");
				}
			}
			new Label(body, SWT.NONE); // space between checks
		}
		scroll.setContent(body);
		scroll.setMinSize(body.computeSize(SWT.DEFAULT, SWT.DEFAULT));
		return scroll;
	}

	/** Shows the first bad option value, naming check and option; OK is refused while there is one. */
	private void validate() {
		String error = null;
		for (CheckDescriptor d : fRegistry.checks()) {
			for (CheckOption o : d.options()) {
				Text t = fOptions.get(d.id() + "." + o.name());
				if (t == null || error != null) {
					continue;
				}
				try {
					o.validate(t.getText());
				} catch (IllegalArgumentException e) {
					error = d.name() + ": " + e.getMessage();
				}
			}
		}
		setErrorMessage(error);
		setValid(error == null);
	}

	@Override
	protected void performDefaults() {
		for (CheckDescriptor d : fRegistry.checks()) {
			fBoxes.get(d.id()).setSelection(d.defaultEnabled());
			for (CheckOption o : d.options()) {
				fOptions.get(d.id() + "." + o.name()).setText(o.defaultValue());
			}
		}
		super.performDefaults();
	}

	@Override
	public boolean performOk() {
		validate();
		if (!isValid()) {
			return false;
		}
		for (CheckDescriptor d : fRegistry.checks()) {
			for (CheckOption o : d.options()) {
				CheckPreferences.setOption(d, o, fOptions.get(d.id() + "." + o.name()).getText());
			}
		}
		// the enable boxes last: the analysis job re-runs on that change, with the options already stored
		for (CheckDescriptor d : fRegistry.checks()) {
			CheckPreferences.setEnabled(d, fBoxes.get(d.id()).getSelection());
		}
		CheckPreferences.flush();
		return true;
	}

	/** @return the enable box of a check (tests drive the page through its real widgets) */
	Button box(String checkId) {
		return fBoxes.get(checkId);
	}

	/** @return the labels of the contributions left out, in the registry's order */
	List<Label> leftOutLabels() {
		return fLeftOut;
	}

	/** @return the text field of a check's option */
	Text optionField(String checkId, String option) {
		return fOptions.get(checkId + "." + option);
	}
}
