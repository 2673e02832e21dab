package io.feedscope.ui.internal;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.dialogs.ProgressMonitorDialog;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;

/**
 * Help &gt; Install Plug-ins...: a p2 repository (a folder or a zip, as a team hands its feature over), the
 * features it offers (checked to install), Install, then the offer to restart, since what p2 installed is
 * active from the next start. The work is {@link PluginInstaller}'s (the product's feedscope-install); a
 * refusal is shown here in its words.
 */
final class InstallPluginsDialog extends TitleAreaDialog {

	/** Asked after a successful install: restart now (the default) or later. */
	interface RestartQuestion {
		boolean restartNow(Shell shell, String installed);
	}

	private final @Nullable PluginInstaller fInstaller;
	private RestartQuestion fRestart = (shell, installed) -> MessageDialog.openQuestion(shell, "Restart FeedScope",
			installed + "\n\nThe plug-ins are active from the next start. Restart FeedScope now?");
	private Text fRepository;
	private Table fFeatures;
	private String fReport = "";

	InstallPluginsDialog(Shell parent, @Nullable PluginInstaller installer) {
		super(parent);
		fInstaller = installer;
		setShellStyle(getShellStyle() | SWT.RESIZE);
	}

	void setRestartQuestion(RestartQuestion q) {
		fRestart = q;
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText("Install Plug-ins");
	}

	@Override
	public void create() {
		super.create();
		setTitle("Install plug-ins from a p2 repository");
		if (fInstaller == null) {
			setErrorMessage("This FeedScope is no installed product (no feedscope-install beside it): nothing can be installed here.");
		} else {
			setMessage("Choose a repository folder or zip; check the features to install.");
		}
		getButton(IDialogConstants.OK_ID).setEnabled(false);
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		Composite c = new Composite(area, SWT.NONE);
		c.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		c.setLayout(new GridLayout(4, false));
		new Label(c, SWT.NONE).setText("&Repository:");
		fRepository = new Text(c, SWT.BORDER | SWT.SINGLE);
		fRepository.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		fRepository.addListener(SWT.DefaultSelection, e -> listFeatures());
		Button folder = new Button(c, SWT.PUSH);
		folder.setText("&Folder...");
		folder.addListener(SWT.Selection, e -> {
			String d = new DirectoryDialog(getShell()).open();
			if (d != null) {
				setRepository(d);
			}
		});
		Button zip = new Button(c, SWT.PUSH);
		zip.setText("&Zip...");
		zip.addListener(SWT.Selection, e -> {
			FileDialog fd = new FileDialog(getShell(), SWT.OPEN);
			fd.setFilterExtensions(new String[] { "*.zip", "*" });
			String f = fd.open();
			if (f != null) {
				setRepository(f);
			}
		});
		Label features = new Label(c, SWT.NONE);
		features.setText("&Features:");
		features.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 4, 1));
		fFeatures = new Table(c, SWT.BORDER | SWT.CHECK | SWT.FULL_SELECTION | SWT.V_SCROLL);
		fFeatures.setHeaderVisible(true);
		new TableColumn(fFeatures, SWT.LEFT).setText("Feature");
		new TableColumn(fFeatures, SWT.LEFT).setText("Version");
		GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1);
		gd.heightHint = 160;
		gd.widthHint = 560;
		fFeatures.setLayoutData(gd);
		fFeatures.addListener(SWT.Selection, e -> updateButtons());
		return area;
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, IDialogConstants.OK_ID, "&Install", true);
		createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
	}

	/** Sets the repository (typed, browsed or dropped) and lists its features. */
	void setRepository(String path) {
		fRepository.setText(path);
		listFeatures();
	}

	/** Lists the repository's features, all checked; a bad repository is said in the title area. */
	void listFeatures() {
		fFeatures.removeAll();
		updateButtons();
		PluginInstaller installer = fInstaller;
		if (installer == null) {
			return;
		}
		Path repo;
		try {
			repo = Path.of(fRepository.getText().trim());
		} catch (InvalidPathException e) {
			setErrorMessage("Not a path: " + fRepository.getText());
			return;
		}
		if (!Files.exists(repo)) {
			setErrorMessage(repo + " does not exist");
			return;
		}
		AtomicReference<List<PluginInstaller.Feature>> found = new AtomicReference<>(List.of());
		String error = runWithProgress("Reading " + repo.getFileName(), () -> found.set(installer.list(repo)));
		if (error != null) {
			setErrorMessage(error);
			return;
		}
		for (PluginInstaller.Feature f : found.get()) {
			TableItem i = new TableItem(fFeatures, SWT.NONE);
			i.setText(new String[] { f.id(), f.version() });
			i.setChecked(true);
			i.setData(f);
		}
		for (TableColumn col : fFeatures.getColumns()) {
			col.pack();
		}
		if (found.get().isEmpty()) {
			setErrorMessage(repo + " offers no features");
		} else {
			setErrorMessage(null);
			setMessage(found.get().size() + (found.get().size() == 1 ? " feature" : " features") + " in " + repo.getFileName());
		}
		updateButtons();
	}

	private void updateButtons() {
		Button ok = getButton(IDialogConstants.OK_ID);
		if (ok != null) {
			ok.setEnabled(!checkedIds().isEmpty());
		}
	}

	List<String> checkedIds() {
		List<String> ids = new ArrayList<>();
		if (fFeatures != null) {
			for (TableItem i : fFeatures.getItems()) {
				if (i.getChecked() && i.getData() instanceof PluginInstaller.Feature f) {
					ids.add(f.id());
				}
			}
		}
		return ids;
	}

	@Override
	protected void okPressed() {
		PluginInstaller installer = fInstaller;
		List<String> ids = checkedIds();
		if (installer == null || ids.isEmpty()) {
			return;
		}
		Path repo = Path.of(fRepository.getText().trim());
		String error = runWithProgress("Installing " + String.join(", ", ids), () -> fReport = installer.install(repo, ids));
		if (error != null) {
			setErrorMessage(error);
			return;
		}
		Shell shell = getParentShell();
		super.okPressed();
		if (fRestart.restartNow(shell, "Installed " + String.join(", ", ids) + ".")) {
			PlatformUI.getWorkbench().restart();
		}
	}

	/** What the installer printed for the last install. */
	String report() {
		return fReport;
	}

	private interface Work {
		void run() throws PluginInstaller.InstallException;
	}

	/** Runs the installer off the UI thread with a progress dialog; @return its error, or null */
	private @Nullable String runWithProgress(String what, Work work) {
		AtomicReference<String> error = new AtomicReference<>();
		try {
			new ProgressMonitorDialog(getShell()).run(true, false, monitor -> {
				monitor.beginTask(what, -1);
				try {
					work.run();
				} catch (PluginInstaller.InstallException e) {
					error.set(e.getMessage());
				} finally {
					monitor.done();
				}
			});
		} catch (InvocationTargetException e) {
			error.set(String.valueOf(e.getCause()));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			error.set("interrupted");
		}
		return error.get();
	}

	Text repositoryText() {
		return fRepository;
	}

	Table featureTable() {
		return fFeatures;
	}

	Button installButton() {
		return getButton(IDialogConstants.OK_ID);
	}
}
