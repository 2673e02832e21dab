package io.feedscope.ui.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerEditor;
import org.eclipse.jface.viewers.ColumnViewerEditorActivationEvent;
import org.eclipse.jface.viewers.ColumnViewerEditorActivationStrategy;
import org.eclipse.jface.viewers.EditingSupport;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.TableViewerEditor;
import org.eclipse.jface.viewers.TextCellEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.ColorDialog;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.part.ViewPart;

import io.feedscope.capture.CaptureFile;
import io.feedscope.ui.CaptureSet;

/**
 * The open captures (tap points) of the {@link CaptureSet}: name, colour, format, frames, first and last
 * capture time, file. The name is edited in place (click it, or F2; empty restores the file name); the colour
 * cell opens a colour dialog. "Show" chooses what the packet table and the sequence chart show: all captures
 * merged by time, or one capture. The context menu (or Delete) closes a capture.
 * <p>
 * While a capture is being indexed its frame count and last time grow; the view polls them twice a second.
 */
public class CaptureSetView extends ViewPart {

	public static final String ID = "io.feedscope.ui.views.captures";
	static final int COL_NAME = 0, COL_COLOUR = 1, COL_FORMAT = 2, COL_FRAMES = 3, COL_FIRST = 4, COL_LAST = 5,
			COL_FILE = 6;
	static final String MERGED_ITEM = "All captures, merged by time";
	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.")
			.withZone(ZoneOffset.UTC);
	private static final int POLL_MS = 500;

	/** Asks the user for a colour; replaced by tests, since the native colour dialog cannot be driven. */
	@FunctionalInterface
	interface ColourChooser {
		/** @return the chosen colour, or null when the user canceled */
		RGB choose(Shell shell, RGB current);
	}

	static final ColourChooser NATIVE_DIALOG = (shell, current) -> {
		ColorDialog d = new ColorDialog(shell);
		d.setRGB(current);
		d.setText("Capture Colour");
		return d.open();
	};

	static volatile ColourChooser colourChooser = NATIVE_DIALOG;

	private TableViewer fViewer;
	/** the display the view was made on, for listeners on other threads */
	private org.eclipse.swt.widgets.Display fDisplay;
	private Combo fShow;
	private final List<Color> fColours = new ArrayList<>();
	private boolean fPolling;
	private final Consumer<CaptureSet> fListener = set -> asyncRefresh();
	private final Runnable fPresentation = this::asyncRefresh;

	@Override
	public void createPartControl(Composite parent) {
		fDisplay = parent.getDisplay();
		Composite top = new Composite(parent, SWT.NONE);
		GridLayout layout = new GridLayout(2, false);
		layout.marginWidth = 0;
		layout.marginHeight = 0;
		top.setLayout(layout);
		Label l = new Label(top, SWT.NONE);
		l.setText("Show:");
		fShow = new Combo(top, SWT.READ_ONLY | SWT.DROP_DOWN);
		fShow.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		fShow.setToolTipText("What the packet table and the sequence chart show: every capture merged by capture time, or one capture");
		fShow.addListener(SWT.Selection, e -> CaptureSet.getDefault().show(fShow.getSelectionIndex() - 1));

		fViewer = new TableViewer(top, SWT.MULTI | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
		fViewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
		fViewer.getTable().setHeaderVisible(true);
		fViewer.getTable().setLinesVisible(true);
		fViewer.setContentProvider(ArrayContentProvider.getInstance());
		TableViewerColumn name = column("Name", 170, c -> CaptureSet.getDefault().name(c));
		name.setEditingSupport(new NameEditing());
		TableViewerColumn colour = new TableViewerColumn(fViewer, SWT.LEFT);
		colour.getColumn().setText("Colour");
		colour.getColumn().setWidth(60);
		colour.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return "";
			}

			@Override
			public Color getBackground(Object element) {
				return colour(CaptureSet.getDefault().colour((CaptureFile) element));
			}
		});
		column("Format", 80, c -> c.format().id());
		column("Frames", 90, c -> c.frameCount() + (CaptureSet.getDefault().isIndexing(c) ? " (indexing)" : ""));
		column("First", 210, c -> c.frameCount() == 0 ? "" : time(c.timestampNanos(1)));
		column("Last", 210, c -> c.frameCount() == 0 ? "" : time(c.timestampNanos(c.frameCount())));
		column("File", 400, c -> c.path().toString());
		// the name is edited by a click on a selected row's name, F2, or programmatically; never by a plain click
		TableViewerEditor.create(fViewer, new ColumnViewerEditorActivationStrategy(fViewer) {
			@Override
			protected boolean isEditorActivationEvent(ColumnViewerEditorActivationEvent e) {
				return e.eventType == ColumnViewerEditorActivationEvent.TRAVERSAL
						|| e.eventType == ColumnViewerEditorActivationEvent.PROGRAMMATIC
						|| e.eventType == ColumnViewerEditorActivationEvent.KEY_PRESSED && e.keyCode == SWT.F2
						|| e.eventType == ColumnViewerEditorActivationEvent.MOUSE_CLICK_SELECTION;
			}
		}, ColumnViewerEditor.KEYBOARD_ACTIVATION | ColumnViewerEditor.TABBING_HORIZONTAL);
		// a click on the colour cell opens the colour dialog
		fViewer.getTable().addListener(SWT.MouseDown, e -> {
			TableItem item = fViewer.getTable().getItem(new Point(e.x, e.y));
			if (item != null && item.getBounds(COL_COLOUR).contains(e.x, e.y)
					&& item.getData() instanceof CaptureFile c) {
				fViewer.getTable().getDisplay().asyncExec(() -> chooseColour(c));
			}
		});
		fViewer.getTable().addListener(SWT.KeyDown, e -> {
			if (e.keyCode == SWT.DEL && !fViewer.isCellEditorActive() && !selection().isEmpty()) {
				close(selection());
				e.doit = false;
			}
		});
		createContextMenu();
		CaptureSet.getDefault().addListener(fListener);
		CaptureSet.getDefault().addPresentationListener(fPresentation);
		org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID)
				.addPreferenceChangeListener(fTimePrefs);
		PacketTableView.addFileDrop(fViewer.getTable());
		ViewHelp.install(this);
		refresh();
	}

	private TableViewerColumn column(String title, int width, Function<CaptureFile, String> text) {
		return TextColumns.add(fViewer, title, width, CaptureFile.class, text, null);
	}

	private final class NameEditing extends EditingSupport {
		private final TextCellEditor fEditor = new TextCellEditor(fViewer.getTable());

		NameEditing() {
			super(fViewer);
		}

		@Override
		protected CellEditor getCellEditor(Object element) {
			return fEditor;
		}

		@Override
		protected boolean canEdit(Object element) {
			return true;
		}

		@Override
		protected Object getValue(Object element) {
			return CaptureSet.getDefault().name((CaptureFile) element);
		}

		@Override
		protected void setValue(Object element, Object value) {
			CaptureSet.getDefault().rename((CaptureFile) element, String.valueOf(value));
		}
	}

	private void createContextMenu() {
		MenuManager menu = new MenuManager();
		menu.setRemoveAllWhenShown(true);
		menu.addMenuListener(m -> {
			List<CaptureFile> selected = selection();
			if (selected.size() == 1) {
				CaptureFile c = selected.get(0);
				m.add(action("Show Only This Capture", () -> showOnly(c)));
			}
			m.add(action("Show All Captures Merged", () -> CaptureSet.getDefault().show(CaptureSet.MERGED)));
			m.add(new Separator());
			if (selected.size() == 1) {
				CaptureFile c = selected.get(0);
				m.add(action("Rename\tF2", () -> fViewer.editElement(c, COL_NAME)));
				m.add(action("Change Colour...", () -> chooseColour(c)));
			}
			if (!selected.isEmpty()) {
				m.add(new Separator());
				m.add(action((selected.size() == 1 ? "Close Capture" : "Close Captures") + "\tDelete",
						() -> close(selected)));
			}
		});
		fViewer.getTable().setMenu(menu.createContextMenu(fViewer.getTable()));
	}

	private static Action action(String text, Runnable run) {
		return new Action(text) {
			@Override
			public void run() {
				run.run();
			}
		};
	}

	/** Shows only this capture in the table and the chart. */
	void showOnly(CaptureFile c) {
		CaptureSet.getDefault().show(CaptureSet.getDefault().indexOf(c));
	}

	/** Removes captures from the set (closing them); the other views follow the set. */
	void close(List<CaptureFile> captures) {
		for (CaptureFile c : captures) {
			CaptureSet.getDefault().remove(c);
		}
	}

	void chooseColour(CaptureFile c) {
		if (fViewer.getTable().isDisposed() || !CaptureSet.getDefault().contains(c)) {
			return;
		}
		RGB rgb = colourChooser.choose(fViewer.getTable().getShell(), CaptureSet.getDefault().colour(c));
		if (rgb != null) {
			CaptureSet.getDefault().setColour(c, rgb);
		}
	}

	private List<CaptureFile> selection() {
		List<CaptureFile> out = new ArrayList<>();
		for (Object o : fViewer.getStructuredSelection().toList()) {
			if (o instanceof CaptureFile c) {
				out.add(c);
			}
		}
		return out;
	}

	private Color colour(RGB rgb) {
		for (Color c : fColours) {
			if (c.getRGB().equals(rgb)) {
				return c;
			}
		}
		Color c = new Color(rgb);
		fColours.add(c);
		return c;
	}

	/**
	 * The preference's time format, as every view has it; time of day also gets its date here, since the
	 * capture set is where captures days apart are told apart.
	 */
	/** the time format is a preference: show the captures' times in the new one */
	private final org.eclipse.core.runtime.preferences.IEclipsePreferences.IPreferenceChangeListener fTimePrefs = e -> {
		if (FeedScopePreferences.TIME_FORMAT.equals(e.getKey())) {
			asyncRefresh();
		}
	};

	private static String time(long ns) {
		String format = TimeDisplay.format();
		if (!FeedScopePreferences.TIME_ABSOLUTE.equals(format)) {
			return TimeDisplay.time(ns, format, TimeDisplay.origin());
		}
		return TIME.format(Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L)))
				+ String.format("%09d", Math.floorMod(ns, 1_000_000_000L));
	}

	private void asyncRefresh() {
		// called on opening jobs' threads too: post to the display kept at creation, never ask the table for it
		// (disposed between a check and getDisplay(), it throws)
		if (fViewer != null) {
			UiThread.now(fDisplay, this::refresh);
		}
	}

	void refresh() {
		if (fViewer.getTable().isDisposed()) {
			return;
		}
		CaptureSet set = CaptureSet.getDefault();
		List<CaptureFile> captures = set.captures();
		// an open name editor is not interrupted (a poll, or the rename it is applying): the rows update just after
		if (fViewer.isCellEditorActive()) {
			fViewer.getTable().getDisplay().timerExec(100, this::refresh);
		} else if (captures.equals(fViewer.getInput())) {
			fViewer.refresh();
		} else {
			fViewer.setInput(captures);
		}
		String[] items = new String[captures.size() + 1];
		items[0] = MERGED_ITEM;
		for (int i = 0; i < captures.size(); i++) {
			items[i + 1] = "Only " + (i + 1) + ": " + set.name(captures.get(i));
		}
		fShow.setItems(items);
		fShow.select(set.shown() + 1);
		fShow.setEnabled(captures.size() > 1 || set.shown() >= 0);
		setContentDescription(captures.isEmpty() ? "No capture open: File > Open Capture..."
				: captures.size() + (captures.size() == 1 ? " capture" : " captures") + ", showing "
						+ (set.shown() < 0 ? "all merged" : set.name(captures.get(set.shown()))));
		if (set.isIndexing() && !fPolling) {
			fPolling = true;
			fViewer.getTable().getDisplay().timerExec(POLL_MS, () -> {
				fPolling = false;
				refresh();
			});
		}
	}

	// ---------------------------------------------------------------- for tests

	TableViewer viewer() {
		return fViewer;
	}

	Combo showCombo() {
		return fShow;
	}

	/** @return the text of a cell as shown (0-based row and column) */
	String cellText(int row, int column) {
		return fViewer.getTable().getItem(row).getText(column);
	}

	/** @return the background of a cell as shown */
	RGB cellBackground(int row, int column) {
		return fViewer.getTable().getItem(row).getBackground(column).getRGB();
	}

	@Override
	public void setFocus() {
		fViewer.getTable().setFocus();
	}

	@Override
	public void dispose() {
		CaptureSet.getDefault().removeListener(fListener);
		CaptureSet.getDefault().removePresentationListener(fPresentation);
		org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID)
				.removePreferenceChangeListener(fTimePrefs);
		for (Color c : fColours) {
			c.dispose();
		}
		super.dispose();
	}
}
