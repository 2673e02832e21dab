package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.DropTargetListener;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.TransferData;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.ui.CaptureSet;

/**
 * Capture files can be dropped on every FeedScope view, not just the table; a real file dropped through the
 * drop target's own listeners, with FileTransfer data converted to the platform's form and back, opens;
 * dropped while captures are open it asks Open (replace) or Add (another tap point).
 */
class FileDropTest {

	@TempDir
	static Path dir;

	/** The tests start from an empty workbench: an earlier test class may have left captures open. */
	@BeforeEach
	void emptyWorkbench() {
		IncidentWorkbench.closeAll();
	}

	@AfterEach
	void tearDown() {
		OpenCaptureHandler.dropQuestion = OpenCaptureHandler.DROP_DIALOG;
		OpenCaptureHandler.otherFeedQuestion = OpenCaptureHandler.OTHER_FEED_DIALOG;
		IncidentWorkbench.closeAll();
	}

	@Test
	void everyViewAcceptsDroppedFiles() throws Exception {
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		Control[] controls = { ((PacketTableView) page.showView(PacketTableView.ID)).natTable(),
				((PacketDetailsView) page.showView(PacketDetailsView.ID)).tree().getControl(),
				((PacketDetailsView) page.showView(PacketDetailsView.ID)).hex().control(),
				((SequenceChartView) page.showView(SequenceChartView.ID)).chart(),
				((FindingsView) page.showView(FindingsView.ID)).viewer().getControl() };
		for (Control c : controls) {
			assertNotNull(c);
			assertEquals(1, countFileDrops(c), "file drop target on " + c);
		}
	}

	@Test
	void droppedFileOpensThenOpenOrAddAsChosen() throws Exception {
		Path a = dir.resolve("tap-a.pcap");
		Path b = dir.resolve("tap-b.pcap");
		new Generator(Scenario.preset("clean").seed(3).duration(20_000_000).build()).write(a);
		new Generator(Scenario.preset("clean").seed(4).duration(20_000_000).build()).write(b);
		PacketTableView table = (PacketTableView) IncidentWorkbench.page().showView(PacketTableView.ID);
		SequenceChartView chart = (SequenceChartView) IncidentWorkbench.page().showView(SequenceChartView.ID);
		List<List<Path>> asked = new ArrayList<>();
		OpenCaptureHandler.dropQuestion = (shell, files) -> {
			asked.add(files);
			return asked.size() == 1 ? OpenCaptureHandler.DropChoice.ADD : OpenCaptureHandler.DropChoice.OPEN;
		};
		OpenCaptureHandler.otherFeedQuestion = (shell, f, its, open) -> {
			throw new AssertionError("two taps of one feed (same session) were taken for two feeds: " + its + open);
		};

		// nothing open: dropped on the table, the file opens without a question
		drop(table.natTable(), a);
		IncidentWorkbench.waitForAnalysis(60_000);
		assertEquals(List.of(a), paths(), "opened");
		assertEquals(List.of(), asked);

		// dropped on the chart with a capture open: asked; "Add" makes it a second tap point
		drop(chart.chart(), b);
		IncidentWorkbench.waitForAnalysis(60_000);
		assertEquals(List.of(List.of(b)), asked);
		assertEquals(List.of(a, b), paths(), "added");

		// dropped again: asked; "Open" replaces the capture set
		drop(table.natTable(), b);
		IncidentWorkbench.waitForAnalysis(60_000);
		assertEquals(2, asked.size());
		assertEquals(List.of(b), paths(), "replaced");
	}

	private static List<Path> paths() {
		return CaptureSet.getDefault().captures().stream().map(CaptureFile::path).toList();
	}

	/**
	 * Drops a file on a control as the platform would: the drop target's listeners get dragEnter, dragOver,
	 * dropAccept and drop, the data being the FileTransfer's conversion of the path to native and back.
	 */
	static void drop(Control control, Path file) throws Exception {
		DropTarget target = (DropTarget) control.getData(DND.DROP_TARGET_KEY);
		assertNotNull(target, "a drop target on " + control);
		FileTransfer transfer = FileTransfer.getInstance();
		TransferData type = transfer.getSupportedTypes()[0];
		transfer.javaToNative(new String[] { file.toAbsolutePath().toString() }, type);
		Object data = transfer.nativeToJava(type);
		assertTrue(data instanceof String[] s && s.length == 1 && s[0].equals(file.toAbsolutePath().toString()),
				"FileTransfer round trip: " + Arrays.deepToString(new Object[] { data }));
		for (DropTargetListener l : target.getDropListeners()) {
			l.dragEnter(event(target, type, null));
			l.dragOver(event(target, type, null));
			l.dropAccept(event(target, type, null));
			l.drop(event(target, type, data));
		}
	}

	/** DropTargetEvent wraps SWT's package-private DNDEvent, as the drop target builds it. */
	private static DropTargetEvent event(DropTarget target, TransferData type, Object data) throws Exception {
		Class<?> dnd = Class.forName("org.eclipse.swt.dnd.DNDEvent", true, DropTarget.class.getClassLoader());
		var ctor = dnd.getDeclaredConstructor();
		ctor.setAccessible(true);
		org.eclipse.swt.widgets.Event e = (org.eclipse.swt.widgets.Event) ctor.newInstance();
		e.widget = target;
		e.display = target.getDisplay();
		e.time = (int) System.currentTimeMillis();
		set(dnd, e, "dataType", type);
		set(dnd, e, "dataTypes", new TransferData[] { type });
		set(dnd, e, "operations", DND.DROP_COPY | DND.DROP_LINK);
		e.detail = DND.DROP_COPY;
		e.data = data;
		var ctorEvent = DropTargetEvent.class.getDeclaredConstructor(dnd);
		ctorEvent.setAccessible(true);
		return ctorEvent.newInstance(e);
	}

	private static void set(Class<?> c, Object o, String field, Object value) throws Exception {
		var f = c.getDeclaredField(field);
		f.setAccessible(true);
		f.set(o, value);
	}

	private static int countFileDrops(Control c) {
		int n = 0;
		if (c.getData(DND.DROP_TARGET_KEY) instanceof DropTarget t) {
			assertEquals(true, Arrays.stream(t.getTransfer()).anyMatch(x -> x == FileTransfer.getInstance()),
					"drop target without FileTransfer on " + c);
			n++;
		}
		return n;
	}
}
