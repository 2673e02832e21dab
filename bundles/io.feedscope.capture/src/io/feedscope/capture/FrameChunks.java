package io.feedscope.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.internal.CaptureParser;
import io.feedscope.capture.internal.MappedFile;
import io.feedscope.capture.internal.MappedFrames;

/**
 * One capture read front to back by several threads: one thread walks the records and hands out runs of
 * consecutive frames ({@link #next(FrameChunk)}, serial, cheap: a record header per frame), any number of
 * threads fetch those frames' bytes ({@link #reader()}, one reader per thread) and do the expensive part
 * with them. Whoever consumes the results keeps them in chunk order, so the frames come out as a single
 * reader gives them.
 * <p>
 * Where chunks split: at record boundaries found by the same parser the indexed and the streamed readers
 * use, record after record, not by searching for a plausible record from an arbitrary offset (as
 * Wireshark's file recovery does). The walk touches one header per frame and costs a few ns per frame, so
 * it does not limit the threads, and it makes the frames, numbers, times and problems those of
 * {@link Captures#stream(Path)} and {@link Captures#open(Path)} by construction, damage included: a
 * damaged record stops or is skipped at the same place whatever the number of threads, and no guessed
 * boundary can ever start a chunk in the middle of a frame's bytes.
 * <p>
 * Two sources: a pcap or pcapng file, mapped ({@link #open(Path)}; flat heap, the page cache holds the
 * bytes, and frames are viewed in the mapping, not copied), and an indexed capture of any format ({@link #of(CaptureFile)}: gzip, BinaryFILE; its frame
 * index gives the chunks, a chunk's frames copied from the mapped, decompressed file into its array as a mapped pcap's are).
 */
public abstract class FrameChunks implements Closeable {

	/** Fetches the bytes of chunked frames; one per thread (it reuses its buffer). */
	public interface Reader {
		/**
		 * @return the i-th frame's bytes, position 0, limit its captured length, big-endian; read-only, and
		 *         valid at least until the next call on this reader (a mapped file's frames are views of the
		 *         mapping and stay valid as long as they are referenced)
		 */
		ByteBuffer data(FrameChunk chunk, int i);

		/**
		 * Copies the bytes of all the chunk's frames into the chunk's array ({@link FrameChunk#bytes()}, frame i at
		 * {@link FrameChunk#byteOffset(int)}) at once, for a thread that then reads them with array loads: one
		 * bulk copy per chunk instead of a buffer per frame. A reader that cannot (an indexed capture whose frames
		 * are not in one mapped file) or a chunk too large to copy says false: read {@link #data} then.
		 *
		 * @return true if the chunk's frames are in its array
		 */
		default boolean load(FrameChunk chunk) {
			return false;
		}
	}

	/**
	 * Most bytes {@link Reader#load} copies for one chunk (its frames and what lies between them): a chunk of
	 * jumbo frames or of frames far apart is read a buffer per frame instead, so that the arrays of the chunks
	 * in circulation stay small.
	 */
	static final int MAX_LOAD = 8 << 20;

	/**
	 * Whether a mapped pcap's or pcapng's chunks are walked by {@link CaptureParser#nextPlain} from a copy of their bytes (not
	 * when {@code -Dfeedscope.plainWalk=false} was set as the class loaded: then every record is read by the
	 * parser's {@code next()}, for tests and benchmarks of the two)
	 */
	static boolean PLAIN = !"false".equals(System.getProperty("feedscope.plainWalk"));

	/**
	 * Whether an indexed capture's chunks are loaded into their arrays ({@link Reader#load}; not when
	 * {@code -Dfeedscope.indexedLoad=false} was set as the class loaded: then a buffer per frame, for tests and
	 * benchmarks of the two)
	 */
	static boolean LOAD_INDEXED = !"false".equals(System.getProperty("feedscope.indexedLoad"));

	/**
	 * Whether a mapped pcap's or pcapng's chunk walk copies the file's bytes into the chunk's array by positional reads
	 * ({@link MappedFile#read}), not through the mapping (not when {@code -Dfeedscope.chunkRead=mapped} was set as the
	 * class loaded, for tests and benchmarks of the two): the walk copies nearly the whole file once, and a mapping's
	 * pages cost most of that copy on some machines
	 */
	static boolean READ = !"mapped".equals(System.getProperty("feedscope.chunkRead"));

	/**
	 * Whether a mapped file's walk counts the CPU of its copies of the file's bytes ({@link #copyCpuNanos()}): with
	 * {@code -Dfeedscope.timing=true}, as the readers' other timing; two reads of the thread's CPU clock per copy
	 */
	private static final boolean TIME_COPIES = Boolean.getBoolean("feedscope.timing");

	private FrameChunks() {
	}

	/**
	 * @param file a pcap or pcapng file ({@link Captures#canStream(Path)})
	 * @return the file's frames, before the first
	 * @throws IOException if it cannot be read or is not pcap/pcapng (the message names the file)
	 */
	public static FrameChunks open(Path file) throws IOException {
		return new Mapped(file);
	}

	/**
	 * @param capture an indexed capture (fully indexed: {@link CaptureFile#frameCount()} is final), read and
	 *        not closed by the chunks; it must stay open until they are closed
	 * @return its frames, before the first
	 */
	public static FrameChunks of(CaptureFile capture) {
		return new Indexed(capture);
	}

	/**
	 * Fills the chunk with the next frames' records (not their bytes). Called by one thread at a time.
	 *
	 * @return false, the chunk empty, at the end (or at damage that ends reading, then in
	 *         {@link #problems()})
	 */
	public abstract boolean next(FrameChunk chunk);

	/** @return a new reader of frame bytes, for one thread; safe to use while {@link #next} runs */
	public abstract Reader reader();

	/**
	 * @return what could not be read (message, offset, frame), complete once {@link #next} returned false:
	 *         the list {@link StreamedCapture#problems()} gives for the same file; empty for an indexed
	 *         capture (its problems are its own)
	 */
	public abstract List<CaptureProblem> problems();

	/**
	 * @return the CPU the walk spent copying the file's bytes into the chunks (the kernel's copy from the page cache and
	 *         the JDK's from its buffer), part of the walk's CPU, so that a measurement tells the copy from the records'
	 *         parsing; 0 without {@code -Dfeedscope.timing=true} or for an indexed capture (its walk copies nothing).
	 *         Read it once {@link #next} returned false.
	 */
	public long copyCpuNanos() {
		return 0;
	}

	/** @return the bytes the walk copied from the file (records' headers and what it read past a chunk's end included) */
	public long copiedBytes() {
		return 0;
	}

	/** @return frames a mapped file's chunks had walked from their copy by {@link CaptureParser#nextPlain}, for tests */
	static long plainFrames(FrameChunks chunks) {
		return chunks instanceof Mapped m ? m.fPlainFrames : 0;
	}

	/** A mapped pcap/pcapng file walked by the records parser. */
	private static final class Mapped extends FrameChunks {
		private final Path fPath;
		private final MappedFile fFile;
		private final CaptureParser fParser;
		private final List<CaptureProblem> fProblems = new ArrayList<>();
		private boolean fEnded;

		Mapped(Path path) throws IOException {
			fPath = path;
			fFile = new MappedFile(path);
			try {
				if (fFile.size() < 4) {
					throw new IOException(path + ": too short to be a capture (" + fFile.size() + " bytes)");
				}
				CaptureParser parser = CaptureParser.create(fFile, new CaptureParser.Sink() {
					@Override
					public void problem(long offset, int frame, String message) {
						fProblems.add(new CaptureProblem(fPath, offset, frame, message));
					}

					@Override
					public void addInterface(CaptureInterface i) {
						// frames carry their interface id; the list is the streamed reader's business
					}

					@Override
					public void addSection(CaptureSection s) {
						// as above
					}
				}, CaptureParser.RecordHook.NONE);
				if (parser == null) {
					throw new IOException(path + ": not a pcap or pcapng file (first bytes "
							+ String.format("%08x", CaptureParser.magic(fFile)) + ")");
				}
				fParser = parser;
			} catch (IOException | RuntimeException e) {
				fFile.close();
				throw e;
			}
		}

		@Override
		public boolean next(FrameChunk c) {
			c.fSize = 0;
			c.fLoaded = false;
			if (fEnded) {
				return false;
			}
			CaptureParser p = fParser;
			int n = 0;
			try {
				n = PLAIN ? walk(c) : walkRecords(c);
			} catch (IOException | UncheckedIOException e) {
				// as the streamed reader says it: what was read stands
				fProblems.add(new CaptureProblem(fPath, p.position(), p.frames() + 1,
						"read error (" + e.getMessage() + "); reading stops here"));
				fEnded = true;
				n = c.fSize;
				c.fLoaded = false;
			}
			c.fSize = n;
			return n > 0;
		}

		/** Every record read by the parser's {@code next()}, no bytes copied (-Dfeedscope.plainWalk=false). */
		private int walkRecords(FrameChunk c) throws IOException {
			int n = 0;
			while (n < c.capacity()) {
				if (!fParser.next()) {
					fEnded = true;
					break;
				}
				record(c, n);
				n++;
				c.fSize = n;
			}
			return n;
		}

		/** The parser's current frame (after its {@code next()}) as the chunk's i-th. */
		private void record(FrameChunk c, int n) {
			CaptureParser p = fParser;
			c.fFrame[n] = p.frames();
			c.fTime[n] = p.frameTime();
			c.fHasTime[n] = p.frameHasTime();
			c.fInterfaceId[n] = p.frameLocalInterface();
			c.fLinkType[n] = p.frameLinkType();
			c.fCapturedLength[n] = p.frameCapturedLength();
			c.fOriginalLength[n] = p.frameOriginalLength();
			c.fOffset[n] = p.frameOffset();
		}

		/** average bytes per record (header included) of the chunks walked, for the size of the next one's copy */
		private long fRecordBytes;
		private long fRecords;
		/** frames walked by {@link CaptureParser#nextPlain} (the rest by the parser's {@code next()}), for tests */
		long fPlainFrames;

		/**
		 * The chunk's records and their bytes in one: the file's bytes from the parser's position on are copied into
		 * the chunk's array (about what the chunk needs, from the records before: a few per cent more), the plain
		 * records' headers read from there ({@link CaptureParser#nextPlain}), the copy extended while a record reaches
		 * past it; a record the run stops at (damage, a pcapng section or interface block, a comment) is read by the
		 * parser's {@code next()}, which reports what it has to, and the run goes on after it. So each record header is
		 * read once, mostly from an array, and each frame's bytes are in the chunk's array for the thread that
		 * dissects it ({@link Reader#load}: nothing left to do). The array stays a copy of the file from the chunk's
		 * first record on (frame i at its file offset minus the copy's), as long as it fits {@link #MAX_LOAD}; frames
		 * beyond that go after it, packed, while they fit, else the chunk is left unloaded. Under C1, the launcher's
		 * only compiler, a header read from the mapping through a buffer's absolute gets cost ~150 ns per frame; the
		 * copy costs what moving ~140 bytes costs.
		 *
		 * @return the frames walked
		 */
		private int walk(FrameChunk c) throws IOException {
			CaptureParser p = fParser;
			CaptureParser.Records records = c.records();
			long base = p.position();
			int cap = c.capacity();
			int limit = (int) Math.min(MAX_LOAD, Math.max(0, fFile.size() - base));
			long guess = fRecords == 0 ? 1 << 18 : fRecordBytes / fRecords * cap + (cap << 3) + 4096;
			int want = (int) Math.min(limit, guess);
			int avail = 0; // the array holds the file's [base, base + avail)
			boolean copy = true; // it still does (and plain runs read from it)
			int packed = -1; // past the copy: where the next frame's bytes go, -1 before any
			boolean loaded = true;
			long lastEnd = base;
			int n = 0;
			while (n < cap) {
				if (copy) {
					avail = extend(c, base, avail, want);
					int k = p.nextPlain(c.fBytes, base, avail, cap - n, records, n);
					for (int i = n; i < n + k; i++) {
						c.fByteOffset[i] = (int) (c.fOffset[i] - base);
					}
					n += k;
					c.fSize = n;
					fPlainFrames += k;
					if (k > 0) {
						lastEnd = c.fOffset[n - 1] + c.fCapturedLength[n - 1];
					}
					if (n == cap) {
						break;
					}
					long need = p.plainNeed();
					if (need > 0 && need - base <= limit && need - base > avail) {
						// the next record reaches past the copy: copy on, at least 64 KB more
						want = (int) Math.min(limit, Math.max(need - base, avail + 65536L));
						continue;
					}
				}
				// a record the parser reads itself: damage it reports, a block that changes its state, the end
				if (!p.next()) {
					fEnded = true;
					break;
				}
				record(c, n);
				long off = c.fOffset[n];
				int len = c.fCapturedLength[n];
				if (loaded) {
					long end = off + len - base;
					if (copy && end <= limit) {
						avail = extend(c, base, avail, (int) Math.max(end, Math.min(limit, avail + 65536L)));
						c.fByteOffset[n] = (int) (off - base);
						lastEnd = off + len;
					} else {
						copy = false; // beyond what one copy holds: the rest of the chunk frame by frame, packed
						if (packed < 0) {
							packed = avail;
						}
						if (packed + (long) len > MAX_LOAD) {
							loaded = false;
						} else {
							grow(c, packed + len);
							copy(off, c.fBytes, packed, len);
							c.fByteOffset[n] = packed;
							packed += len;
						}
					}
				}
				n++;
				c.fSize = n;
			}
			if (n > 0) {
				c.fLoaded = loaded;
				fRecordBytes += lastEnd - base;
				fRecords += n;
			}
			return n;
		}

		/** @return bytes of the copy after it was extended to {@code want} (the array grown if need be) */
		private int extend(FrameChunk c, long base, int avail, int want) throws IOException {
			if (want <= avail) {
				return avail;
			}
			grow(c, want);
			copy(base + avail, c.fBytes, avail, want - avail);
			return want;
		}

		private void copy(long offset, byte[] dst, int dstOffset, int length) throws IOException {
			long c0 = TIME_COPIES ? cpuNanos() : 0;
			if (READ) {
				fFile.read(offset, dst, dstOffset, length);
			} else {
				fFile.copy(offset, dst, dstOffset, length);
			}
			fCopiedBytes += length;
			if (TIME_COPIES) {
				fCopyCpu += cpuNanos() - c0;
			}
		}

		/** written by the walking thread of the moment: the walk is serial, its callers hand it on under a lock */
		private long fCopyCpu;
		private long fCopiedBytes;

		@Override
		public long copyCpuNanos() {
			return fCopyCpu;
		}

		@Override
		public long copiedBytes() {
			return fCopiedBytes;
		}

		private static long cpuNanos() {
			java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
			return b.isCurrentThreadCpuTimeSupported() ? b.getCurrentThreadCpuTime() : 0;
		}

		private static void grow(FrameChunk c, int size) {
			byte[] a = c.fBytes;
			if (a.length < size) {
				c.fBytes = Arrays.copyOf(a, Math.min(MAX_LOAD, Math.max(size, a.length + (a.length >> 1))));
			}
		}

		/**
		 * The frame's bytes where they are, in the mapping: a view, not a copy (copying each frame out of the
		 * mapping was a fifth of an analysis's time). The view is a small object per frame; the bytes are
		 * read once, by the dissector, from the page cache. A view stays valid after {@link #close()}: the
		 * JDK unmaps a mapping only once no buffer refers to it, so a frame kept past the chunks (by a view
		 * that shows it) still reads the file's bytes, never freed memory.
		 */
		@Override
		public Reader reader() {
			// absolute reads of a read-only mapping: safe from any number of threads
			return new Reader() {
				@Override
				public ByteBuffer data(FrameChunk c, int i) {
					return fFile.slice(c.fOffset[i], c.fCapturedLength[i]);
				}

				@Override
				public boolean load(FrameChunk c) {
					return c.fLoaded || loadMapped(fFile, c);
				}
			};
		}

		/**
		 * The chunk's frames into its array: the file's range from the first frame to the end of the last in one
		 * copy (the record headers between them come along, a few bytes per frame), or, when frames lie far apart
		 * (a damaged stretch skipped, large other blocks of a pcapng), frame after frame, packed.
		 */
		static boolean loadMapped(MappedFile file, FrameChunk c) {
			int n = c.fSize;
			if (n == 0) {
				return true;
			}
			long[] offsets = c.fOffset;
			int[] lengths = c.fCapturedLength;
			long first = offsets[0];
			long span = offsets[n - 1] + lengths[n - 1] - first;
			long sum = 0;
			for (int i = 0; i < n; i++) {
				sum += lengths[i];
			}
			boolean whole = span >= 0 && span <= MAX_LOAD && span <= 2 * sum + 65536;
			long need = whole ? span : sum;
			if (need > MAX_LOAD) {
				return false;
			}
			byte[] bytes = c.fBytes;
			if (bytes.length < need) {
				c.fBytes = bytes = new byte[(int) Math.min(MAX_LOAD, Math.max(need, bytes.length + (bytes.length >> 1)))];
			}
			int[] at = c.fByteOffset;
			if (whole) {
				file.copy(first, bytes, 0, (int) span);
				for (int i = 0; i < n; i++) {
					at[i] = (int) (offsets[i] - first);
				}
			} else {
				int pos = 0;
				for (int i = 0; i < n; i++) {
					file.copy(offsets[i], bytes, pos, lengths[i]);
					at[i] = pos;
					pos += lengths[i];
				}
			}
			return true;
		}

		@Override
		public List<CaptureProblem> problems() {
			return fProblems;
		}

		@Override
		public void close() throws IOException {
			fFile.close();
		}
	}

	/**
	 * An indexed capture: the index gives the records. When its frames lie in one mapped file (every capture
	 * {@link Captures#open} gives: gzip input as its decompressed copy), the chunk's frames are copied into its array
	 * at once ({@link Reader#load}), as a mapped pcap's are: a buffer per frame costs the dissecting thread as much as
	 * it does there.
	 */
	private static final class Indexed extends FrameChunks {
		private final CaptureFile fCapture;
		private final @Nullable MappedFrames fMapped;
		private int fNext = 1;

		Indexed(CaptureFile capture) {
			fCapture = capture;
			fMapped = LOAD_INDEXED && capture instanceof MappedFrames m ? m : null;
		}

		@Override
		public boolean next(FrameChunk c) {
			c.fLoaded = false;
			CaptureFile f = fCapture;
			MappedFrames m = fMapped;
			int count = f.frameCount();
			if (m != null) {
				// the index's columns copied a chunk at a time: the accessors' calls per frame and field cost ~100 ns per
				// frame under C1
				int n = (int) Math.min(c.capacity(), count - (long) fNext + 1);
				if (n <= 0) {
					c.fSize = 0;
					return false;
				}
				m.records(fNext, n, c.records(), 0);
				for (int i = 0; i < n; i++) {
					c.fFrame[i] = fNext + i;
				}
				fNext += n;
				c.fSize = n;
				return true;
			}
			int n = 0;
			while (n < c.capacity() && fNext <= count) {
				int frame = fNext++;
				c.fFrame[n] = frame;
				c.fTime[n] = f.timestampNanos(frame);
				c.fHasTime[n] = f.hasTimestamp(frame);
				c.fInterfaceId[n] = f.interfaceId(frame);
				c.fLinkType[n] = f.linkType(frame);
				c.fCapturedLength[n] = f.capturedLength(frame);
				c.fOriginalLength[n] = f.originalLength(frame);
				n++;
			}
			c.fSize = n;
			return n > 0;
		}

		@Override
		public Reader reader() {
			MappedFrames m = fMapped;
			if (m == null) {
				return (c, i) -> fCapture.frameData(c.fFrame[i]);
			}
			MappedFile file = m.mappedFile();
			return new Reader() {
				@Override
				public ByteBuffer data(FrameChunk c, int i) {
					return fCapture.frameData(c.fFrame[i]);
				}

				@Override
				public boolean load(FrameChunk c) {
					return Mapped.loadMapped(file, c);
				}
			};
		}

		@Override
		public List<CaptureProblem> problems() {
			return List.of();
		}

		@Override
		public void close() {
			// the capture is its owner's
		}
	}
}
