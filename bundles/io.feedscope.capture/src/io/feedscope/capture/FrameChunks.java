package io.feedscope.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.feedscope.capture.internal.CaptureParser;
import io.feedscope.capture.internal.MappedFile;

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
 * index gives the chunks).
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
	}

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
			if (fEnded) {
				return false;
			}
			CaptureParser p = fParser;
			int n = 0;
			try {
				while (n < c.capacity()) {
					if (!p.next()) {
						fEnded = true;
						break;
					}
					c.fFrame[n] = p.frames();
					c.fTime[n] = p.frameTime();
					c.fHasTime[n] = p.frameHasTime();
					c.fInterfaceId[n] = p.frameLocalInterface();
					c.fLinkType[n] = p.frameLinkType();
					c.fCapturedLength[n] = p.frameCapturedLength();
					c.fOriginalLength[n] = p.frameOriginalLength();
					c.fOffset[n] = p.frameOffset();
					n++;
				}
			} catch (IOException | UncheckedIOException e) {
				// as the streamed reader says it: what was read stands
				fProblems.add(new CaptureProblem(fPath, p.position(), p.frames() + 1,
						"read error (" + e.getMessage() + "); reading stops here"));
				fEnded = true;
			}
			c.fSize = n;
			return n > 0;
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
			return (c, i) -> fFile.slice(c.fOffset[i], c.fCapturedLength[i]);
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

	/** An indexed capture: the index gives the records. */
	private static final class Indexed extends FrameChunks {
		private final CaptureFile fCapture;
		private int fNext = 1;

		Indexed(CaptureFile capture) {
			fCapture = capture;
		}

		@Override
		public boolean next(FrameChunk c) {
			CaptureFile f = fCapture;
			int count = f.frameCount();
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
			return (c, i) -> fCapture.frameData(c.fFrame[i]);
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
