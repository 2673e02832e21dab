package io.feedscope.analysis;

import java.io.Closeable;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * K-way merge of several captures (tap points) into one stream in capture-time order.
 * <p>
 * Each source's frames are assumed to be in time order already (as written by a capture tool); the
 * merger keeps one pending event per source in a binary min-heap keyed by (time, capture index), so a
 * step costs O(log k) and nothing is copied: {@link #current()} is the winning source's own event, valid
 * until the next {@link #advance()}. Equal timestamps keep capture order, which makes the merge
 * deterministic. Each event gets its capture index (position in the list) and name stamped on it.
 * <p>
 * A source whose timestamps go backwards is not re-sorted (that would need a buffer); its frames are
 * emitted when they reach the top of the heap and {@link #outOfOrderFrames()} counts them.
 */
public final class CaptureMerger implements Closeable {

	private final PacketSource[] fSources;
	/** names asked once: a source may build its name per call (a path's file name), and this runs per frame */
	private final String[] fNames;
	/** heap of source indices whose current event is pending */
	private final int[] fHeap;
	private int fHeapSize;
	private int fLastWinner = -1;
	private boolean fStarted;
	private final long[] fLastTime;
	/**
	 * per source, its current event as {@link #stamp} found it (valid until that source's next advance, as
	 * {@link PacketSource#current()} says): {@link #current()} and the heap's comparisons read it here instead of
	 * asking the source again, an interface call per frame that the client compiler cannot inline
	 */
	private final PacketEvent[] fEvents;
	private long fOutOfOrder;

	/** @param sources the captures, in the order that defines their capture index */
	public CaptureMerger(List<? extends PacketSource> sources) {
		fSources = sources.toArray(new PacketSource[0]);
		fNames = new String[fSources.length];
		for (int i = 0; i < fSources.length; i++) {
			fNames[i] = fSources[i].name();
		}
		fHeap = new int[fSources.length];
		fLastTime = new long[fSources.length];
		fEvents = new PacketEvent[fSources.length];
	}

	/** @return the sources in capture-index order */
	public List<PacketSource> sources() {
		return List.of(fSources);
	}

	/**
	 * Moves to the next event in merged time order.
	 *
	 * @return false when every source is exhausted
	 */
	public boolean advance() {
		if (!fStarted) {
			fStarted = true;
			for (int i = 0; i < fSources.length; i++) {
				pull(i);
			}
		} else if (fLastWinner >= 0) {
			// the winner's event was consumed: refill it and let it sink to its place
			int w = fLastWinner;
			if (fSources[w].advance()) {
				stamp(w);
				if (fHeapSize > 1) {
					// one capture (the usual run) or one left: nothing to sift
					siftDown(0);
				}
			} else {
				fHeap[0] = fHeap[--fHeapSize];
				if (fHeapSize > 0) {
					siftDown(0);
				}
			}
		}
		if (fHeapSize == 0) {
			fLastWinner = -1;
			return false;
		}
		fLastWinner = fHeap[0];
		return true;
	}

	/**
	 * Hands every event to the analysis when this merger has one source that can do it without a call per frame
	 * through this merger and the source's interface (the client compiler, the launcher's, inlines neither): a
	 * {@link ParallelPacketSource} (a chunk at a time, {@link ParallelPacketSource#drain}) or a
	 * {@link DissectedPacketSource} (the single reader, one core). The same events in the same order, stamped as
	 * {@link #advance()} stamps them, out-of-order frames counted; {@link #advance()} answers false afterwards.
	 *
	 * @return false, having done nothing, when this merger is not such a one or was advanced already: then
	 *         advance it
	 */
	boolean drainInto(FeedAnalyzer analyzer) {
		if (fStarted || fSources.length != 1) {
			return false;
		}
		PacketSource only = fSources[0];
		if (only instanceof ParallelPacketSource p) {
			fStarted = true; // the heap stays empty: advance() answers false from now on
			fOutOfOrder += p.drain(analyzer, 0, fNames[0]);
			return true;
		}
		if (only instanceof DissectedPacketSource d) {
			fStarted = true;
			String name = fNames[0];
			long last = Long.MIN_VALUE;
			while (d.advance()) {
				PacketEvent e = d.current();
				e.setCapture(0, name);
				long t = e.fTimeNanos;
				if (t < last) {
					fOutOfOrder++;
				}
				last = t;
				analyzer.accept(e);
			}
			return true;
		}
		return false;
	}

	/** @return the current event (of the winning source); undefined before the first successful advance */
	public PacketEvent current() {
		int w = fLastWinner;
		return w < 0 ? fSources[0].current() : fEvents[w];
	}

	/** @return frames that had an earlier timestamp than their predecessor in the same capture */
	public long outOfOrderFrames() {
		return fOutOfOrder;
	}

	private void pull(int source) {
		if (fSources[source].advance()) {
			fLastTime[source] = Long.MIN_VALUE;
			stamp(source);
			fHeap[fHeapSize] = source;
			siftUp(fHeapSize++);
		}
	}

	private void stamp(int source) {
		PacketEvent e = fSources[source].current();
		fEvents[source] = e;
		e.setCapture(source, fNames[source]);
		if (e.timeNanos() < fLastTime[source]) {
			fOutOfOrder++;
		}
		fLastTime[source] = e.timeNanos();
	}

	private boolean less(int a, int b) {
		long ta = fEvents[a].timeNanos();
		long tb = fEvents[b].timeNanos();
		return ta < tb || (ta == tb && a < b);
	}

	private void siftUp(int pos) {
		int x = fHeap[pos];
		while (pos > 0) {
			int parent = (pos - 1) >>> 1;
			if (!less(x, fHeap[parent])) {
				break;
			}
			fHeap[pos] = fHeap[parent];
			pos = parent;
		}
		fHeap[pos] = x;
	}

	private void siftDown(int pos) {
		int x = fHeap[pos];
		while (true) {
			int child = 2 * pos + 1;
			if (child >= fHeapSize) {
				break;
			}
			if (child + 1 < fHeapSize && less(fHeap[child + 1], fHeap[child])) {
				child++;
			}
			if (!less(fHeap[child], x)) {
				break;
			}
			fHeap[pos] = fHeap[child];
			pos = child;
		}
		fHeap[pos] = x;
	}

	/** Closes every source; the first failure is rethrown after all were tried. */
	@Override
	public void close() {
		@Nullable RuntimeException first = null;
		for (PacketSource s : fSources) {
			try {
				s.close();
			} catch (RuntimeException ex) {
				if (first == null) {
					first = new IllegalStateException("closing " + s.name(), ex);
				}
			}
		}
		if (first != null) {
			throw first;
		}
	}
}
