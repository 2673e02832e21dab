package io.feedscope.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.preference.ColorFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.RadioGroupFieldEditor;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.eclipse.core.runtime.preferences.InstanceScope;

/**
 * Window &gt; Preferences &gt; FeedScope: line colours, the freeze threshold, extra port/group
 * bindings for feed protocols, and how times are shown. Keys are constants here so views and jobs
 * read the same ones.
 */
public class FeedScopePreferences extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

	public static final String LINE_A_COLOR = "lineAColor";
	public static final String LINE_B_COLOR = "lineBColor";
	public static final String FREEZE_THRESHOLD_MS = "freezeThresholdMs";
	/** One binding per line, Wireshark "Decode As" style: {@code udp.port==26477 moldudp64}. */
	public static final String BINDINGS = "bindings";
	public static final String TIME_FORMAT = "timeFormat";
	/**
	 * Which process captures (Capture &gt; Start): {@code auto} (dumpcap when installed, else FeedScope's pcap4j
	 * capture process), {@code dumpcap} or {@code pcap4j}; the system property {@code feedscope.captureProcess}
	 * wins over it.
	 */
	public static final String CAPTURE_PROCESS = "captureProcess";
	public static final String TIME_ABSOLUTE = "absolute";
	public static final String TIME_RELATIVE = "relative";
	public static final String TIME_EPOCH = "epoch";

	/** Defaults: A light blue and B orange read apart on light and dark themes and for most colour vision. */
	public static class Initializer extends AbstractPreferenceInitializer {
		@Override
		public void initializeDefaultPreferences() {
			IEclipsePreferences d = DefaultScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
			d.put(LINE_A_COLOR, "70,130,220");
			d.put(LINE_B_COLOR, "240,140,30");
			d.putInt(FREEZE_THRESHOLD_MS, 50);
			d.put(BINDINGS, "");
			d.put(TIME_FORMAT, TIME_ABSOLUTE);
			d.put(CAPTURE_PROCESS, "auto");
			d.putInt(io.feedscope.ui.internal.wireshark.WiresharkFrames.CONTEXT_FRAMES,
					io.feedscope.ui.internal.wireshark.WiresharkFrames.DEFAULT_CONTEXT);
		}
	}

	public FeedScopePreferences() {
		super(GRID);
		setDescription("Colours, analysis thresholds, protocol bindings and time display.");
	}

	@Override
	public void init(IWorkbench workbench) {
		setPreferenceStore(new ScopedPreferenceStore(InstanceScope.INSTANCE, OpenCaptureHandler.PLUGIN_ID));
	}

	/**
	 * @param text bindings separated by {@code ;} or new lines
	 * @return what is wrong with the first bad binding, naming it; null if all are good
	 */
	static @Nullable String bindingsError(String text) {
		List<String> errors = new ArrayList<>();
		AnalysisJob.parseBindings(text, errors);
		return errors.isEmpty() ? null : errors.get(0);
	}

	@Override
	protected void createFieldEditors() {
		addField(new ColorFieldEditor(LINE_A_COLOR, "Line &A colour:", getFieldEditorParent()));
		addField(new ColorFieldEditor(LINE_B_COLOR, "Line &B colour:", getFieldEditorParent()));
		IntegerFieldEditor freeze = new IntegerFieldEditor(FREEZE_THRESHOLD_MS, "&Freeze threshold (ms):",
				getFieldEditorParent());
		freeze.setValidRange(1, 60_000);
		addField(freeze);
		addField(new StringFieldEditor(BINDINGS, "Extra &bindings (e.g. udp.port==26477 moldudp64; ...):",
				getFieldEditorParent()) {
			@Override
			protected boolean doCheckState() {
				// the same syntax and messages as the command line's --bind, shown while typing
				String error = bindingsError(getStringValue());
				setErrorMessage(error);
				return error == null;
			}
		});
		addField(new RadioGroupFieldEditor(TIME_FORMAT, "&Time display", 1,
				new String[][] { { "Time of day (UTC)", TIME_ABSOLUTE },
						{ "Seconds since the first frame", TIME_RELATIVE }, { "Seconds since the epoch", TIME_EPOCH } },
				getFieldEditorParent(), true));
		addField(new RadioGroupFieldEditor(CAPTURE_PROCESS, "&Capture process (holds CAP_NET_RAW, never FeedScope)", 1,
				new String[][] { { "dumpcap when installed, else FeedScope's pcap4j process", "auto" },
						{ "dumpcap (Wireshark's)", "dumpcap" }, { "FeedScope's pcap4j process (capture runtime)", "pcap4j" } },
				getFieldEditorParent(), true));
		// Open in Wireshark / Export Frames as pcapng: how many neighbours of each picked frame go along
		IntegerFieldEditor context = new IntegerFieldEditor(io.feedscope.ui.internal.wireshark.WiresharkFrames.CONTEXT_FRAMES,
				"&Wireshark context (frames before and after):", getFieldEditorParent());
		context.setValidRange(0, 100_000);
		addField(context);
	}
}
