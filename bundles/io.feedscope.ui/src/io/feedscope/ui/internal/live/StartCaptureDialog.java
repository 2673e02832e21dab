package io.feedscope.ui.internal.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import io.feedscope.capture.live.CaptureDevice;
import io.feedscope.capture.live.CaptureException;
import io.feedscope.capture.live.CaptureService;
import io.feedscope.capture.live.CaptureSpec;
import io.feedscope.capture.live.RingSpec;

/**
 * Capture &gt; Start...: the interfaces with their addresses, a BPF capture filter (checked by dumpcap before
 * the dialog closes: a wrong one keeps the dialog open with the compiler's message), the directory and the
 * ring (file size in MB, number of files; 0 files for one growing file).
 */
public final class StartCaptureDialog extends TitleAreaDialog {
	private final CaptureService fService;
	private List<CaptureDevice> fDevices = List.of();
	private @Nullable Table fTable;
	private @Nullable Text fFilter;
	private @Nullable Text fDirectory;
	private @Nullable Spinner fSizeMb;
	private @Nullable Spinner fFiles;
	private @Nullable CaptureSpec fSpec;

	public StartCaptureDialog(Shell parent, CaptureService service) {
		super(parent);
		fService = service;
	}

	/** @return what to capture, once OK was pressed with a valid filter */
	public @Nullable CaptureSpec spec() {
		return fSpec;
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		setTitle("Start Capture");
		setMessage("Captured by " + fService.processName() + " (" + fService.binary() + "), which alone needs CAP_NET_RAW and CAP_NET_ADMIN");
		Composite c = new Composite(area, SWT.NONE);
		c.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		c.setLayout(new GridLayout(2, false));
		new Label(c, SWT.NONE).setText("Interface:");
		Table table = new Table(c, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
		GridData td = new GridData(SWT.FILL, SWT.FILL, true, true);
		td.heightHint = 160;
		td.widthHint = 520;
		table.setLayoutData(td);
		try {
			fDevices = fService.devices();
		} catch (CaptureException e) {
			setErrorMessage(e.getMessage());
		}
		for (CaptureDevice d : fDevices) {
			new TableItem(table, SWT.NONE).setText(d.label());
		}
		if (!fDevices.isEmpty()) {
			table.select(0);
		}
		fTable = table;
		new Label(c, SWT.NONE).setText("Capture filter (BPF):");
		Text filter = new Text(c, SWT.BORDER);
		filter.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		filter.setMessage("e.g. udp and dst net 233.54.12.0/24");
		fFilter = filter;
		new Label(c, SWT.NONE).setText("Directory:");
		Text dir = new Text(c, SWT.BORDER);
		dir.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		dir.setText(System.getProperty("java.io.tmpdir"));
		fDirectory = dir;
		new Label(c, SWT.NONE).setText("Ring file size (MB):");
		Spinner size = new Spinner(c, SWT.BORDER);
		size.setValues(100, 1, 100_000, 0, 10, 100);
		fSizeMb = size;
		new Label(c, SWT.NONE).setText("Ring files (0: one file):");
		Spinner files = new Spinner(c, SWT.BORDER);
		files.setValues(10, 0, 10_000, 0, 1, 10);
		fFiles = files;
		return area;
	}

	/** For tests: the interfaces listed, as shown. */
	public List<String> interfaceLabels() {
		Table t = fTable;
		return t == null ? List.of() : java.util.Arrays.stream(t.getItems()).map(TableItem::getText).toList();
	}

	/** For tests and the handler: fills the fields. */
	public void set(String device, String filter, Path directory, int sizeMb, int files) {
		Table t = fTable;
		for (int i = 0; t != null && i < fDevices.size(); i++) {
			if (fDevices.get(i).name().equals(device)) {
				t.select(i);
			}
		}
		text(fFilter).setText(filter);
		text(fDirectory).setText(directory.toString());
		if (fSizeMb != null) {
			fSizeMb.setSelection(sizeMb);
		}
		if (fFiles != null) {
			fFiles.setSelection(files);
		}
	}

	private static Text text(@Nullable Text t) {
		if (t == null) {
			throw new IllegalStateException("dialog not open");
		}
		return t;
	}

	/** For tests: presses OK as the user would. */
	public void pressOk() {
		okPressed();
	}

	@Override
	protected void okPressed() {
		Table t = fTable;
		int i = t == null ? -1 : t.getSelectionIndex();
		if (i < 0) {
			setErrorMessage("choose an interface");
			return;
		}
		String device = fDevices.get(i).name();
		String filter = text(fFilter).getText().strip();
		Path dir = Path.of(text(fDirectory).getText().strip());
		if (!Files.isDirectory(dir)) {
			setErrorMessage(dir + ": no such directory");
			return;
		}
		try {
			String bad = fService.checkFilter(device, filter);
			if (bad != null) {
				setErrorMessage("capture filter '" + filter + "' is wrong for " + device + ": " + bad);
				return;
			}
		} catch (CaptureException e) {
			setErrorMessage(e.getMessage());
			return;
		}
		int files = fFiles == null ? 0 : fFiles.getSelection();
		int size = fSizeMb == null ? 100 : fSizeMb.getSelection();
		RingSpec ring = files >= 2 ? new RingSpec(size * 1000L, files) : null;
		fSpec = new CaptureSpec(device, filter, dir, ring, 0);
		super.okPressed();
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		Button ok = createButton(parent, IDialogConstants.OK_ID, "Start", true);
		ok.setEnabled(!fDevices.isEmpty());
		createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
	}
}
