package io.feedscope.ui.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.ui.IStartup;

import io.feedscope.capture.CaptureFile;
import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.dissect.Severity;
import io.feedscope.ui.CaptureSet;

/**
 * File &gt; Reload Protocols and the watcher of the user's protocols folder: an edited, added or removed
 * description is compiled again without a restart (through the protocol cache, so only what changed), its
 * diagnostics go to the Error Log ({@code file:line:column: error: ...}, as on the command line) and to the
 * Protocols preference page, and the open captures are analysed again with the new set (the views' dissectors
 * follow the set, see {@link AnalysisJob#protocols()}). A broken file disables only itself.
 * <p>
 * Started with the workbench ({@code org.eclipse.ui.startup}); the watcher is one daemon thread.
 */
public final class ProtocolReloader implements IStartup {

	/** Job family of the reload job, for tests. */
	public static final Object FAMILY = ProtocolReloader.class;
	/** Changes within this time are one reload: an editor's save is several events. */
	private static final long SETTLE_MS = 300;

	private static final List<Consumer<ProtocolSet>> sListeners = new CopyOnWriteArrayList<>();
	private static @Nullable Thread sWatcher;
	private static @Nullable WatchService sWatch;

	/** the folder the workbench's start began watching (tests: the start-up contribution ran) */
	private static volatile @Nullable Path sWatchedAtStart;

	@Override
	public void earlyStartup() {
		Path dir = ProtocolRegistry.userDirectory();
		watch(dir);
		sWatchedAtStart = dir;
	}

	static @Nullable Path watchedAtStart() {
		return sWatchedAtStart;
	}

	/** @param l told (on the reload job's thread) the new set after every reload */
	static void addListener(Consumer<ProtocolSet> l) {
		sListeners.add(l);
	}

	static void removeListener(Consumer<ProtocolSet> l) {
		sListeners.remove(l);
	}

	/** Reloads in a job (compiling must not hold the UI thread); @return the job, scheduled */
	static Job reload() {
		Job job = new Job("Reloading protocols") {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				ProtocolSet set = AnalysisJob.reloadProtocols();
				for (Consumer<ProtocolSet> l : sListeners) {
					l.accept(set);
				}
				List<CaptureFile> open = CaptureSet.getDefault().captures();
				if (!open.isEmpty() && !CaptureSet.getDefault().isIndexing()) {
					AnalysisJob.schedule(open);
				}
				return Status.OK_STATUS;
			}

			@Override
			public boolean belongsTo(Object family) {
				return family == FAMILY;
			}
		};
		job.setSystem(true);
		job.schedule();
		return job;
	}

	/** Every diagnostic of a freshly compiled set to the platform log (the Error Log view shows it). */
	static void log(ProtocolSet set) {
		ILog log = Platform.getLog(ProtocolReloader.class);
		for (ProtocolDiagnostic d : set.diagnostics()) {
			int sev = d.severity() == Severity.ERROR ? IStatus.ERROR : d.severity() == Severity.WARNING ? IStatus.WARNING : IStatus.INFO;
			log.log(new Status(sev, OpenCaptureHandler.PLUGIN_ID, d.toString()));
		}
	}

	/**
	 * Watches a protocols folder (created when missing, so that a file dropped there later is seen) and reloads
	 * when a {@code .fsp} in it changes. One folder at a time: a second call replaces the first.
	 */
	static synchronized void watch(Path dir) {
		stopWatching();
		WatchService ws;
		try {
			Files.createDirectories(dir);
			ws = FileSystems.getDefault().newWatchService();
			dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
					StandardWatchEventKinds.ENTRY_DELETE);
		} catch (IOException | RuntimeException e) {
			Platform.getLog(ProtocolReloader.class).log(new Status(IStatus.WARNING, OpenCaptureHandler.PLUGIN_ID,
					"cannot watch the protocols folder " + dir + " (File > Reload Protocols still works): " + e.getMessage()));
			return;
		}
		sWatch = ws;
		Thread t = new Thread(() -> loop(ws), "FeedScope protocols folder watcher");
		t.setDaemon(true);
		sWatcher = t;
		t.start();
	}

	static synchronized void stopWatching() {
		WatchService ws = sWatch;
		if (ws != null) {
			try {
				ws.close();
			} catch (IOException e) {
				// closing: nothing to keep
			}
		}
		sWatch = null;
		sWatcher = null;
	}

	private static void loop(WatchService ws) {
		try {
			while (true) {
				WatchKey key = ws.take();
				boolean relevant = relevant(key);
				key.reset();
				// let a burst of events (write, rename, touch) settle, then reload once
				while (true) {
					WatchKey more = ws.poll(SETTLE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
					if (more == null) {
						break;
					}
					relevant |= relevant(more);
					more.reset();
				}
				if (relevant) {
					reload();
				}
			}
		} catch (InterruptedException | ClosedWatchServiceException e) {
			// stopped
		}
	}

	private static boolean relevant(WatchKey key) {
		boolean any = false;
		for (WatchEvent<?> e : key.pollEvents()) {
			any |= e.kind() == StandardWatchEventKinds.OVERFLOW || (e.context() instanceof Path p && p.toString().endsWith(".fsp"));
		}
		return any;
	}
}
