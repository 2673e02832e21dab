package io.feedscope.ui.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;

/**
 * The help page of a view: plain text shipped in the bundle as {@code help/<view id>.txt}, opened
 * from a "?" button in the view's toolbar. Plain text in a dialog, because the Eclipse help system
 * would bring a web server and a browser into the product for a few pages.
 */
final class ViewHelp {

	private ViewHelp() {
	}

	/** Adds the help button to a view's toolbar. */
	static void install(ViewPart view) {
		String id = view.getSite().getId();
		Action help = new Action("Help on " + view.getPartName()) {
			@Override
			public void run() {
				new HelpDialog(view.getSite().getShell(), view.getPartName(), text(id)).open();
			}
		};
		help.setText("?");
		help.setToolTipText("Help on the " + view.getPartName() + " view");
		help.setId("io.feedscope.ui.help");
		view.getViewSite().getActionBars().getToolBarManager().add(help);
		view.getViewSite().getActionBars().updateActionBars();
	}

	/** @return the help text of a view, or a line saying there is none */
	static String text(String viewId) {
		try (InputStream in = ViewHelp.class.getResourceAsStream("/help/" + viewId + ".txt")) {
			if (in == null) {
				return "No help page for " + viewId + ".";
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			return "Help page for " + viewId + " could not be read: " + e.getMessage();
		}
	}

	static final class HelpDialog extends Dialog {
		private final String fTitle;
		private final String fText;

		HelpDialog(Shell shell, String title, String text) {
			super(shell);
			fTitle = title;
			fText = text;
			setShellStyle(getShellStyle() | SWT.RESIZE);
		}

		@Override
		protected void configureShell(Shell shell) {
			super.configureShell(shell);
			shell.setText("Help: " + fTitle);
		}

		@Override
		protected Control createDialogArea(Composite parent) {
			Composite area = (Composite) super.createDialogArea(parent);
			Text t = new Text(area, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.WRAP | SWT.BORDER);
			t.setText(fText);
			t.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
			return area;
		}

		@Override
		protected void createButtonsForButtonBar(Composite parent) {
			createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
		}

		@Override
		protected Point getInitialSize() {
			return new Point(640, 480);
		}
	}
}
