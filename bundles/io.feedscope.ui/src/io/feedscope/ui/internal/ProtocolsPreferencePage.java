package io.feedscope.ui.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;

/**
 * Window &gt; Preferences &gt; FeedScope &gt; Protocols: every protocol the workbench uses, with where it came from
 * (bundled or installed plug-in, site folder, user folder) and how traffic reaches it ({@link ProtocolRows});
 * below, the diagnostics of descriptions that did not compile, a double-click opening the file at the line.
 * Reload compiles again (as File &gt; Reload Protocols); the page follows every reload, the watcher's too.
 * Nothing is stored here: bindings are set on the FeedScope page, protocols by files and plug-ins.
 */
public class ProtocolsPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

	static final String[] PROTOCOL_COLUMNS = { "Name", "Kind", "Source", "Bindings" };
	static final String[] PROBLEM_COLUMNS = { "Severity", "Location", "Message" };

	private Table fProtocols;
	private Table fProblems;
	private ProtocolFileDialog fOpened;
	private final Consumer<ProtocolSet> fListener = set -> {
		Table t = fProtocols;
		if (t != null && !t.isDisposed()) {
			t.getDisplay().asyncExec(() -> show(set));
		}
	};

	public ProtocolsPreferencePage() {
		noDefaultAndApplyButton();
		setDescription("The protocols FeedScope decodes, where each comes from, and how traffic reaches it.");
	}

	@Override
	public void init(IWorkbench workbench) {
		// nothing stored
	}

	@Override
	protected Control createContents(Composite parent) {
		Composite c = new Composite(parent, SWT.NONE);
		c.setLayout(new GridLayout(2, false));
		Path site = ProtocolRegistry.siteDirectory();
		Label where = new Label(c, SWT.WRAP);
		where.setText("Your protocol files: " + ProtocolRegistry.userDirectory() + " (watched: a saved change is reloaded)"
				+ (site != null ? "\nSite protocol files: " + site : ""));
		where.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 1, 1));
		Button reload = new Button(c, SWT.PUSH);
		reload.setText("&Reload Protocols");
		reload.setLayoutData(new GridData(SWT.END, SWT.TOP, false, false));
		reload.addListener(SWT.Selection, e -> ProtocolReloader.reload());
		fProtocols = table(c, PROTOCOL_COLUMNS, 220);
		Label problems = new Label(c, SWT.NONE);
		problems.setText("Problems (double-click opens the file at the line):");
		problems.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
		fProblems = table(c, PROBLEM_COLUMNS, 110);
		fProblems.addListener(SWT.DefaultSelection, e -> openSelectedProblem());
		ProtocolReloader.addListener(fListener);
		c.addDisposeListener(e -> ProtocolReloader.removeListener(fListener));
		show(AnalysisJob.protocols());
		return c;
	}

	private static Table table(Composite parent, String[] columns, int height) {
		Table t = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
		t.setHeaderVisible(true);
		t.setLinesVisible(true);
		for (String name : columns) {
			new TableColumn(t, SWT.LEFT).setText(name);
		}
		GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
		gd.heightHint = height;
		gd.widthHint = 720;
		t.setLayoutData(gd);
		return t;
	}

	/** Fills both tables from a compiled set. */
	void show(ProtocolSet set) {
		if (fProtocols == null || fProtocols.isDisposed()) {
			return;
		}
		fProtocols.removeAll();
		for (ProtocolRows.Row r : ProtocolRows.rows(set)) {
			TableItem i = new TableItem(fProtocols, SWT.NONE);
			i.setText(new String[] { r.name(), r.kind(), r.origin(), r.bindings() });
			i.setData(r);
		}
		fProblems.removeAll();
		for (ProtocolDiagnostic d : set.diagnostics()) {
			TableItem i = new TableItem(fProblems, SWT.NONE);
			String at = d.line() > 0 ? d.source() + ":" + d.line() + ":" + d.column() : d.source();
			i.setText(new String[] { d.severity().name().toLowerCase(java.util.Locale.ROOT), at, d.message() });
			i.setData(d);
		}
		for (Table t : List.of(fProtocols, fProblems)) {
			for (TableColumn col : t.getColumns()) {
				col.pack();
			}
		}
	}

	/** Opens the selected problem's file at its line; a description inside a plug-in cannot be edited here. */
	void openSelectedProblem() {
		TableItem[] sel = fProblems.getSelection();
		if (sel.length == 0 || !(sel[0].getData() instanceof ProtocolDiagnostic d)) {
			return;
		}
		Path file = ProtocolRows.editableFile(d);
		if (file == null) {
			setMessage(d.source() + " is inside a plug-in or is no file: it cannot be edited here", WARNING);
			return;
		}
		fOpened = new ProtocolFileDialog(getShell(), file, d.line(), d.column(), d.toString());
		fOpened.open();
	}

	/** @return the file last opened from a problem, or null */
	@org.eclipse.jdt.annotation.Nullable
	ProtocolFileDialog opened() {
		return fOpened;
	}

	Table protocolTable() {
		return fProtocols;
	}

	Table problemTable() {
		return fProblems;
	}
}
