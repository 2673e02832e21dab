package io.feedscope.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.widgets.Display;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.dissect.Binding;
import io.feedscope.capture.CaptureFile;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.model.FeedModelBuilder;
import io.feedscope.ui.model.PacketColumns;

/**
 * Runs the dissector and the analysis over the open captures whenever the capture set changes, and fills
 * the per-frame {@link FeedModel} in the same pass, so every frame is dissected once. Cancellable; a new
 * change cancels the running job. The model is published on the UI thread.
 */
public final class AnalysisJob extends Job {

	/** Job family, for {@code Job.getJobManager().join(FAMILY, null)} in tests. */
	public static final Object FAMILY = AnalysisJob.class;

	private static AnalysisJob sRunning;
	private static boolean sInstalled;
	private static ProtocolSet sProtocols;
	/** the compiled descriptions without the preferences' bindings: compiled once, and again on reload */
	private static ProtocolSet sBase;
	private static String sProtocolsFor;
	/**
	 * Bumped whenever the compiled set may have changed: a new set compiled (reload, the folder's watcher), the
	 * set forgotten, or the bindings preference changed (the next {@link #protocolsIfReady} compiles anew).
	 * Views compare it per row instead of asking for the set, which reads the preference service each time.
	 */
	private static final java.util.concurrent.atomic.AtomicInteger sGeneration = new java.util.concurrent.atomic.AtomicInteger();
	private static boolean sBindingsWatched;
	/** Reads of the bindings preference, for tests: painting rows must not read it per row. */
	static final java.util.concurrent.atomic.AtomicLong BINDINGS_READS = new java.util.concurrent.atomic.AtomicLong();

	private final List<CaptureFile> fCaptures;

	private AnalysisJob(List<CaptureFile> captures) {
		super("Analysing " + captures.size() + (captures.size() == 1 ? " capture" : " captures"));
		fCaptures = captures;
		setUser(false);
		setPriority(LONG);
	}

	/** Cancels a running analysis and starts one over the current capture set. */
	public static synchronized Job schedule(List<CaptureFile> captures) {
		if (sRunning != null) {
			sRunning.cancel();
		}
		AnalysisJob job = new AnalysisJob(captures);
		sRunning = job;
		job.schedule();
		return job;
	}

	private static synchronized void cancelRunning() {
		if (sRunning != null) {
			sRunning.cancel();
		}
	}

	/** Listens to the capture set; installed once by the workbench advisor. */
	public static synchronized void install() {
		if (sInstalled) {
			return;
		}
		sInstalled = true;
		// a capture still being indexed grows: analyse once every capture is complete (its end fires again)
		CaptureSet.getDefault().addListener(set -> {
			if (!set.isIndexing()) {
				schedule(set.captures());
			} else {
				cancelRunning(); // its model would cover a set that no longer exists
			}
		});
		// the freeze threshold, the bindings and the checks chosen change what the analysis finds: run it again
		org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID)
				.addPreferenceChangeListener(e -> {
					if (FeedScopePreferences.FREEZE_THRESHOLD_MS.equals(e.getKey())
							|| FeedScopePreferences.BINDINGS.equals(e.getKey())
							|| e.getKey().startsWith(CheckPreferences.PREFIX)) {
						List<CaptureFile> open = CaptureSet.getDefault().captures();
						if (!open.isEmpty() && !CaptureSet.getDefault().isIndexing()) {
							schedule(open);
						}
					}
				});
	}

	@Override
	public boolean belongsTo(Object family) {
		return family == FAMILY;
	}

	/**
	 * @return the compiled protocols with the user's extra bindings (preferences), cached per bindings text.
	 *         Compiles (or waits for a compilation) when they are not ready: call it from jobs; the UI thread
	 *         asks {@link #protocolsIfReady} instead.
	 */
	static ProtocolSet protocols() {
		String bindings = bindingsPreference();
		synchronized (AnalysisJob.class) {
			if (sProtocols != null && bindings.equals(sProtocolsFor)) {
				return sProtocols;
			}
		}
		if (Display.getCurrent() != null) {
			// the UI waits for descriptions being parsed: what protocolsIfReady exists to avoid (tests read this)
			UI_THREAD_COMPILES.add(new Throwable("protocols compiled on the UI thread").getStackTrace());
		}
		synchronized (AnalysisJob.class) {
			if (sProtocols == null || !bindings.equals(sProtocolsFor)) {
				if (sBase == null) {
					sBase = ProtocolRegistry.getDefault().compile();
					ProtocolReloader.log(sBase); // broken descriptions in the Error Log, file:line:column
					// the feed columns protocols declare, checked against what compiled (bad ones in the Error Log too)
					PacketColumns.install(sBase);
				}
				sProtocols = applyBindings(sBase, bindings);
				sProtocolsFor = bindings;
				sGeneration.incrementAndGet();
			}
			return sProtocols;
		}
	}

	/** Stacks of the calls that compiled protocols on (or waited for them from) the UI thread; for tests. */
	static final List<StackTraceElement[]> UI_THREAD_COMPILES = new java.util.concurrent.CopyOnWriteArrayList<>();
	/** callers of {@link #protocolsIfReady} waiting for the compilation under way */
	private static final List<Runnable> sWhenCompiled = new ArrayList<>();
	private static boolean sCompiling;

	private static String bindingsPreference() {
		BINDINGS_READS.incrementAndGet();
		return Platform.getPreferencesService().getString(OpenCaptureHandler.PLUGIN_ID, FeedScopePreferences.BINDINGS,
				"", null);
	}

	/**
	 * The protocols for the UI thread, which must never parse descriptions (the first paint of the table would
	 * wait for it): the compiled set when it is ready, else null at once, and a background job compiles it and
	 * then runs {@code whenReady} (on the job's thread: post to the UI from it).
	 *
	 * @param whenReady run once the protocols are compiled, if they were not; null for none
	 * @return the protocols, or null while they are being compiled
	 */
	static @Nullable ProtocolSet protocolsIfReady(@Nullable Runnable whenReady) {
		String bindings = bindingsPreference();
		synchronized (AnalysisJob.class) {
			if (sProtocols != null && bindings.equals(sProtocolsFor)) {
				return sProtocols;
			}
			if (whenReady != null) {
				sWhenCompiled.add(whenReady);
			}
			if (sCompiling) {
				return null;
			}
			sCompiling = true;
		}
		Job compile = Job.create("Compiling protocol descriptions", monitor -> {
			List<Runnable> waiting;
			try {
				protocols();
			} finally {
				synchronized (AnalysisJob.class) {
					sCompiling = false;
					waiting = new ArrayList<>(sWhenCompiled);
					sWhenCompiled.clear();
				}
			}
			for (Runnable r : waiting) {
				r.run();
			}
		});
		compile.setSystem(true);
		compile.schedule();
		return null;
	}

	/** Forgets the compiled protocols, as at start; for tests of what the UI does before they are ready. */
	static synchronized void forgetProtocols() {
		sBase = null;
		sProtocols = null;
		sProtocolsFor = null;
		sGeneration.incrementAndGet();
	}

	/**
	 * The generation of the compiled protocols: it changes when a view holding a dissector must ask
	 * {@link #protocolsIfReady} again (protocols reloaded or forgotten, bindings changed). Reads no
	 * preference: a view may call it for every row it paints.
	 *
	 * @return a number that differs from the last one seen when the protocols may have changed
	 */
	static int protocolsGeneration() {
		watchBindings();
		return sGeneration.get();
	}

	/** Listens once to the bindings preference, so that a change of it bumps the generation. */
	private static synchronized void watchBindings() {
		if (sBindingsWatched) {
			return;
		}
		sBindingsWatched = true;
		org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID)
				.addPreferenceChangeListener(e -> {
					if (FeedScopePreferences.BINDINGS.equals(e.getKey())) {
						sGeneration.incrementAndGet();
					}
				});
	}

	/**
	 * Compiles the installed descriptions again (File &gt; Reload Protocols, the protocols folder's watcher): an
	 * edited file is picked up without a restart. Views holding a dissector of the old set make a new one when
	 * they see {@link #protocols()} is another set.
	 *
	 * @return the new set, with the preferences' bindings
	 */
	static ProtocolSet reloadProtocols() {
		synchronized (AnalysisJob.class) {
			sBase = null;
			sProtocols = null;
		}
		return protocols();
	}

	/**
	 * Applies Wireshark "Decode As"-like bindings ({@link Binding}: {@code udp.port==26477 moldudp64},
	 * {@code udp.port==26400-26410,moldudp64}, {@code ip.dst==233.54.12.0/24 moldudp64}; the installed
	 * descriptions' default framing ({@link ProtocolSet#defaultFraming()}) when no protocol is named),
	 * separated by {@code ;} or new lines, the same syntax as the command line's
	 * {@code --bind}. Bad entries are skipped here; the preference page rejects them as they are typed.
	 */
	static ProtocolSet applyBindings(ProtocolSet base, String bindings) {
		if (bindings.isBlank()) {
			return base;
		}
		ProtocolSet.Builder b = base.toBuilder();
		// a typo in one binding must not stop the analysis; the rest still apply
		for (Binding binding : parseBindings(bindings, new ArrayList<>(), base)) {
			binding.applyTo(b);
		}
		return b.build();
	}

	/**
	 * Reads the preference's bindings text.
	 *
	 * @param text bindings separated by {@code ;} or new lines
	 * @param errors gets one message per bad binding, naming it
	 * @return the good bindings, in order
	 */
	static List<Binding> parseBindings(String text, List<String> errors) {
		return parseBindings(text, errors, ProtocolRegistry.getDefault().compile());
	}

	private static List<Binding> parseBindings(String text, List<String> errors, ProtocolSet installed) {
		String framing = installed.defaultFraming();
		List<Binding> out = new ArrayList<>();
		for (String entry : text.split("[;\n]")) {
			if (entry.isBlank()) {
				continue;
			}
			try {
				Binding binding = Binding.parse(entry, framing == null ? "" : framing);
				if (installed.protocol(binding.protocol()) == null || !installed.protocol(binding.protocol()).isFraming()) {
					throw new IllegalArgumentException(binding.protocol().isEmpty() ? "no framing protocol is installed"
							: "no framing protocol '" + binding.protocol() + "'");
				}
				out.add(binding);
			} catch (IllegalArgumentException e) {
				errors.add("Binding '" + entry.strip() + "': " + e.getMessage());
			}
		}
		return out;
	}

	static AnalysisOptions options() {
		int ms = Platform.getPreferencesService().getInt(OpenCaptureHandler.PLUGIN_ID,
				FeedScopePreferences.FREEZE_THRESHOLD_MS, 50, null);
		return AnalysisOptions.DEFAULTS.withFreezeNanos(Math.max(1, ms) * 1_000_000L);
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		try {
			FeedModel model = build(fCaptures, protocols(), options(), monitor);
			if (model == null) {
				return Status.CANCEL_STATUS;
			}
			// the workbench's display, never Display.getDefault(): on a job's thread that would make a display
			UiThread.async(UiThread.workbenchDisplay(), () -> {
				// a later capture set may already be analysed or cleared: publish only the current one
				if (model.covers(CaptureSet.getDefault().captures())) {
					FeedModel.publish(model);
				}
			});
			return Status.OK_STATUS;
		} finally {
			synchronized (AnalysisJob.class) {
				if (sRunning == this) {
					sRunning = null;
				}
			}
			monitor.done();
		}
	}

	/**
	 * Dissects and analyses the captures and fills the model's columns in the same pass, with the checks the user
	 * chose on the Checks preference page (each contribution's default until they chose) and their option values.
	 *
	 * @return the model, or null when canceled
	 * @see FeedModelBuilder#build
	 */
	public static @Nullable FeedModel build(List<CaptureFile> captures, ProtocolSet protocols, AnalysisOptions options,
			IProgressMonitor monitor) {
		CheckRegistry registry = CheckRegistry.load();
		LeftOutChecks.log(registry);
		List<CheckDescriptor> checks = CheckPreferences.enabledChecks(registry);
		return FeedModelBuilder.build(captures, protocols, options, checks, CheckPreferences.optionValues(checks), monitor);
	}
}
