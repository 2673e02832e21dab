package io.feedscope.capture.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureClosedException;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureInterface;
import io.feedscope.capture.CaptureLease;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.CaptureSection;

/**
 * What every reader shares: the mapping, the frame index, interfaces, comments and problems. A
 * reader fills them in its constructor, on the opening thread.
 * <p>
 * Other threads may read while the constructor still indexes (see
 * {@link io.feedscope.capture.IndexMonitor#published}): they see the state of the last {@link #publish()},
 * which stores immutable copies of the lists that changed and then the frame index's publication, all
 * through volatile fields, so a reader that sees a frame also sees its interface. Comments are in a
 * concurrent map (readers only ask for published frames). After opening nothing changes any more.
 */
abstract class AbstractCapture implements CaptureFile, MappedFrames {
	protected final MappedFile fFile;
	/** the file the user opened (the .gz for a compressed capture), named in problems */
	protected final Path fPath;
	private final String fName;
	private final CaptureFormat fFormat;
	protected final FrameIndex fIndex = new FrameIndex();
	protected final List<CaptureProblem> fProblems = new ArrayList<>();
	protected final List<CaptureInterface> fInterfaces = new ArrayList<>();
	protected final List<CaptureSection> fSections = new ArrayList<>();
	/**
	 * link type per entry of fInterfaces, for a lookup without boxing; the frame index stores the
	 * position in fInterfaces, which is unique across sections
	 */
	protected int[] fLinkTypes = new int[4];
	/** comments by 1-based frame; rare, so a map */
	protected final Map<Integer, String> fComments = new ConcurrentHashMap<>();
	/** frames (0-based) without a timestamp; allocated on first use */
	protected @Nullable BitSet fNoTime;
	private final @Nullable Closeable fRelease;
	// what readers see; written by publish() only
	private volatile List<CaptureProblem> fPubProblems = List.of();
	private volatile List<CaptureInterface> fPubInterfaces = List.of();
	private volatile int[] fPubLinkTypes = new int[0];
	private volatile List<CaptureSection> fPubSections = List.of();
	private volatile @Nullable BitSet fPubNoTime;
	/** closing twice must not give a shared gzip copy back twice */
	private final AtomicBoolean fClosed = new AtomicBoolean();
	/** guards fLeases; close() waits on it */
	private final Object fLeaseLock = new Object();
	private final List<Lease> fLeases = new ArrayList<>();
	/** set by the first close(): no new leases, the held ones are canceled */
	private volatile boolean fClosing;

	/**
	 * @param opened how the file was opened: mapping, path, name, earlier problems (decompression) and
	 *        what to release on close
	 */
	AbstractCapture(Opened opened, CaptureFormat format) {
		fFile = opened.file();
		fPath = opened.path();
		fName = opened.name();
		fFormat = format;
		fProblems.addAll(opened.problems());
		fRelease = opened.release();
	}

	protected final void addInterface(CaptureInterface i) {
		if (fInterfaces.size() == fLinkTypes.length) {
			fLinkTypes = java.util.Arrays.copyOf(fLinkTypes, fLinkTypes.length * 2);
		}
		fLinkTypes[fInterfaces.size()] = i.linkType();
		fInterfaces.add(i);
	}

	/**
	 * Makes the state indexed so far visible to other threads; called by the indexer from time to time and at
	 * the end. Cheap when little changed: lists are copied only when they grew.
	 */
	final void publish() {
		if (fPubProblems.size() != fProblems.size()) {
			fPubProblems = List.copyOf(fProblems);
		}
		if (fPubInterfaces.size() != fInterfaces.size()) {
			fPubLinkTypes = java.util.Arrays.copyOf(fLinkTypes, fInterfaces.size());
			fPubInterfaces = List.copyOf(fInterfaces);
		}
		if (fPubSections.size() != fSections.size()) {
			fPubSections = List.copyOf(fSections);
		}
		BitSet noTime = fNoTime;
		if (noTime != null) {
			BitSet pub = fPubNoTime;
			// bits are only ever set at the end (frame numbers grow): a longer set is a changed one
			if (pub == null || pub.length() != noTime.length()) {
				fPubNoTime = (BitSet) noTime.clone();
			}
		}
		fIndex.publish(); // last: a reader that sees the frames sees all of the above
	}

	protected final void problem(long offset, int frame, String message) {
		fProblems.add(new CaptureProblem(fPath, offset, frame, message));
	}

	/**
	 * The indexing loop of the indexed readers ({@link ParsedCapture} once over the whole file,
	 * {@link FollowingCapture} again at each poll of a growing one): each whole frame the parser reads goes into
	 * the index, with its "no time" bit and its comment. The parser's absolute reads on the mapping, no
	 * allocation per frame.
	 */
	protected final void index(CaptureParser parser) throws IOException {
		FrameIndex index = fIndex;
		while (parser.next()) {
			int n = index.add(parser.frameOffset(), parser.frameTime(), parser.frameCapturedLength(),
					parser.frameOriginalLength(), parser.frameInterface());
			if (!parser.frameHasTime()) {
				BitSet noTime = fNoTime;
				if (noTime == null) {
					fNoTime = noTime = new BitSet();
				}
				noTime.set(n - 1);
			}
			String comment = parser.frameComment();
			if (comment != null) {
				fComments.put(n, comment);
			}
		}
	}

	/** Adds the problem for an index that cannot grow any more; the caller stops reading. */
	protected final void indexFull(long offset) {
		problem(offset, 0, "more than " + FrameIndex.MAX_FRAMES + " frames; reading stops here");
	}

	@Override
	public Path path() {
		return fPath;
	}

	@Override
	public String name() {
		return fName;
	}

	@Override
	public CaptureFormat format() {
		return fFormat;
	}

	@Override
	public int frameCount() {
		return fIndex.count();
	}

	@Override
	public long timestampNanos(int frame) {
		return fIndex.time(frame);
	}

	@Override
	public boolean hasTimestamp(int frame) {
		fIndex.time(frame); // bounds check
		BitSet noTime = fPubNoTime;
		return noTime == null || !noTime.get(frame - 1);
	}

	@Override
	public int capturedLength(int frame) {
		return fIndex.capturedLength(frame);
	}

	@Override
	public int originalLength(int frame) {
		return fIndex.originalLength(frame);
	}

	@Override
	public int linkType(int frame) {
		int iface = fIndex.interfaceId(frame); // first: the link types read next are at least as new
		return fPubLinkTypes[iface];
	}

	@Override
	public int interfaceId(int frame) {
		int iface = fIndex.interfaceId(frame);
		return fPubInterfaces.get(iface).localId();
	}

	@Override
	public CaptureInterface frameInterface(int frame) {
		int iface = fIndex.interfaceId(frame);
		return fPubInterfaces.get(iface);
	}

	@Override
	public @Nullable String comment(int frame) {
		fIndex.time(frame); // bounds check
		return fComments.get(frame);
	}

	@Override
	public MappedFile mappedFile() {
		return fFile;
	}

	@Override
	public void records(int first, int n, CaptureParser.Records r, int at) {
		if (n <= 0) {
			return;
		}
		fIndex.copy(first, n, r, at); // first: the interfaces read next are at least as new (as in linkType)
		int[] links = fPubLinkTypes;
		List<CaptureInterface> interfaces = fPubInterfaces;
		int[] local = new int[interfaces.size()];
		for (int i = 0; i < local.length; i++) {
			local[i] = interfaces.get(i).localId();
		}
		BitSet noTime = fPubNoTime;
		int[] iface = r.localInterface;
		for (int k = at; k < at + n; k++) {
			int g = iface[k];
			r.linkType[k] = links[g];
			iface[k] = local[g];
			r.hasTime[k] = noTime == null || !noTime.get(first - 1 + k - at);
		}
	}

	@Override
	public ByteBuffer frameData(int frame) {
		return fFile.slice(fIndex.offset(frame), fIndex.capturedLength(frame));
	}

	@Override
	public List<CaptureProblem> problems() {
		return fPubProblems;
	}

	@Override
	public List<CaptureInterface> interfaces() {
		return fPubInterfaces;
	}

	@Override
	public List<CaptureSection> sections() {
		return fPubSections;
	}

	@Override
	public CaptureLease lease(@Nullable Runnable onCancel) {
		synchronized (fLeaseLock) {
			if (fClosing) {
				throw new CaptureClosedException(fPath + ": capture closed");
			}
			Lease l = new Lease(onCancel);
			fLeases.add(l);
			return l;
		}
	}

	/** One lease: who took it (to refuse a close that would wait for itself) and what to run on cancel. */
	private final class Lease implements CaptureLease {
		private final @Nullable Runnable fOnCancel;
		private final Thread fHolder = Thread.currentThread();

		Lease(@Nullable Runnable onCancel) {
			fOnCancel = onCancel;
		}

		@Override
		public boolean isCanceled() {
			return fClosing;
		}

		@Override
		public void close() {
			synchronized (fLeaseLock) {
				if (fLeases.remove(this)) {
					fLeaseLock.notifyAll();
				}
			}
		}
	}

	/** Leases first (see {@link CaptureFile#close()}), then the mapping and the gzip copy, once. */
	@Override
	public void close() throws IOException {
		List<Lease> cancel = List.of();
		synchronized (fLeaseLock) {
			for (Lease l : fLeases) {
				if (l.fHolder == Thread.currentThread()) {
					throw new IllegalStateException(fName + ": closed by a thread that holds a lease of it");
				}
			}
			if (!fClosing) {
				fClosing = true;
				cancel = new ArrayList<>(fLeases);
			}
		}
		for (Lease l : cancel) {
			Runnable r = l.fOnCancel;
			if (r != null) {
				try {
					r.run();
				} catch (RuntimeException e) {
					// a reader's callback failing must not keep the capture open; it still sees isCanceled()
				}
			}
		}
		synchronized (fLeaseLock) {
			while (!fLeases.isEmpty()) {
				try {
					fLeaseLock.wait();
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new java.io.InterruptedIOException(fName + ": interrupted while waiting for "
							+ fLeases.size() + " reader(s) to stop; the capture stays closing");
				}
			}
		}
		if (!fClosed.compareAndSet(false, true)) {
			return;
		}
		try {
			fFile.close();
		} finally {
			if (fRelease != null) {
				fRelease.close();
			}
		}
	}

	@Override
	public String toString() {
		return fName + " (" + fFormat.id() + ", " + fIndex.count() + " frames)";
	}
}
