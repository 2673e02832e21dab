package io.feedscope.ui.internal;

import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Go to Frame (Ctrl+G): checks the number as it is typed (nothing is said before anything is typed; OK is
 * enabled only for a frame of the shown captures) and, on OK, goes to the frame, offering to clear the
 * display filter when the filter hides it.
 */
final class GoToFrameDialog extends InputDialog {

	private final PacketTableView fTable;
	private String fError;

	GoToFrameDialog(Shell shell, PacketTableView table, boolean severalCaptures) {
		super(shell, "Go to Frame", "Frame number" + (severalCaptures ? " (or capture:frame)" : "") + ":", "",
				table::validateFrame);
		fTable = table;
	}

	@Override
	protected void okPressed() {
		String typed = getText().getText();
		super.okPressed();
		fTable.goToTyped(typed);
	}

	@Override
	public void setErrorMessage(String errorMessage) {
		fError = errorMessage;
		super.setErrorMessage(errorMessage);
	}

	/** @return the error shown under the text (null: none; empty: nothing typed yet) */
	String errorMessage() {
		return fError;
	}

	Text text() {
		return getText();
	}

	Button okButton() {
		return getOkButton();
	}
}
