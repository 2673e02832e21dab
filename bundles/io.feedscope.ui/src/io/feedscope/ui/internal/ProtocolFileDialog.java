package io.feedscope.ui.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

/**
 * A protocol description opened at a diagnostic's line and column (double-click in the Protocols preference
 * page's problems): the product ships no text editor, so this is a plain one; Save writes the file (atomically)
 * and the protocols folder's watcher reloads it. Modeless, not blocking: opened beside the page.
 */
final class ProtocolFileDialog extends Dialog {

	static final int SAVE = IDialogConstants.CLIENT_ID + 1;

	private final Path fFile;
	private final int fLine;
	private final int fColumn;
	private final String fProblem;
	private StyledText fText;

	ProtocolFileDialog(Shell parent, Path file, int line, int column, String problem) {
		super(parent);
		fFile = file;
		fLine = line;
		fColumn = column;
		fProblem = problem;
		// modeless: the preferences and the views stay usable while the file is open, as beside an editor
		setShellStyle(SWT.DIALOG_TRIM | SWT.RESIZE | SWT.MAX | SWT.MODELESS);
		setBlockOnOpen(false);
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText(fFile.getFileName() + (fLine > 0 ? ":" + fLine + ":" + fColumn : ""));
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite c = (Composite) super.createDialogArea(parent);
		c.setLayout(new GridLayout(1, false));
		Label problem = new Label(c, SWT.WRAP);
		problem.setText(fProblem);
		problem.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		fText = new StyledText(c, SWT.BORDER | SWT.MULTI | SWT.H_SCROLL | SWT.V_SCROLL);
		fText.setFont(JFaceResources.getTextFont());
		GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true);
		gd.widthHint = 800;
		gd.heightHint = 500;
		fText.setLayoutData(gd);
		String text;
		try {
			text = Files.readString(fFile, StandardCharsets.UTF_8);
		} catch (IOException e) {
			text = "";
			problem.setText("cannot read " + fFile + ": " + e.getMessage());
			fText.setEditable(false);
		}
		fText.setText(text);
		revealProblem();
		return c;
	}

	/** Caret at the diagnostic's line and column, the line marked and scrolled into view. */
	private void revealProblem() {
		if (fLine <= 0 || fLine > fText.getLineCount()) {
			return;
		}
		int start = fText.getOffsetAtLine(fLine - 1);
		int end = fLine < fText.getLineCount() ? fText.getOffsetAtLine(fLine) - 1 : fText.getCharCount();
		int caret = Math.min(end, start + Math.max(0, fColumn - 1));
		// a line background, not a selection: typing must not replace the line
		fText.setLineBackground(fLine - 1, 1, fText.getDisplay().getSystemColor(SWT.COLOR_INFO_BACKGROUND));
		fText.setCaretOffset(caret);
		fText.setTopIndex(Math.max(0, fLine - 6));
		fText.setFocus();
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, SAVE, "&Save", false);
		createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
	}

	@Override
	protected void buttonPressed(int id) {
		if (id == SAVE) {
			if (save()) {
				setReturnCode(SAVE);
				close();
			}
		} else if (id == IDialogConstants.CLOSE_ID) {
			setReturnCode(CANCEL);
			close();
		} else {
			super.buttonPressed(id);
		}
	}

	/** Writes next to the file, then moves over it: a crash mid-write leaves the user's file as it was. */
	boolean save() {
		Path tmp = fFile.resolveSibling("." + fFile.getFileName() + ".saving");
		try {
			Files.writeString(tmp, fText.getText(), StandardCharsets.UTF_8);
			Files.move(tmp, fFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return true;
		} catch (IOException e) {
			org.eclipse.jface.dialogs.MessageDialog.openError(getShell(), "Save", "Cannot save " + fFile + ": " + e.getMessage());
			return false;
		}
	}

	StyledText text() {
		return fText;
	}
}
